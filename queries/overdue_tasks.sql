-- overdue_tasks: 逾期任务 = a task with closed_date null and due_date < as-of date, or closed after its
-- due_date. Counted for the tasks due in the period, and, as the open backlog, for every task still
-- open and past due at the as-of date whatever its due date. A task's state at the as-of date:
-- task_state_at.
-- Returns one row per list ('blue', 'red'): list, due_in_period, overdue, open_overdue.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

tasks as (
    select t.*
    from tasks as t
    join projects as p on p.project_id = t.project_id
    where in_scope($scope, $scope_id, p.chain_id, t.department_id)
),

flagged as (
    select
        t.list,
        t.due_date between period.start_date and period.end_date as due_in_period,
        task_state_at(t.opened_date, t.due_date, t.closed_date, period.as_of) as state
    from tasks as t, period
),

lists as (
    select unnest(['blue', 'red']) as list
),

final as (
    select
        l.list,
        count(*) filter (f.due_in_period and f.state is not null) as due_in_period,
        count(*) filter (f.due_in_period and f.state in ('overdue', 'closed_late')) as overdue,
        count(*) filter (f.state = 'overdue') as open_overdue
    from lists as l
    left join flagged as f on f.list = l.list
    group by l.list
    order by l.list
)

select * from final
