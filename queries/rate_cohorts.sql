-- rate_cohorts: for each signing quarter, the share of its projects started and the share of its
-- contract amount arrived after k = 1, 2, 4, 8 quarters: exactly contract_to_start_rate and
-- fund_arrival_rate of that quarter's cohort, measured at the end of the k-th quarter after it.
-- Signing quarters: those of the period's year and the two years before, up to the period's end
-- (and the as-of date). A cell whose horizon ends after the as-of date cannot be observed yet: its
-- values are null, not 0.
-- Returns: year, quarter, label ('2023Q1'), cohort, contract_wan, k, horizon_end, observable,
--   started, start_share, arrived_wan, arrived_share (the last four null when not observable).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

cohort as (
    select
        pr.project_id, pr.contract_amount_wan, pr.actual_start_date,
        year(pr.signed_date) as year, quarter(pr.signed_date) as quarter
    from projects as pr, period
    where pr.signed_date between period_start($year - 2, null) and period.end_date
),

horizons as (
    select unnest([1, 2, 4, 8]) as k
),

cells as (
    select
        c.*, h.k,
        period_end((c.year * 4 + c.quarter - 1 + h.k) // 4, (c.year * 4 + c.quarter - 1 + h.k) % 4 + 1)
            as horizon_end
    from cohort as c, horizons as h
),

-- each project's arrivals by the end of each horizon (the quarters up to quarter_index signed + k:
-- those ended by horizon_end), in one pass over its quarters
arrived as (
    select
        c.project_id,
        sum(q.wan) filter (q.qi <= c.qi + 1) as k1,
        sum(q.wan) filter (q.qi <= c.qi + 2) as k2,
        sum(q.wan) filter (q.qi <= c.qi + 4) as k4,
        sum(q.wan) filter (q.qi <= c.qi + 8) as k8
    from (select project_id, quarter_index(year, quarter) as qi from cohort) as c
    join (select project_id, quarter_index(year, quarter) as qi, funds_arrived_wan as wan from project_quarters) as q
        on q.project_id = c.project_id
    group by c.project_id
),

per_cell as (
    select
        cl.year, cl.quarter, cl.k, any_value(cl.horizon_end) as horizon_end,
        count(*) as cohort,
        count(*) filter (cl.actual_start_date <= cl.horizon_end) as started,
        sum(cl.contract_amount_wan) as contract_wan,
        coalesce(sum(case cl.k when 1 then a.k1 when 2 then a.k2 when 4 then a.k4 when 8 then a.k8 end), 0)
            as arrived_wan
    from cells as cl
    left join arrived as a on a.project_id = cl.project_id
    group by cl.year, cl.quarter, cl.k
),

final as (
    select
        c.year, c.quarter, c.year || 'Q' || c.quarter as label, c.cohort, c.contract_wan, c.k,
        c.horizon_end, c.horizon_end <= period.as_of as observable,
        case when c.horizon_end <= period.as_of then c.started end as started,
        case when c.horizon_end <= period.as_of then c.started / c.cohort end as start_share,
        case when c.horizon_end <= period.as_of then c.arrived_wan end as arrived_wan,
        case when c.horizon_end <= period.as_of then c.arrived_wan / nullif(c.contract_wan, 0) end
            as arrived_share
    from per_cell as c, period
    order by c.year, c.quarter, c.k
)

select * from final
