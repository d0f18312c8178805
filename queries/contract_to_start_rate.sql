-- contract_to_start_rate: 签约项目开工率 = share of the projects signed in the period (the cohort)
-- with actual_start_date on or before the as-of date. Also the amount-weighted variant (weights:
-- contract_amount_wan). The year-earlier cohort is measured at the as-of date a year earlier.
-- Returns one row: value, started, cohort, value_weighted, value_prev, value_weighted_prev,
--   change_pp (value − value_prev, in percentage points ÷ 100).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
with projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

cohorts as (
    select
        p.which,
        count(pr.project_id) as cohort,
        count(pr.project_id) filter (pr.actual_start_date <= p.as_of) as started,
        sum(pr.contract_amount_wan) as cohort_amount,
        sum(pr.contract_amount_wan) filter (pr.actual_start_date <= p.as_of) as started_amount
    from periods($year, $quarter, $as_of) as p
    left join projects as pr on pr.signed_date between p.start_date and p.end_date
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
