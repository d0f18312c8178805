-- referrer_projects: the projects with a referrer (引荐人, projects.referrer) signed in the period —
-- those the referrer-reward method pays for — with the fixed-asset investment the reward's tiers are
-- read from, and whether the project had started construction by the as-of date. The reward itself
-- is computed from data/assessment.toml's tiers by zsgt.assessment.referrer_reward. stage = the stage
-- at the as-of date (stage_at).
-- Returns: project_id, name_zh, referrer, company_zh, chain_id, chain_zh, chain_en, department_zh,
--   department_en, signed_date, stage, fixed_asset_wan, contract_amount_wan, actual_start_date, started.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

final as (
    select
        p.project_id, p.name_zh, p.referrer, co.name_zh as company_zh, p.chain_id, c.name_zh as chain_zh,
        c.name_en as chain_en, d.name_zh as department_zh, d.name_en as department_en, p.signed_date,
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of) as stage,
        p.fixed_asset_wan, p.contract_amount_wan, p.actual_start_date,
        coalesce(p.actual_start_date <= period.as_of, false) as started
    from projects as p
    join companies as co on co.company_id = p.company_id
    join chains as c on c.chain_id = p.chain_id
    join departments as d on d.department_id = p.department_id, period
    where p.referrer is not null
      and p.signed_date between period.start_date and period.end_date
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
    order by p.fixed_asset_wan desc nulls last, p.project_id
)

select * from final
