-- department_summary: per department, for the period: new signed projects, signed amount and funds
-- arrived by the definitions of new_signed_projects, signed_amount and funds_arrived, grouped by the
-- project's department_id (as chain_summary groups them by chain): a department's row equals those
-- queries run with that department as scope. Departments with nothing in the period are listed.
-- Returns: department_id, name_zh, name_en, new_signed, signed_amount_wan, funds_arrived_wan.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

signed as (
    select p.department_id, count(*) as new_signed, sum(p.contract_amount_wan) as signed_amount_wan
    from projects as p, period
    where p.signed_date between period.start_date and period.end_date
    group by p.department_id
),

arrived as (
    select p.department_id, sum(q.funds_arrived_wan) as funds_arrived_wan
    from project_quarters as q
    join projects as p on p.project_id = q.project_id, period
    -- on the stored year and quarter (no date built per row): the quarters from the period's first to
    -- the last one ended by its end date
    where quarter_index(q.year, q.quarter)
          between quarter_index(year(period.start_date), quarter(period.start_date)) and last_quarter_by(period.end_date)
    group by p.department_id
),

final as (
    select
        d.department_id, d.name_zh, d.name_en,
        coalesce(s.new_signed, 0) as new_signed,
        coalesce(s.signed_amount_wan, 0) as signed_amount_wan,
        coalesce(a.funds_arrived_wan, 0) as funds_arrived_wan
    from departments as d
    left join signed as s on s.department_id = d.department_id
    left join arrived as a on a.department_id = d.department_id
    where in_department_scope($scope, $scope_id, d.department_id)
    order by d.department_id
)

select * from final
