-- fund_arrival_rate: 资金到位率 = for the rate cohort's projects, the sum of their
-- funds_arrived_wan in the quarters that ended on or before the as-of date ÷ the sum of their
-- contract_amount_wan. The year-earlier cohort (the same definition a year earlier) is measured at the
-- as-of date a year earlier.
-- The cohort is the one chosen (data/rates.toml, ?cohort=; the rate_cohort macro): $cohort = 'period'
-- (signed in the period), 'due' (planned start in the period), 'cumulative' (signed since
-- $cohort_base_year), 'rolling' (signed in the $cohort_quarters quarters ending at the period's end).
-- Returns one row: value, arrived_wan, contract_wan, value_prev, change_pp (value − value_prev).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $cohort, $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with per_period as (
    select
        p.which,
        coalesce(sum(c.arrived_wan), 0) as arrived_wan,
        sum(c.contract_amount_wan) as contract_wan
    from periods($year, $quarter, $as_of) as p
    left join rate_cohort($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year, $cohort_quarters) as c on c.which = p.which
    group by p.which
),

pivoted as (
    select
        max(arrived_wan / nullif(contract_wan, 0)) filter (which = 'cur') as value,
        max(arrived_wan) filter (which = 'cur') as arrived_wan,
        max(contract_wan) filter (which = 'cur') as contract_wan,
        max(arrived_wan / nullif(contract_wan, 0)) filter (which = 'prev') as value_prev
    from per_period
),

final as (
    select *, value - value_prev as change_pp
    from pivoted
)

select * from final
