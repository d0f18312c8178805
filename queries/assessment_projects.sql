-- assessment_projects: the projects behind one department's quarterly assessment, one row per
-- component and project, by the definitions of the figures scored: 'signed_amount' = its projects
-- signed in the period (value_wan: contract amount; signed_amount), 'funds_arrived' = its projects
-- with funds arrived in the period's quarters (value_wan: those arrivals; funds_arrived),
-- 'contract_to_start_rate' = its rate cohort (the rate_cohort macro's projects, rate_members, with
-- $cohort: the assessment binds the period cohort, the projects signed in the period; started: by
-- the as-of date; contract_to_start_rate), 'new_projects_in_led_chains' = every project signed in
-- the period in a chain the department leads (new_signed_projects per chain, as chain_summary). A project is
-- the department's by projects.department_id; stage = its stage at the as-of date (stage_at). Its
-- overdue tasks: supervision_tasks. $component: one component's rows (null = all); paged (total_rows
-- counts every row of it, $limit null = all).
-- Returns: component, project_id, name_zh, chain_id, chain_zh, chain_en, department_id, department_zh,
--   department_en, signed_date, stage, value_wan, started, total_rows.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $department, $scope,
--   $scope_id, $cohort, $cohort_base_year, $cohort_quarters, $component, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

signed as (
    select p.*, period.as_of
    from projects as p, period
    where p.signed_date between period.start_date and period.end_date
),

arrived as (
    select q.project_id, sum(q.funds_arrived_wan) as arrived_wan
    from project_quarters as q
    join projects as p on p.project_id = q.project_id, period
    -- on the stored year and quarter (no date built per row): the quarters from the period's first to
    -- the last one ended by its end date
    where p.department_id = $department
      and quarter_index(q.year, q.quarter)
          between quarter_index(year(period.start_date), quarter(period.start_date)) and last_quarter_by(period.end_date)
    group by q.project_id
),

cohort as (
    select project_id, contract_amount_wan, is_started
    from rate_members($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year, $cohort_quarters)
    where which = 'cur' and department_id = $department
),

rows as (
    select 'signed_amount' as component, s.project_id, s.contract_amount_wan as value_wan, null as started
    from signed as s
    where s.department_id = $department
    union all
    select 'funds_arrived', a.project_id, a.arrived_wan, null
    from arrived as a
    union all
    select 'contract_to_start_rate', c.project_id, c.contract_amount_wan, c.is_started
    from cohort as c
    union all
    select 'new_projects_in_led_chains', s.project_id, s.contract_amount_wan, null
    from signed as s
    join chains as c on c.chain_id = s.chain_id
    where c.lead_department_id = $department
),

final as (
    select
        r.component, r.project_id, p.name_zh, p.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        p.department_id, d.name_zh as department_zh, d.name_en as department_en, p.signed_date,
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of) as stage,
        r.value_wan, r.started, count(*) over () as total_rows
    from rows as r
    join projects as p on p.project_id = r.project_id
    join chains as c on c.chain_id = p.chain_id
    join departments as d on d.department_id = p.department_id
    cross join period
    where $component is null or r.component = $component
    order by
        case r.component when 'signed_amount' then 1 when 'funds_arrived' then 2
            when 'contract_to_start_rate' then 3 else 4 end,
        r.value_wan desc nulls last, r.project_id
    limit $limit offset $offset
)

select * from final
