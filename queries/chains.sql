-- chains: the industry chains in display order, with colour, responsible city leader and lead
-- department. A chain scope sees its own chain only.
-- Returns: chain_id, name_zh, name_en, color, sort_order, leader_zh, lead_department_id,
--   lead_department_zh, lead_department_en.
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with final as (
    select
        c.chain_id, c.name_zh, c.name_en, chain_color(c.chain_id) as color, c.sort_order, c.leader_zh,
        c.lead_department_id, d.name_zh as lead_department_zh, d.name_en as lead_department_en
    from chains as c
    join departments as d on d.department_id = c.lead_department_id
    where in_chain_scope($scope, $scope_id, c.chain_id)
    order by c.sort_order
)

select * from final
