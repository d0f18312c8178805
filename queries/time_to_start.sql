-- time_to_start: the share of signed projects started against days since signing, per chain, as a
-- Kaplan–Meier curve: a project not started by the as-of date is still running (censored at its
-- days from signing to the as-of date), so young projects are not counted as failures. Projects:
-- those signed in the period's year and the two years before, up to the period's end (the same
-- cohorts as rate_cohorts). At each distinct time t of a chain: at_risk = projects with time >= t,
-- started = starts at t; share_started = 1 − Π (1 − started / at_risk) over times <= t.
-- Returns: chain_id, name_zh, name_en, color, sort_order, cohort (the chain's projects), days,
--   months (days / 30.4375), at_risk, started, censored, share_started.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

observed as (
    select
        pr.chain_id,
        coalesce(pr.actual_start_date <= period.as_of, false) as is_started,
        greatest(0, date_diff('day', pr.signed_date,
            case when pr.actual_start_date <= period.as_of then pr.actual_start_date else period.as_of end))
            as days
    from projects as pr, period
    where pr.signed_date between period_start($year - 2, null) and period.end_date
),

at_time as (
    select
        chain_id, days,
        count(*) filter (is_started) as started,
        count(*) filter (not is_started) as censored,
        count(*) as n
    from observed
    group by chain_id, days
),

risk as (
    select
        *,
        (sum(n) over (partition by chain_id order by days desc))::integer as at_risk,
        (sum(n) over (partition by chain_id))::integer as cohort
    from at_time
),

curve as (
    select
        *,
        -- the product of (1 − d/n) as a sum of logs; a factor of 0 (all at risk start) ends it at 0
        bool_or(started = at_risk) over (partition by chain_id order by days) as all_started,
        sum(case when started < at_risk then ln(1 - started / at_risk) else 0 end)
            over (partition by chain_id order by days) as log_survival
    from risk
),

final as (
    select
        c.chain_id, ch.name_zh, ch.name_en, chain_color(ch.chain_id) as color, ch.sort_order, c.cohort,
        c.days, c.days / 30.4375 as months, c.at_risk, c.started, c.censored,
        case when c.all_started then 1.0 else 1 - exp(c.log_survival) end as share_started
    from curve as c
    join chains as ch on ch.chain_id = c.chain_id
    order by ch.sort_order, c.days
)

select * from final
