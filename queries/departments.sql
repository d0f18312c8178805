-- departments: the city's departments. A department scope sees its own department only.
-- Returns: department_id, name_zh, name_en.
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with final as (
    select department_id, name_zh, name_en
    from departments
    where in_department_scope($scope, $scope_id, department_id)
    order by department_id
)

select * from final
