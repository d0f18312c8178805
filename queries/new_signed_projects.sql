-- new_signed_projects: 新签约项目数 = count of projects with signed_date in the period.
-- Returns one row: value, value_prev (same period a year earlier), yoy.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period; the period is read up
--   to it), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

per_period as (
    select p.which, count(pr.project_id) as value
    from periods($year, $quarter, $as_of) as p
    left join projects as pr on pr.signed_date between p.start_date and p.end_date
    group by p.which
),

pivoted as (
    select
        max(value) filter (which = 'cur') as value,
        max(value) filter (which = 'prev') as value_prev
    from per_period
),

final as (
    select *, yoy(value, value_prev) as yoy
    from pivoted
)

select * from final
