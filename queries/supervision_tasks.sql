-- supervision_tasks: the blue (蓝单) and red (红单) list tasks, one row each, with their status at the
-- as-of date (task_state_at, the rule of overdue_tasks): a task opened by the as-of date is 'overdue'
-- when it is not closed by then and its due date has passed, 'closed_late' when it was closed by then
-- after its due date, 'closed_on_time' when closed by then on or before it, else 'open'. closed_date
-- is null when the task was closed after the as-of date. is_overdue = overdue or
-- closed late (overdue_tasks' "overdue" counts those due in the period). $show: 'current' = the tasks
-- due in the period or still open at the as-of date (what overdue_tasks counts), 'all' = every task
-- opened by the as-of date, 'overdue_in_period' = the tasks overdue_tasks counts as "overdue", 'open' =
-- the tasks not closed at the as-of date (overdue or open: the self-review's open tasks).
-- $list, $status, $project: null = all. Overdue first (most days past due),
-- then closed late, open, closed on time; paged.
-- Returns: task_id, list, title, project_id, project_zh, chain_id, department_id, department_zh,
--   department_en, opened_date, due_date, closed_date, status, is_overdue, due_in_period,
--   days_overdue (as-of or closing date − due date, when past due), total_rows.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $show, $list, $status,
--   $project, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

tasks as (
    select t.*, p.name_zh as project_zh, p.chain_id
    from tasks as t
    join projects as p on p.project_id = t.project_id
    where in_scope($scope, $scope_id, p.chain_id, t.department_id)
),

flagged as (
    select
        t.*,
        period.as_of,
        t.due_date between period.start_date and period.end_date as due_in_period,
        task_state_at(t.opened_date, t.due_date, t.closed_date, period.as_of) as status
    from tasks as t, period
    where t.opened_date <= period.as_of
),

statused as (
    select
        * exclude (closed_date),
        known_by(closed_date, as_of) as closed_date,
        status in ('closed_late', 'closed_on_time') as is_closed,
        status in ('overdue', 'closed_late') as is_overdue,
        case
            when status = 'overdue' then date_diff('day', due_date, as_of)
            when status = 'closed_late' then date_diff('day', due_date, closed_date)
        end as days_overdue
    from flagged
),

matching as (
    select *
    from statused
    where case $show
            when 'all' then true
            when 'overdue_in_period' then due_in_period and is_overdue
            when 'open' then not is_closed
            else due_in_period or not is_closed
        end
      and ($list is null or list = $list)
      and ($status is null or status = $status)
      and ($project is null or project_id = $project)
),

final as (
    select
        m.task_id, m.list, m.title, m.project_id, m.project_zh, m.chain_id, m.department_id,
        d.name_zh as department_zh, d.name_en as department_en,
        m.opened_date, m.due_date, m.closed_date, m.status, m.is_overdue, m.due_in_period, m.days_overdue,
        count(*) over () as total_rows
    from matching as m
    join departments as d on d.department_id = m.department_id
    order by
        case m.status when 'overdue' then 1 when 'closed_late' then 2 when 'open' then 3 else 4 end,
        m.days_overdue desc nulls last, m.due_date, m.task_id
    limit $limit offset $offset
)

select * from final
