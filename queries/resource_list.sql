-- resource_list: what the city has (资源): minerals, energy, land, industrial by-products, water,
-- logistics and tourism assets, with quantity and unit, the park it lies in and the chains it feeds
-- (resource_uses). A chain scope sees the resources its chains use (scope_has:
-- a chain owner of two chains, scope_id 'aluminium,steel', sees both chains' resources).
-- Returns: resource_id, name_zh, kind, quantity, unit, park_zh, chains_zh (chain names joined by
--   '、' in chain order), nodes (how many chain nodes it feeds).
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with uses as (
    select u.resource_id, c.chain_id, c.name_zh as chain_zh, c.sort_order, u.node_id
    from resource_uses as u
    join chains as c on c.chain_id = u.chain_id
),

per_resource as (
    select resource_id, count(distinct node_id) as nodes
    from uses
    group by resource_id
),

chain_names as (
    select resource_id, string_agg(chain_zh, '、' order by sort_order) as chains_zh
    from (select distinct resource_id, chain_zh, sort_order from uses)
    group by resource_id
),

final as (
    select
        r.resource_id, r.name_zh, r.kind, r.quantity, r.unit, pk.name_zh as park_zh,
        cn.chains_zh, coalesce(pr.nodes, 0) as nodes
    from resources as r
    left join parks as pk on pk.park_id = r.park_id
    left join per_resource as pr on pr.resource_id = r.resource_id
    left join chain_names as cn on cn.resource_id = r.resource_id
    where $scope != 'chain'
       or exists (select 1 from uses where uses.resource_id = r.resource_id and scope_has($scope_id, uses.chain_id))
    order by
        case r.kind when 'mineral' then 0 when 'energy' then 1 when 'land' then 2 when 'byproduct' then 3
                    when 'water' then 4 when 'logistics' then 5 else 6 end,
        r.resource_id
)

select * from final
