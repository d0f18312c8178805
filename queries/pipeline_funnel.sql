-- pipeline_funnel: 项目全生命周期 — the projects in each stage at the as-of date, by the stage rule of
-- pipeline_projects (the same rows, counted): count, contract amount (signed stages), how many are
-- stalled or late (the late_projects rule), and the median days in the stage. Every stage is listed,
-- in lifecycle order, then stalled and cancelled.
-- Returns: stage, stage_order, projects, contract_wan, late, median_days_in_stage.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id.
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
        case
            when pr.stage in ('stalled', 'cancelled') and pr.stage_since <= period.as_of then pr.stage
            when pr.operational_date <= period.as_of then 'operational'
            when pr.actual_start_date <= period.as_of then 'started'
            when pr.stage = 'procedures' and pr.stage_since <= period.as_of then 'procedures'
            when pr.signed_date <= period.as_of then 'signed'
            when pr.stage in ('lead', 'negotiating') and pr.stage_since <= period.as_of then pr.stage
        end as stage_at,
        pr.signed_date <= period.as_of
            and (pr.actual_start_date is null or pr.actual_start_date > period.as_of)
            and pr.planned_start_date < period.as_of
            and pr.stage != 'cancelled' as is_late
    from projects as pr, period
),

dated as (
    select
        *,
        case stage_at
            when 'operational' then operational_date
            when 'started' then actual_start_date
            when 'signed' then signed_date
            else stage_since
        end as stage_since_at
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
