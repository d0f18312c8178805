-- opportunity_list: the investment-opportunity list (投资机会清单): the projects the city offers, with
-- their chain, node, park and the resource they use, filtered here in SQL. Every filter is optional
-- (null = any): chain, node, park, resource, investment range in 万元 (inclusive), and a search text
-- found anywhere in the name (contains()). A chain scope sees its own chain's opportunities.
-- Returns: opportunity_id, name_zh, chain_id, chain_zh, color, node_zh, segment, park_zh,
--   resource_zh, resource_kind, resource_quantity, resource_unit, investment_wan.
-- Params: $scope, $scope_id, $chain_id, $node_id, $park_id, $resource_id, $min_wan, $max_wan, $search.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with final as (
    select
        o.opportunity_id, o.name_zh, o.chain_id, c.name_zh as chain_zh, chain_color(c.chain_id) as color,
        n.name_zh as node_zh, n.segment, pk.name_zh as park_zh,
        r.name_zh as resource_zh, r.kind as resource_kind, r.quantity as resource_quantity,
        r.unit as resource_unit, o.investment_wan
    from opportunities as o
    join chains as c on c.chain_id = o.chain_id
    left join chain_nodes as n on n.node_id = o.node_id
    left join parks as pk on pk.park_id = o.park_id
    left join resources as r on r.resource_id = o.resource_id
    where in_chain_scope($scope, $scope_id, o.chain_id)
      and ($chain_id is null or o.chain_id = $chain_id)
      and ($node_id is null or o.node_id = $node_id)
      and ($park_id is null or o.park_id = $park_id)
      and ($resource_id is null or o.resource_id = $resource_id)
      and ($min_wan is null or o.investment_wan >= $min_wan)
      and ($max_wan is null or o.investment_wan <= $max_wan)
      and ($search is null or contains(o.name_zh, $search))
    order by c.sort_order,
        case n.segment when 'upstream' then 0 when 'midstream' then 1 when 'downstream' then 2 else 3 end,
        o.investment_wan desc, o.opportunity_id
)

select * from final
