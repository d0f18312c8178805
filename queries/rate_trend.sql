-- rate_trend: each chain's 签约项目开工率 and 资金到位率 quarter by quarter, under the chosen rate cohort
-- ($cohort, the rate_cohort macro), for the 8 quarters ending with the period's last quarter (up to
-- the as-of date's quarter). Each point is the quarter's own rate: exactly contract_to_start_rate and
-- fund_arrival_rate of that quarter, for that chain, measured at the quarter's end (or at the as-of
-- date, when that comes first). Every chain in scope × every quarter is listed; a point whose cohort
-- is empty has cohort 0 and null rates. The cohort is rate_members' (rate_cohort without arrivals); each
-- project's arrivals at all 8 points are summed in one pass over project_quarters, by the rule of
-- rate_cohort (the quarters up to last_quarter_by the point's as-of date), and added up per chain over
-- the projects in the cohort's window at each point (in_rate_window and in_scope, as rate_members):
-- one row per project, not one per project and point (at national 1 M projects, 5 M rows).
-- Returns: chain_id, name_zh, name_en, color, sort_order, year, quarter, label ('2026Q3'), as_of,
--   cohort, started, contract_to_start_rate, arrived_wan, contract_wan, fund_arrival_rate.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $cohort, $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

last_quarter as (
    select least(period_end($year, $quarter), as_of) as d, as_of
    from period
),

quarters as (
    select
        k,
        (year(l.d) * 4 + quarter(l.d) - 1 - k) // 4 as year,
        (year(l.d) * 4 + quarter(l.d) - 1 - k) % 4 + 1 as quarter,
        l.as_of as limit_date
    from last_quarter as l, range(8) as r(k)
),

points as (
    select k, year, quarter, least(period_end(year, quarter), limit_date) as as_of
    from quarters
),

-- each point's rate window (w1 .. w8, rate_windows as rate_members reads it) and the last quarter whose
-- arrivals count at it (q1 .. q8, last_quarter_by its as-of date), newest first (k = 0 .. 7); in columns
-- of one row, not lists: a list element read per project row cost more than the sums
through as (
    select
        any_value(w.w) filter (pt.k = 0) as w1, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 0) as q1,
        any_value(w.w) filter (pt.k = 1) as w2, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 1) as q2,
        any_value(w.w) filter (pt.k = 2) as w3, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 2) as q3,
        any_value(w.w) filter (pt.k = 3) as w4, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 3) as q4,
        any_value(w.w) filter (pt.k = 4) as w5, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 4) as q5,
        any_value(w.w) filter (pt.k = 5) as w6, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 5) as q6,
        any_value(w.w) filter (pt.k = 6) as w7, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 6) as q7,
        any_value(w.w) filter (pt.k = 7) as w8, any_value(last_quarter_by(pt.as_of)) filter (pt.k = 7) as q8
    from points as pt,
        lateral rate_windows(pt.year, pt.quarter, pt.as_of, $cohort, $cohort_base_year, $cohort_quarters) as w
    where w.which = 'cur'
),

chains as (
    select chain_id, name_zh, name_en, chain_color(chain_id) as color, sort_order
    from chains
    where in_chain_scope($scope, $scope_id, chain_id)
),

cohort as (
    select pt.k, pt.year, pt.quarter, c.*
    from points as pt,
        lateral rate_members(pt.year, pt.quarter, pt.as_of, $scope, $scope_id, $cohort, $cohort_base_year,
                             $cohort_quarters) as c
    where c.which = 'cur'
),

-- each project's arrivals at the 8 points (p1 .. p8), one pass over project_quarters
arrived as (
    select
        pq.project_id,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q1) as p1,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q2) as p2,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q3) as p3,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q4) as p4,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q5) as p5,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q6) as p6,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q7) as p7,
        sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.q8) as p8
    from project_quarters as pq, through as t
    group by pq.project_id
),

-- summed per chain over the projects in the cohort's window at each point (in_rate_window and in_scope,
-- the rule of rate_members)
arrived_by_chain as (
    select
        pr.chain_id,
        [sum(a.p1) filter (in_rate_window(t.w1, pr.signed_date, pr.planned_start_date)),
         sum(a.p2) filter (in_rate_window(t.w2, pr.signed_date, pr.planned_start_date)),
         sum(a.p3) filter (in_rate_window(t.w3, pr.signed_date, pr.planned_start_date)),
         sum(a.p4) filter (in_rate_window(t.w4, pr.signed_date, pr.planned_start_date)),
         sum(a.p5) filter (in_rate_window(t.w5, pr.signed_date, pr.planned_start_date)),
         sum(a.p6) filter (in_rate_window(t.w6, pr.signed_date, pr.planned_start_date)),
         sum(a.p7) filter (in_rate_window(t.w7, pr.signed_date, pr.planned_start_date)),
         sum(a.p8) filter (in_rate_window(t.w8, pr.signed_date, pr.planned_start_date))]
            as by_point
    from arrived as a
    join projects as pr on pr.project_id = a.project_id
    cross join through as t
    where in_scope($scope, $scope_id, pr.chain_id, pr.department_id)
    group by pr.chain_id
),

per_point as (
    select
        c.year, c.quarter, c.k, c.chain_id,
        count(*) as cohort,
        count(*) filter (c.is_started) as started,
        sum(c.contract_amount_wan) as contract_wan
    from cohort as c
    group by c.year, c.quarter, c.k, c.chain_id
),

final as (
    select
        c.chain_id, c.name_zh, c.name_en, c.color, c.sort_order, pt.year, pt.quarter,
        pt.year || 'Q' || pt.quarter as label, pt.as_of,
        coalesce(pp.cohort, 0) as cohort,
        coalesce(pp.started, 0) as started,
        pp.started / nullif(pp.cohort, 0) as contract_to_start_rate,
        coalesce(ab.by_point[pt.k + 1], 0) as arrived_wan,
        pp.contract_wan,
        coalesce(ab.by_point[pt.k + 1], 0) / nullif(pp.contract_wan, 0) as fund_arrival_rate
    from chains as c
    cross join points as pt
    left join per_point as pp on pp.chain_id = c.chain_id and pp.year = pt.year and pp.quarter = pt.quarter
    left join arrived_by_chain as ab on ab.chain_id = c.chain_id
    order by c.sort_order, c.chain_id, pt.year, pt.quarter
)

select * from final
