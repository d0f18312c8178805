-- project_detail: one project with its company, chain and node, department, park, fund and referrer,
-- its stage at the as-of date and the day it entered it (stage_at, stage_began), its dates as known
-- then (a signing, start or operation after the as-of date is null: known_by; the planned start is
-- shown once signed), its amounts, its funds arrived by the as-of date (quarters ended by then, as in
-- fund_arrival_rate) and the fund money invested in it by then. Fund backing is read from
-- fund_investments (as on the fund map), every fund invested by the as-of date, largest first:
-- fund_id, fund_zh and fund_kind list them ('、'-separated), fund_invested_wan sums their money.
-- No row when the project is unknown or outside the scope.
-- Returns: project_id, name_zh, stage, stage_since, company_id, company_zh, company_province,
--   company_city, ownership, chain_id, chain_zh, chain_en, color, node_zh, node_en, segment, department_id,
--   department_zh, department_en, park_zh, park_en, fund_id, fund_zh, fund_kind, fund_invested_wan, referrer,
--   signed_date, planned_start_date, actual_start_date, operational_date, contract_amount_wan,
--   fixed_asset_wan, arrived_wan, arrived_share.
-- Params: $project, $as_of, $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with project as (
    select *
    from projects
    where project_id = $project and in_scope($scope, $scope_id, chain_id, department_id)
),

backing as (
    select fund_ids as fund_id, funds_zh as fund_zh, fund_kinds as fund_kind, fund_wan as fund_invested_wan
    from fund_backing($as_of::date)
    where project_id = $project
),

arrived as (
    select sum(q.funds_arrived_wan) as arrived_wan
    from project_quarters as q
    where q.project_id = $project and period_end(q.year, q.quarter) <= $as_of::date
),

final as (
    select
        p.project_id, p.name_zh, s.stage,
        stage_began(s.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date) as stage_since,
        p.company_id, co.name_zh as company_zh, co.province as company_province, co.city as company_city,
        co.ownership,
        p.chain_id, c.name_zh as chain_zh, c.name_en as chain_en, chain_color(c.chain_id) as color,
        n.name_zh as node_zh, n.name_en as node_en, n.segment,
        p.department_id, d.name_zh as department_zh, d.name_en as department_en,
        pk.name_zh as park_zh, pk.name_en as park_en,
        b.fund_id, b.fund_zh, b.fund_kind, b.fund_invested_wan,
        p.referrer,
        known_by(p.signed_date, $as_of::date) as signed_date,
        case when p.signed_date <= $as_of::date then p.planned_start_date end as planned_start_date,
        known_by(p.actual_start_date, $as_of::date) as actual_start_date,
        known_by(p.operational_date, $as_of::date) as operational_date,
        p.contract_amount_wan, p.fixed_asset_wan,
        coalesce(a.arrived_wan, 0) as arrived_wan,
        coalesce(a.arrived_wan, 0) / nullif(p.contract_amount_wan, 0) as arrived_share
    from project as p
    join companies as co on co.company_id = p.company_id
    join chains as c on c.chain_id = p.chain_id
    join departments as d on d.department_id = p.department_id
    left join chain_nodes as n on n.node_id = p.node_id
    left join parks as pk on pk.park_id = p.park_id
    left join backing as b on true
    cross join arrived as a
    cross join lateral (
        select stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date,
                        $as_of::date) as stage
    ) as s
)

select * from final
