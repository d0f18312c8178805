-- low_arrival_projects: 到位资金明显不足 = signed projects at least $min_age_days old at the as-of date
-- whose funds arrived in the quarters ended by the as-of date (the fund_arrival_rate rule: up to
-- last_quarter_by the as-of date, as rate_cohort) are below $max_share of their contract amount;
-- projects cancelled by the as-of date left out; stage = the stage at the as-of date (stage_at).
-- Lowest share first; paged.
-- Returns: project_id, name_zh, chain_id, chain_zh, chain_en, department_id, department_zh,
--   department_en, stage, signed_date, days_since_signing, contract_amount_wan, arrived_wan,
--   arrived_share, total_rows.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $min_age_days,
--   $max_share (e.g. 0.3), $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select *, last_quarter_by(as_of) as last_quarter from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

old_enough as (
    select
        pr.* exclude (stage), stage_at(pr.stage, pr.stage_since, pr.signed_date, pr.actual_start_date, pr.operational_date, period.as_of) as stage,
        date_diff('day', pr.signed_date, period.as_of) as days_since_signing, period.as_of
    from projects as pr, period
    where pr.signed_date <= period.as_of - to_days(cast($min_age_days as integer))
      and pr.contract_amount_wan > 0
      and not is_cancelled_at(pr.stage, pr.stage_since, period.as_of)
),

arrived as (
    select q.project_id, sum(q.funds_arrived_wan) as arrived_wan
    from project_quarters as q, period
    where quarter_index(q.year, q.quarter) <= period.last_quarter
      and q.project_id in (select project_id from old_enough)
    group by q.project_id
),

matching as (
    select o.*, coalesce(a.arrived_wan, 0) as arrived_wan,
        coalesce(a.arrived_wan, 0) / o.contract_amount_wan as arrived_share
    from old_enough as o
    left join arrived as a on a.project_id = o.project_id
    where coalesce(a.arrived_wan, 0) < $max_share * o.contract_amount_wan
),

final as (
    select
        m.project_id, m.name_zh, m.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        m.department_id, d.name_zh as department_zh, d.name_en as department_en, m.stage,
        m.signed_date, m.days_since_signing, m.contract_amount_wan, m.arrived_wan, m.arrived_share,
        count(*) over () as total_rows
    from matching as m
    join chains as c on c.chain_id = m.chain_id
    join departments as d on d.department_id = m.department_id
    order by m.arrived_share, m.contract_amount_wan desc, m.project_id
    limit $limit offset $offset
)

select * from final
