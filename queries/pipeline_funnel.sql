-- pipeline_funnel: 项目全生命周期 — the projects in each stage at the as-of date, by the stage rule of
-- pipeline_projects (the same rows, counted): count, contract amount (signed stages), how many are
-- stalled or late (the late_projects rule), and the median days in the stage. Every stage is listed,
-- in lifecycle order, then stalled and cancelled.
-- Returns: stage, stage_order, projects, contract_wan, late, median_days_in_stage.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
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
        stage_began(stage_at, stage_since, signed_date, actual_start_date, operational_date) as stage_since_at
    from staged
    where stage_at is not null
),

stages as (
    select * from (values
        ('lead', 1), ('negotiating', 2), ('signed', 3), ('procedures', 4), ('started', 5),
        ('operational', 6), ('stalled', 7), ('cancelled', 8)
    ) as s (stage, stage_order)
),

per_stage as (
    select
        stage_at as stage,
        count(*) as projects,
        sum(contract_amount_wan) as contract_wan,
        count(*) filter (is_late) as late,
        median(date_diff('day', stage_since_at, as_of)) as median_days_in_stage
    from dated
    group by stage_at
),

final as (
    select
        s.stage, s.stage_order, coalesce(p.projects, 0) as projects, coalesce(p.contract_wan, 0) as contract_wan,
        coalesce(p.late, 0) as late, p.median_days_in_stage
    from stages as s
    left join per_stage as p on p.stage = s.stage
    order by s.stage_order
)

select * from final
