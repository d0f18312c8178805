-- top_projects: the largest projects signed in the period, by contract amount, as they stood at the
-- as-of date: stage = the stage then (stage_at), funds_arrived_wan = their funds arrived in the
-- quarters ended by then (the fund_arrival_rate rule, so this column moves with the rate).
-- Returns: project_id, name_zh, company_zh, chain_id, chain_zh, stage, signed_date,
--   contract_amount_wan, funds_arrived_wan, department_zh, park_zh, chain_en, department_en, park_en.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id, $limit.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

signed as (
    select p.* exclude (stage), stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of) as stage
    from projects as p, period
    where p.signed_date between period.start_date and period.end_date
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
    order by p.contract_amount_wan desc, p.project_id
    limit $limit
),

arrived as (
    select q.project_id, sum(q.funds_arrived_wan) as funds_arrived_wan
    from project_quarters as q
    semi join signed as s on s.project_id = q.project_id, period
    where period_end(q.year, q.quarter) <= period.as_of
    group by q.project_id
),

final as (
    select
        s.project_id, s.name_zh, co.name_zh as company_zh, s.chain_id, c.name_zh as chain_zh,
        s.stage, s.signed_date, s.contract_amount_wan,
        coalesce(a.funds_arrived_wan, 0) as funds_arrived_wan,
        d.name_zh as department_zh, pk.name_zh as park_zh,
        c.name_en as chain_en, d.name_en as department_en, pk.name_en as park_en
    from signed as s
    join companies as co on co.company_id = s.company_id
    join chains as c on c.chain_id = s.chain_id
    join departments as d on d.department_id = s.department_id
    left join parks as pk on pk.park_id = s.park_id
    left join arrived as a on a.project_id = s.project_id
    order by s.contract_amount_wan desc, s.project_id
)

select * from final
