-- fund_arrival_rate: 资金到位率 = for the projects signed in the period, the sum of their
-- funds_arrived_wan in the quarters that ended on or before the as-of date ÷ the sum of their
-- contract_amount_wan. The year-earlier cohort is measured at the as-of date a year earlier.
-- Returns one row: value, arrived_wan, contract_wan, value_prev, change_pp (value − value_prev).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
with projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

cohort as (
    select p.which, p.as_of, pr.project_id, pr.contract_amount_wan
    from periods($year, $quarter, $as_of) as p
    join projects as pr on pr.signed_date between p.start_date and p.end_date
),

arrived as (
    select c.which, sum(q.funds_arrived_wan) as arrived_wan
    from cohort as c
    join project_quarters as q
        on q.project_id = c.project_id and period_end(q.year, q.quarter) <= c.as_of
    group by c.which
),

per_period as (
    select
        p.which,
        coalesce(a.arrived_wan, 0) as arrived_wan,
        (select sum(contract_amount_wan) from cohort as c where c.which = p.which) as contract_wan
    from periods($year, $quarter, $as_of) as p
    left join arrived as a on a.which = p.which
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
