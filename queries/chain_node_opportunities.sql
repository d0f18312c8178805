-- chain_node_opportunities: the investment opportunities (投资机会) the city offers on one chain node,
-- with their park and the resource they use. Largest first; paged (total_rows counts every row,
-- $limit null = all).
-- Returns: opportunity_id, name_zh, park_zh, resource_zh, investment_wan, total_rows.
-- Params: $node_id, $scope, $scope_id (opportunities are chain-level rows), $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with final as (
    select o.opportunity_id, o.name_zh, pk.name_zh as park_zh, r.name_zh as resource_zh, o.investment_wan,
        count(*) over () as total_rows
    from opportunities as o
    left join parks as pk on pk.park_id = o.park_id
    left join resources as r on r.resource_id = o.resource_id
    where o.node_id = $node_id and in_chain_scope($scope, $scope_id, o.chain_id)
    order by o.investment_wan desc, o.opportunity_id
    limit $limit offset $offset
)

select * from final
