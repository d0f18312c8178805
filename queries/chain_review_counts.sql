-- chain_review_counts: per chain, what its self-review counts at the as-of date: lagging projects
-- (late to start by is_late_to_start, or stalled by stage_at — pipeline_projects' 'flagged'), and
-- open tasks with, of them, the overdue ones (task_state_at 'open' / 'overdue' — supervision_tasks'
-- states; a task counts for its project's chain). Every chain in scope is listed.
-- Returns: chain_id, lagging, late, stalled, open_tasks, overdue_tasks.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

scoped_projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

staged as (
    select
        pr.chain_id,
        stage_at(pr.stage, pr.stage_since, pr.signed_date, pr.actual_start_date, pr.operational_date,
                 period.as_of) = 'stalled' as is_stalled,
        coalesce(is_late_to_start(pr.stage, pr.stage_since, pr.signed_date, pr.planned_start_date,
                                  pr.actual_start_date, period.as_of), false) as is_late
    from scoped_projects as pr, period
),

lagging as (
    select
        chain_id,
        count(*) filter (is_late or is_stalled) as lagging,
        count(*) filter (is_late) as late,
        count(*) filter (is_stalled) as stalled
    from staged
    group by chain_id
),

task_states as (
    select p.chain_id, task_state_at(t.opened_date, t.due_date, t.closed_date, period.as_of) as status
    from tasks as t
    join projects as p on p.project_id = t.project_id, period
    where in_scope($scope, $scope_id, p.chain_id, t.department_id)
),

task_counts as (
    select
        chain_id,
        count(*) filter (status in ('open', 'overdue')) as open_tasks,
        count(*) filter (status = 'overdue') as overdue_tasks
    from task_states
    group by chain_id
),

final as (
    select
        c.chain_id,
        coalesce(l.lagging, 0) as lagging, coalesce(l.late, 0) as late, coalesce(l.stalled, 0) as stalled,
        coalesce(k.open_tasks, 0) as open_tasks, coalesce(k.overdue_tasks, 0) as overdue_tasks
    from chains as c
    left join lagging as l on l.chain_id = c.chain_id
    left join task_counts as k on k.chain_id = c.chain_id
    where in_chain_scope($scope, $scope_id, c.chain_id)
    order by c.sort_order
)

select * from final
