-- opportunity_options: the choices of the opportunity list's filters — only values some opportunity
-- has: chains, nodes (of $chain_id when given), parks and resources — plus the investment range.
-- Returns: facet ('chain', 'node', 'park', 'resource', 'range'), option_id, label_zh, label_en,
--   sort_key, min_wan, max_wan (the last two only on the 'range' row).
-- Params: $scope, $scope_id, $chain_id (null = nodes of every chain).
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with opportunities as (
    select * from opportunities where in_chain_scope($scope, $scope_id, chain_id)
),

options as (
    select distinct 'chain' as facet, c.chain_id as option_id, c.name_zh as label_zh, c.name_en as label_en,
           lpad(c.sort_order::varchar, 4, '0') as sort_key
    from opportunities as o join chains as c on c.chain_id = o.chain_id
    union all
    select distinct 'node', n.node_id, n.name_zh, n.name_en,
           lpad(c.sort_order::varchar, 4, '0') || case n.segment when 'upstream' then '0' when 'midstream' then '1' else '2' end
           || n.node_id
    from opportunities as o
    join chain_nodes as n on n.node_id = o.node_id
    join chains as c on c.chain_id = n.chain_id
    where $chain_id is null or o.chain_id = $chain_id
    union all
    select distinct 'park', pk.park_id, pk.name_zh, pk.name_en, pk.park_id
    from opportunities as o join parks as pk on pk.park_id = o.park_id
    union all
    select distinct 'resource', r.resource_id, r.name_zh, r.name_zh, r.resource_id
    from opportunities as o join resources as r on r.resource_id = o.resource_id
),

final as (
    select facet, option_id, label_zh, label_en, sort_key, null::decimal(18, 2) as min_wan,
           null::decimal(18, 2) as max_wan
    from options
    union all
    select 'range', null, null, null, null, min(investment_wan), max(investment_wan)
    from opportunities
    order by facet, sort_key
)

select * from final
