-- chain_node_targets: the open target companies (目标企业, status at the as-of date not 'signed' or
-- 'dropped') on one chain node — the companies to approach to fill it. Status and last contact are
-- those at the as-of date (targets_at). Priority A first, then the furthest along. Paged (total_rows
-- counts every row, $limit null = all).
-- Returns: company_id, name_zh, province, city, ownership, size, priority, status,
--   owner_department_zh, last_contact_date, total_rows.
-- Params: $node_id, $as_of, $scope, $scope_id, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with final as (
    select
        tc.company_id, tc.name_zh, tc.province, tc.city, tc.ownership, tc.size, tc.priority, tc.status,
        d.name_zh as owner_department_zh, tc.last_contact_date, count(*) over () as total_rows
    from targets_at($as_of::date) as tc
    join departments as d on d.department_id = tc.owner_department_id
    where tc.node_id = $node_id and tc.status not in ('signed', 'dropped')
      and in_scope($scope, $scope_id, tc.chain_id, tc.owner_department_id)
    order by tc.priority,
        case tc.status when 'negotiating' then 0 when 'visited' then 1 when 'contacted' then 2 else 3 end,
        tc.last_contact_date desc nulls last, tc.company_id
    limit $limit offset $offset
)

select * from final
