-- chain_funds: the funds investing in one industry chain: fund money put into the chain's projects
-- (fund_investments dated on or before the as-of date), and how many projects it backs.
-- Returns: fund_id, name_zh, kind, projects, invested_wan.
-- Params: $chain_id, $year, $quarter, $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

investments as (
    select fi.fund_id, fi.project_id, fi.amount_wan
    from fund_investments as fi
    join projects as p on p.project_id = fi.project_id, period
    where p.chain_id = $chain_id and fi.invested_date <= period.as_of
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

final as (
    select f.fund_id, f.name_zh, f.kind, count(distinct i.project_id) as projects, sum(i.amount_wan) as invested_wan
    from investments as i
    join funds as f on f.fund_id = i.fund_id
    group by all
    order by invested_wan desc, f.fund_id
)

select * from final
