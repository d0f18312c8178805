-- special_fund_by_year: the yearly special support fund (专项资金, funds of kind 'special', at least
-- $yearly_wan 万元 a year): per year up to the chosen one, the money committed to projects
-- (fund_investments of a special fund, by the year of invested_date, dated on or before the as-of
-- date), how many projects got it, and the share of the yearly $yearly_wan. Every year from the first
-- commitment to the chosen year is listed, also one with nothing committed.
-- Returns: year, committed_wan, projects, yearly_wan, committed_share, is_chosen_year.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $yearly_wan.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

commitments as (
    select year(fi.invested_date) as year, fi.project_id, fi.amount_wan
    from fund_investments as fi
    join funds as f on f.fund_id = fi.fund_id
    join projects as p on p.project_id = fi.project_id, period
    where f.kind = 'special' and fi.invested_date <= period.as_of and year(fi.invested_date) <= $year
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

years as (
    select unnest(range(coalesce((select min(year) from commitments), $year), $year + 1)) as year
),

final as (
    select
        y.year,
        coalesce(sum(c.amount_wan), 0) as committed_wan,
        count(distinct c.project_id) as projects,
        $yearly_wan as yearly_wan,
        coalesce(sum(c.amount_wan), 0) / $yearly_wan as committed_share,
        y.year = $year as is_chosen_year
    from years as y
    left join commitments as c on c.year = y.year
    group by y.year
    order by y.year
)

select * from final
