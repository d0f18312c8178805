-- chain_node_projects: the projects on one chain node known by the as-of date (signed by then, or a
-- lead or negotiation since then), not cancelled by then: operating ones (is_operating_at, as
-- chain_node_status counts them) and the pipeline that could fill the node. The stage is the
-- project's stage at the as-of date (stage_at); fund_zh names the funds invested in it by the
-- as-of date. Paged (total_rows counts every row, $limit null = all).
-- Returns: project_id, name_zh, company_zh, stage, is_operating, signed_date, actual_start_date,
--   contract_amount_wan, park_zh, department_zh, fund_zh, total_rows.
-- Params: $node_id, $as_of (null = end of period), $year, $quarter, $scope, $scope_id, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

projects as (
    select
        p.* exclude (stage),
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of)
            as stage,
        is_operating_at(p.stage, p.stage_since, p.actual_start_date, p.operational_date, period.as_of)
            as is_operating
    from projects as p, period
    where p.node_id = $node_id
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

final as (
    select
        p.project_id, p.name_zh, co.name_zh as company_zh, p.stage, p.is_operating,
        known_by(p.signed_date, period.as_of) as signed_date, known_by(p.actual_start_date, period.as_of)
            as actual_start_date, p.contract_amount_wan, pk.name_zh as park_zh, d.name_zh as department_zh,
        f.funds_zh as fund_zh, count(*) over () as total_rows
    from projects as p, period
    join companies as co on co.company_id = p.company_id
    join departments as d on d.department_id = p.department_id
    left join parks as pk on pk.park_id = p.park_id
    left join fund_backing(period.as_of) as f on f.project_id = p.project_id
    where p.stage != 'cancelled'
    order by p.is_operating, p.contract_amount_wan desc nulls last, p.project_id
    limit $limit offset $offset
)

select * from final
