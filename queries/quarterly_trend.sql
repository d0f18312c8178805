-- quarterly_trend: signed amount (签约额) and funds arrived (到位资金) per quarter, by the same
-- definitions as signed_amount and funds_arrived, for the quarters with results or signings from two
-- years before the period up to the period's end, read up to the as-of date like the metric queries
-- (signings on or before it, arrivals of quarters reported by it): the period's rows add up to them.
-- Returns: year, quarter, label ('2023Q1'), new_signed, signed_amount_wan, funds_arrived_wan.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

quarters as (
    select year, quarter from project_quarters
    union
    select year(signed_date), quarter(signed_date) from projects where signed_date is not null
),

shown as (
    select q.year, q.quarter
    from quarters as q, period
    where q.year >= $year - 2 and period_start(q.year, q.quarter) <= period.end_date
),

signed as (
    select
        year(p.signed_date) as year, quarter(p.signed_date) as quarter,
        count(*) as new_signed, sum(p.contract_amount_wan) as signed_amount_wan
    from projects as p, period
    where p.signed_date <= period.end_date
    group by all
),

-- on the stored year and quarter (no date built per row); the project's chain and department are read
-- outside the city scope only: there the join folds away
arrived as (
    select q.year, q.quarter, sum(q.funds_arrived_wan) as funds_arrived_wan
    from project_quarters as q
    left join projects as p on $scope != 'city' and p.project_id = q.project_id, period
    where in_scope($scope, $scope_id, p.chain_id, p.department_id)
      and quarter_index(q.year, q.quarter) <= last_quarter_by(period.end_date)
    group by all
),

final as (
    select
        s.year, s.quarter, s.year || 'Q' || s.quarter as label,
        coalesce(sg.new_signed, 0) as new_signed,
        coalesce(sg.signed_amount_wan, 0) as signed_amount_wan,
        coalesce(a.funds_arrived_wan, 0) as funds_arrived_wan
    from shown as s
    left join signed as sg using (year, quarter)
    left join arrived as a using (year, quarter)
    order by s.year, s.quarter
)

select * from final
