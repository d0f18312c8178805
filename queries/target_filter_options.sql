-- target_filter_options: the choices of the target-company explorer's filters that come from the
-- data: the provinces companies are in (most companies first) and the chain nodes (in chain order).
-- Returns: kind ('province', 'node'), code, name_zh, name_en, chain_id (nodes), companies (provinces).
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with provinces as (
    select 'province' as kind, c.province as code, c.province as name_zh, c.province as name_en,
           null as chain_id, count(*) as companies, 0 as chain_order, null as segment_order
    from companies as c
    -- the owning department is read in a department scope only: elsewhere the join folds away
    left join target_companies as t on $scope = 'department' and t.company_id = c.company_id
    where in_scope($scope, $scope_id, c.chain_id, t.owner_department_id)
    group by c.province
),

nodes as (
    select 'node', n.node_id, n.name_zh, n.name_en, n.chain_id, null, ch.sort_order,
           case n.segment when 'upstream' then 0 when 'midstream' then 1 else 2 end
    from chain_nodes as n
    join chains as ch on ch.chain_id = n.chain_id
    where in_chain_scope($scope, $scope_id, n.chain_id)
),

final as (
    select kind, code, name_zh, name_en, chain_id, companies
    from (select * from provinces union all select * from nodes)
    order by kind desc, companies desc, chain_order, segment_order, code
)

select * from final
