-- funds_arrived: 到位资金 (万元) = sum of project_quarters.funds_arrived_wan for the quarters in the
-- period (reported by its as-of date), over all projects, also those signed in earlier years.
-- Returns one row: value, value_prev (same period a year earlier), yoy.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period; the period is read up
--   to it), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with projects as (
    select project_id from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

arrivals as (
    select q.funds_arrived_wan, period_start(q.year, q.quarter) as quarter_start,
        period_end(q.year, q.quarter) as quarter_end
    from project_quarters as q
    semi join projects as pr on pr.project_id = q.project_id
),

per_period as (
    select p.which, coalesce(sum(a.funds_arrived_wan), 0) as value
    from periods($year, $quarter, $as_of) as p
    left join arrivals as a on a.quarter_start >= p.start_date and a.quarter_end <= p.end_date
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
