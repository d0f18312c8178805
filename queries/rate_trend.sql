-- rate_trend: each chain's 签约项目开工率 and 资金到位率 quarter by quarter, under the chosen rate cohort
-- ($cohort, the rate_cohort macro), for the 8 quarters ending with the period's last quarter (up to
-- the as-of date's quarter). Each point is the quarter's own rate: exactly contract_to_start_rate and
-- fund_arrival_rate of that quarter, for that chain, measured at the quarter's end (or at the as-of
-- date, when that comes first). Every chain in scope × every quarter is listed; a point whose cohort
-- is empty has cohort 0 and null rates. The cohort is rate_members' (rate_cohort without arrivals); each
-- project's arrivals at all 8 points are summed in one pass over project_quarters, by the rule of
-- rate_cohort (the quarters up to last_quarter_by the point's as-of date).
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

-- the last quarter whose arrivals count at each point, newest first (k = 0 .. 7)
through as (
    select list(last_quarter_by(as_of) order by k) as q
    from points
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

-- each project's arrivals at the 8 points (by_point[k + 1]), one pass over project_quarters
quarters_arrived as (
    select project_id, quarter_index(year, quarter) as qi, funds_arrived_wan as wan
    from project_quarters
),

arrived as (
    select
        a.project_id,
        [sum(a.wan) filter (a.qi <= t.q[1]), sum(a.wan) filter (a.qi <= t.q[2]),
         sum(a.wan) filter (a.qi <= t.q[3]), sum(a.wan) filter (a.qi <= t.q[4]),
         sum(a.wan) filter (a.qi <= t.q[5]), sum(a.wan) filter (a.qi <= t.q[6]),
         sum(a.wan) filter (a.qi <= t.q[7]), sum(a.wan) filter (a.qi <= t.q[8])] as by_point
    from quarters_arrived as a, through as t
    group by a.project_id
),

per_point as (
    select
        c.year, c.quarter, c.chain_id,
        count(*) as cohort,
        count(*) filter (c.is_started) as started,
        sum(c.contract_amount_wan) as contract_wan,
        sum(coalesce(a.by_point[c.k + 1], 0)) as arrived_wan
    from cohort as c
    left join arrived as a on a.project_id = c.project_id
    group by c.year, c.quarter, c.chain_id
),

final as (
    select
        c.chain_id, c.name_zh, c.name_en, c.color, c.sort_order, pt.year, pt.quarter,
        pt.year || 'Q' || pt.quarter as label, pt.as_of,
        coalesce(pp.cohort, 0) as cohort,
        coalesce(pp.started, 0) as started,
        pp.started / nullif(pp.cohort, 0) as contract_to_start_rate,
        coalesce(pp.arrived_wan, 0) as arrived_wan,
        pp.contract_wan,
        coalesce(pp.arrived_wan, 0) / nullif(pp.contract_wan, 0) as fund_arrival_rate
    from chains as c
    cross join points as pt
    left join per_point as pp on pp.chain_id = c.chain_id and pp.year = pt.year and pp.quarter = pt.quarter
    order by c.sort_order, c.chain_id, pt.year, pt.quarter
)

select * from final
