-- supervision_by_department: per responsible department, its blue and red list tasks by the rule of
-- overdue_tasks: open now (opened by the as-of date, not closed by then), overdue now (open and past
-- due — overdue_tasks' open_overdue); of the tasks due in the period: closed on time, closed late,
-- overdue (overdue_tasks' "overdue": closed late or open past due), and the on-time closure rate =
-- closed on time ÷ due in the period (a task's state at the as-of date: task_state_at). Departments
-- with no task in scope are left out.
-- Returns: department_id, name_zh, name_en, open_now, overdue_now, due_in_period, closed_on_time,
--   closed_late, overdue_in_period, on_time_rate.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $list (null = both).
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

tasks as (
    select t.*
    from tasks as t
    join projects as p on p.project_id = t.project_id
    where in_scope($scope, $scope_id, p.chain_id, t.department_id)
      and ($list is null or t.list = $list)
),

flagged as (
    select
        t.department_id,
        t.due_date between period.start_date and period.end_date as due_in_period,
        task_state_at(t.opened_date, t.due_date, t.closed_date, period.as_of) as state
    from tasks as t, period
    where t.opened_date <= period.as_of
),

stated as (
    select
        department_id, due_in_period,
        state = 'overdue' as open_overdue,
        state = 'closed_late' as closed_late,
        state in ('closed_late', 'closed_on_time') as is_closed
    from flagged
),

per_department as (
    select
        department_id,
        count(*) filter (not is_closed) as open_now,
        count(*) filter (open_overdue) as overdue_now,
        count(*) filter (due_in_period) as due_in_period,
        count(*) filter (due_in_period and is_closed and not closed_late) as closed_on_time,
        count(*) filter (due_in_period and closed_late) as closed_late,
        count(*) filter (due_in_period and (open_overdue or closed_late)) as overdue_in_period
    from stated
    group by department_id
),

final as (
    select
        p.department_id, d.name_zh, d.name_en, p.open_now, p.overdue_now, p.due_in_period,
        p.closed_on_time, p.closed_late, p.overdue_in_period,
        p.closed_on_time / nullif(p.due_in_period, 0) as on_time_rate
    from per_department as p
    join departments as d on d.department_id = p.department_id
    order by p.overdue_now desc, on_time_rate nulls last, p.department_id
)

select * from final
