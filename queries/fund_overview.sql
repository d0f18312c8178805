-- fund_overview: each fund (基金) with its kind and size, the money it has invested in projects by
-- the as-of date (fund_investments), the share of its size deployed, the projects it backs, and its
-- leverage 撬动比 = contract amount of the projects it invested in ÷ the fund money invested in them.
-- A project backed by several funds is shared among them in proportion to the money each put in, so
-- the funds' backed contract amounts add up to each project's contract once (the special fund's
-- subsidies are shared apart from the stakes). The special fund (kind 'special') pays
-- subsidies, not stakes, so it has no leverage (null). In a chain or department scope only the
-- investments in that scope's projects count, and funds with none there are left out.
-- Returns: fund_id, name_zh, kind, size_wan, invested_wan, deployed_share, projects,
--   backed_contract_wan, leverage (null when nothing is invested, and for the special fund).
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

investments as (
    select
        fi.fund_id, fi.project_id, fi.amount_wan,
        p.contract_amount_wan * fi.amount_wan
            / nullif(sum(fi.amount_wan) over (partition by fi.project_id, f.kind = 'special'), 0)
            as contract_amount_wan
    from fund_investments as fi
    join funds as f on f.fund_id = fi.fund_id
    join projects as p on p.project_id = fi.project_id, period
    where fi.invested_date <= period.as_of
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

per_fund as (
    select
        fund_id,
        sum(amount_wan) as invested_wan,
        count(distinct project_id) as projects,
        sum(contract_amount_wan) as backed_contract_wan
    from investments
    group by fund_id
),

final as (
    select
        f.fund_id, f.name_zh, f.kind, f.size_wan,
        coalesce(pf.invested_wan, 0) as invested_wan,
        coalesce(pf.invested_wan, 0) / nullif(f.size_wan, 0) as deployed_share,
        coalesce(pf.projects, 0) as projects,
        coalesce(pf.backed_contract_wan, 0) as backed_contract_wan,
        case when f.kind != 'special' then pf.backed_contract_wan / nullif(pf.invested_wan, 0) end as leverage
    from funds as f
    left join per_fund as pf on pf.fund_id = f.fund_id
    where $scope = 'city' or pf.fund_id is not null
    order by case f.kind when 'guidance' then 0 when 'industry' then 1 when 'venture' then 2 else 3 end,
        f.size_wan desc, f.fund_id
)

select * from final
