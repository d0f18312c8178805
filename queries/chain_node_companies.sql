-- chain_node_companies: the local companies (companies.is_local) on one chain node — the local base
-- that makes a node weak or strong in chain_node_status. Biggest first; paged (total_rows counts
-- every row, $limit null = all).
-- Returns: company_id, name_zh, ownership, size, province, city, total_rows.
-- Params: $node_id, $scope, $scope_id (companies are chain-level rows: a chain scope sees its chain),
--   $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with final as (
    select company_id, name_zh, ownership, size, province, city, count(*) over () as total_rows
    from companies
    where node_id = $node_id and is_local
      and in_chain_scope($scope, $scope_id, chain_id)
    order by case size when 'large' then 0 when 'medium' then 1 when 'small' then 2 else 3 end, company_id
    limit $limit offset $offset
)

select * from final
