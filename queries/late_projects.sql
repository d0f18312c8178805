-- late_projects: 逾期未开工 = signed projects (signed_date on or before the as-of date) not started by
-- the as-of date (actual_start_date null or later) whose planned_start_date is before the as-of date,
-- not cancelled by then (is_late_to_start); days late = as-of date − planned start; stage = the stage
-- at the as-of date (stage_at). pipeline_projects' is_late is this same rule.
-- $cohort_only: only the projects in the rate cohort (the contract_to_start_rate cohort chosen by
-- $cohort, the rate_members macro: rate_cohort's projects, without their arrivals).
-- $no_open_red: only those with no red-list task open at the as-of date — the 红单 candidates.
-- Most days late first; paged.
-- Returns: project_id, name_zh, chain_id, chain_zh, chain_en, department_id, department_zh,
--   department_en, stage, signed_date, planned_start_date, days_late, contract_amount_wan,
--   open_red_tasks, in_cohort, total_rows (all matching rows, for paging).
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $cohort, $cohort_base_year, $cohort_quarters, $cohort_only (boolean), $no_open_red (boolean), $limit,
--   $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

cohort as (
    select project_id
    from rate_members($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year, $cohort_quarters)
    where which = 'cur'
),

late as (
    select
        pr.* exclude (stage),
        stage_at(pr.stage, pr.stage_since, pr.signed_date, pr.actual_start_date, pr.operational_date, period.as_of) as stage,
        date_diff('day', pr.planned_start_date, period.as_of) as days_late,
        pr.project_id in (select project_id from cohort) as in_cohort
    from projects as pr, period
    where is_late_to_start(pr.stage, pr.stage_since, pr.signed_date, pr.planned_start_date, pr.actual_start_date,
                           period.as_of)
),

open_red as (
    select t.project_id, count(*) as open_red_tasks
    from tasks as t
    semi join late as l on l.project_id = t.project_id, period
    where t.list = 'red'
      and task_state_at(t.opened_date, t.due_date, t.closed_date, period.as_of) in ('open', 'overdue')
    group by t.project_id
),

matching as (
    select l.*, coalesce(r.open_red_tasks, 0) as open_red_tasks
    from late as l
    left join open_red as r on r.project_id = l.project_id
    where (not $cohort_only or l.in_cohort)
      and (not $no_open_red or r.open_red_tasks is null)
),

final as (
    select
        m.project_id, m.name_zh, m.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        m.department_id, d.name_zh as department_zh, d.name_en as department_en, m.stage,
        m.signed_date, m.planned_start_date, m.days_late, m.contract_amount_wan, m.open_red_tasks,
        m.in_cohort, count(*) over () as total_rows
    from matching as m
    join chains as c on c.chain_id = m.chain_id
    join departments as d on d.department_id = m.department_id
    order by m.days_late desc, m.project_id
    limit $limit offset $offset
)

select * from final
