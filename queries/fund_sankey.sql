-- fund_sankey: the fund map's Sankey (fund → chain → project) of fund_flows' rows, bounded in the
-- database: a side (the funds, the projects) of more than $most is drawn as its $most - 1 largest by
-- fund money in the period, the rest summed into one "other" node (fund_id or project_id null), so the
-- figure gets a few dozen rows however many flows the period has. Chains are all named (a store has a
-- handful). One row per (fund or other funds, chain, project or other projects), largest first; the
-- amounts add up to fund_flows' (nothing is dropped, only merged).
-- funds_other / projects_other: how many funds / projects the "other" node holds (0: none);
-- funds_other_names / projects_other_names: the largest dozen of them, for the hover;
-- projects_total: every project with fund money in the period.
-- Returns: fund_id, fund_zh, fund_kind, chain_id, chain_zh, chain_en, color, project_id, project_zh,
--   amount_wan, funds_other, funds_other_names, projects_other, projects_other_names, projects_total.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $most.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

flows as (
    select fi.fund_id, f.name_zh as fund_zh, f.kind as fund_kind, p.chain_id, p.project_id, p.name_zh as project_zh,
        fi.amount_wan
    from fund_investments as fi
    join funds as f on f.fund_id = fi.fund_id
    join projects as p on p.project_id = fi.project_id, period
    where fi.invested_date between period.start_date and period.end_date
      and fi.invested_date <= period.as_of
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

funds as (
    select fund_id, any_value(fund_zh) as fund_zh, sum(amount_wan) as amount_wan,
        row_number() over (order by sum(amount_wan) desc, fund_id) as place, count(*) over () as of
    from flows
    group by fund_id
),

projects as (
    select project_id, any_value(project_zh) as project_zh, sum(amount_wan) as amount_wan,
        row_number() over (order by sum(amount_wan) desc, project_id) as place, count(*) over () as of
    from flows
    group by project_id
),

-- named: every one when the side fits in $most, else the $most - 1 largest
named_funds as (
    select *, of <= $most or place < $most as named from funds
),

named_projects as (
    select *, of <= $most or place < $most as named from projects
),

others as (
    select
        (select count(*) from named_funds where not named) as funds_other,
        (select list(fund_zh order by place)[1:12] from named_funds where not named) as funds_other_names,
        (select count(*) from named_projects where not named) as projects_other,
        (select list(project_zh order by place)[1:12] from named_projects where not named) as projects_other_names,
        (select count(*) from projects) as projects_total
),

merged as (
    select
        case when nf.named then fl.fund_id end as fund_id,
        case when nf.named then fl.fund_zh end as fund_zh,
        case when nf.named then fl.fund_kind end as fund_kind,
        fl.chain_id,
        case when np.named then fl.project_id end as project_id,
        case when np.named then fl.project_zh end as project_zh,
        sum(fl.amount_wan) as amount_wan
    from flows as fl
    join named_funds as nf on nf.fund_id = fl.fund_id
    join named_projects as np on np.project_id = fl.project_id
    group by all
),

final as (
    select
        m.fund_id, m.fund_zh, m.fund_kind, c.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        chain_color(c.chain_id) as color, m.project_id, m.project_zh, m.amount_wan,
        o.funds_other, o.funds_other_names, o.projects_other, o.projects_other_names, o.projects_total
    from merged as m
    join chains as c on c.chain_id = m.chain_id, others as o
    order by m.amount_wan desc, m.fund_id nulls last, c.chain_id, m.project_id nulls last
)

select * from final
