-- fund_flows: the fund money invested in the period (fund_investments dated in the period and on or
-- before the as-of date), one row per fund and project, with the project's chain and stage — the
-- fund → chain → project flows of the fund map and its list of fund-backed projects. stage = the
-- project's stage at the as-of date (stage_at). Largest first; paged (total_rows counts every row,
-- $limit null = all: the Sankey draws from all of them).
-- Returns: fund_id, fund_zh, fund_kind, chain_id, chain_zh, chain_en, color, project_id, project_zh,
--   stage, signed_date, contract_amount_wan, amount_wan, invested_date, total_rows.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

final as (
    select
        f.fund_id, f.name_zh as fund_zh, f.kind as fund_kind,
        c.chain_id, c.name_zh as chain_zh, c.name_en as chain_en, chain_color(c.chain_id) as color,
        p.project_id, p.name_zh as project_zh,
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of)
            as stage,
        p.signed_date, p.contract_amount_wan,
        fi.amount_wan, fi.invested_date, count(*) over () as total_rows
    from fund_investments as fi
    join funds as f on f.fund_id = fi.fund_id
    join projects as p on p.project_id = fi.project_id
    join chains as c on c.chain_id = p.chain_id, period
    where fi.invested_date between period.start_date and period.end_date
      and fi.invested_date <= period.as_of
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
    order by fi.amount_wan desc, f.fund_id, p.project_id
    limit $limit offset $offset
)

select * from final
