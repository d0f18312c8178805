-- contract_to_start_rate: 签约项目开工率 = share of the rate cohort's projects with actual_start_date on
-- or before the as-of date. Also the amount-weighted variant (weights:
-- contract_amount_wan). The year-earlier cohort (the same definition a year earlier) is measured at
-- the as-of date a year earlier.
-- The cohort is the one chosen (data/rates.toml, ?cohort=; the rate_cohort macro's projects,
-- rate_members, as no arrivals are needed): $cohort = 'period' (signed in the period), 'due'
-- (planned start in the period), 'cumulative' (signed since $cohort_base_year), 'rolling' (signed in
-- the $cohort_quarters quarters ending at the period's end).
-- Returns one row: value, started, cohort, value_weighted, value_prev, value_weighted_prev,
--   change_pp (value − value_prev, in percentage points ÷ 100).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $cohort, $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with cohorts as (
    select
        p.which,
        count(c.project_id) as cohort,
        count(c.project_id) filter (c.is_started) as started,
        sum(c.contract_amount_wan) as cohort_amount,
        sum(c.contract_amount_wan) filter (c.is_started) as started_amount
    from periods($year, $quarter, $as_of) as p
    left join rate_members($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year, $cohort_quarters) as c on c.which = p.which
    group by p.which
),

rates as (
    select
        which, cohort, started,
        started / nullif(cohort, 0) as value,
        coalesce(started_amount, 0) / nullif(cohort_amount, 0) as value_weighted
    from cohorts
),

pivoted as (
    select
        max(value) filter (which = 'cur') as value,
        max(started) filter (which = 'cur') as started,
        max(cohort) filter (which = 'cur') as cohort,
        max(value_weighted) filter (which = 'cur') as value_weighted,
        max(value) filter (which = 'prev') as value_prev,
        max(value_weighted) filter (which = 'prev') as value_weighted_prev
    from rates
),

final as (
    select *, value - value_prev as change_pp
    from pivoted
)

select * from final
