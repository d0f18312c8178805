-- funds_arrived: 到位资金 (万元) = sum of project_quarters.funds_arrived_wan for the quarters in the
-- period (reported by its as-of date), over all projects, also those signed in earlier years.
-- Returns one row: value, value_prev (same period a year earlier), yoy.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period; the period is read up
--   to it), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with bounds as (
    select which, quarter_index(year(start_date), quarter(start_date)) as first_quarter,
        last_quarter_by(end_date) as last_quarter
    from periods($year, $quarter, $as_of)
),

-- each quarter's arrivals in the scope, on the stored year and quarter (no date built per row); the
-- project's chain and department are read outside the city scope only: there the join folds away
by_quarter as (
    select quarter_index(q.year, q.quarter) as quarter_index, sum(q.funds_arrived_wan) as funds_arrived_wan
    from project_quarters as q
    left join projects as pr on $scope != 'city' and pr.project_id = q.project_id
    where in_scope($scope, $scope_id, pr.chain_id, pr.department_id)
    group by all
),

per_period as (
    select b.which, coalesce(sum(a.funds_arrived_wan), 0) as value
    from bounds as b
    left join by_quarter as a on a.quarter_index between b.first_quarter and b.last_quarter
    group by b.which
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
