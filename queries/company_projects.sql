-- company_projects: one company's projects with the city known by the as-of date, newest signing
-- first (leads last): stage at the as-of date (stage_at), signing and start dates as known then,
-- contract and fixed-asset amounts, funds arrived in quarters ended by the as-of date, and the fund
-- money invested in it by then (with the funds' names).
-- Returns: project_id, name_zh, chain_id, chain_zh, chain_en, department_zh, department_en, stage,
--   signed_date, contract_amount_wan, fixed_asset_wan, actual_start_date, arrived_wan, fund_wan, funds_zh.
-- Params: $company_id, $as_of, $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with projects as (
    select
        p.* exclude (stage),
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, $as_of::date)
            as stage
    from projects as p
    where p.company_id = $company_id and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

arrived as (
    select q.project_id, sum(q.funds_arrived_wan) as arrived_wan
    from project_quarters as q
    semi join projects as p on p.project_id = q.project_id
    where period_end(q.year, q.quarter) <= $as_of
    group by q.project_id
),

final as (
    select
        p.project_id, p.name_zh, p.chain_id, ch.name_zh as chain_zh, ch.name_en as chain_en,
        d.name_zh as department_zh, d.name_en as department_en, p.stage,
        known_by(p.signed_date, $as_of::date) as signed_date,
        p.contract_amount_wan, p.fixed_asset_wan, known_by(p.actual_start_date, $as_of::date) as actual_start_date,
        coalesce(a.arrived_wan, 0) as arrived_wan, coalesce(f.fund_wan, 0) as fund_wan, f.funds_zh
    from projects as p
    join chains as ch on ch.chain_id = p.chain_id
    join departments as d on d.department_id = p.department_id
    left join arrived as a on a.project_id = p.project_id
    left join fund_backing($as_of) as f on f.project_id = p.project_id
    where p.stage is not null
    order by p.signed_date desc nulls last, p.project_id
)

select * from final
