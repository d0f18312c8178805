-- pipeline_projects: every project known at the as-of date with its stage then and the days it has
-- been in it. The stage at the as-of date: stalled or cancelled if the project entered that stage
-- (stage_since) by then; else operational / started / signed by operational_date / actual_start_date
-- / signed_date; procedures if it is in procedures now and entered them by then; lead or negotiating
-- if it is in that stage now and entered it by then (a project whose stage began later and that had
-- no signed_date by then is not listed). The stage began on that date (stage_since for the stages
-- known only by stage_since). pipeline_funnel counts these same rows.
-- Flags: is_stalled = stage 'stalled'; is_late = the late_projects rule (signed, not started, planned
-- start passed, not cancelled by then). Filters: $stage (null = all), $flag (null, 'late', 'stalled',
-- 'flagged' = late or stalled), $search (null, or text in the project's or company's name or id).
-- Flagged first, then longest in stage; paged.
-- Returns: project_id, name_zh, company_zh, chain_id, chain_zh, chain_en, department_id,
--   department_zh, department_en, stage_at, stage_since_at, days_in_stage, signed_date,
--   planned_start_date, contract_amount_wan, is_stalled, is_late, total_rows.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $stage, $flag, $search,
--   $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

staged as (
    select
        pr.*,
        period.as_of,
        stage_at(pr.stage, pr.stage_since, pr.signed_date, pr.actual_start_date, pr.operational_date,
                 period.as_of) as stage_at,
        is_late_to_start(pr.stage, pr.stage_since, pr.signed_date, pr.planned_start_date, pr.actual_start_date,
                         period.as_of) as is_late
    from projects as pr, period
),

dated as (
    select
        *,
        stage_began(stage_at, stage_since, signed_date, actual_start_date, operational_date) as stage_since_at,
        stage_at = 'stalled' as is_stalled
    from staged
    where stage_at is not null
),

matching as (
    select s.*
    from dated as s
    where ($stage is null or s.stage_at = $stage)
      and ($flag is null
           or ($flag = 'late' and coalesce(s.is_late, false))
           or ($flag = 'stalled' and s.is_stalled)
           or ($flag = 'flagged' and (coalesce(s.is_late, false) or s.is_stalled)))
      and ($search is null or $search = ''
           or contains(s.name_zh, $search) or contains(s.project_id, upper($search))
           or s.company_id in (select company_id from companies where contains(name_zh, $search)))
),

-- the page of rows first, then the company names of those rows only (not of a million companies)
paged as (
    select
        m.*, date_diff('day', m.stage_since_at, m.as_of) as days_in_stage,
        count(*) over () as total_rows
    from matching as m
    order by (coalesce(m.is_late, false) or m.is_stalled) desc, days_in_stage desc, m.project_id
    limit $limit offset $offset
),

final as (
    select
        m.project_id, m.name_zh, co.name_zh as company_zh, m.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        m.department_id, d.name_zh as department_zh, d.name_en as department_en,
        m.stage_at, m.stage_since_at, m.days_in_stage,
        m.signed_date, m.planned_start_date, m.contract_amount_wan,
        m.is_stalled, coalesce(m.is_late, false) as is_late,
        m.total_rows
    from paged as m
    join companies as co on co.company_id = m.company_id
    join chains as c on c.chain_id = m.chain_id
    join departments as d on d.department_id = m.department_id
    order by (coalesce(m.is_late, false) or m.is_stalled) desc, m.days_in_stage desc, m.project_id
)

select * from final
