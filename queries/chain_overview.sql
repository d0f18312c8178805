-- chain_overview: per industry chain, how complete it is locally: its nodes, how many are strong 强,
-- weak 弱 and missing 缺失 (the status of chain_node_status, same definition and thresholds, as of the
-- as-of date), its open target companies (status at the as-of date not signed or dropped; also those
-- not tied to a node) and its opportunities. Signed amount and funds arrived per chain come from chain_summary.
-- Returns: chain_id, name_zh, name_en, color, sort_order, leader_zh, lead_department_zh, lead_department_en, nodes,
--   strong, weak, missing, open_targets, opportunities, opportunity_wan.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $min_operating, $min_local.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

chains as (
    select c.*, d.name_zh as lead_department_zh, d.name_en as lead_department_en
    from chains as c
    join departments as d on d.department_id = c.lead_department_id
    where in_chain_scope($scope, $scope_id, c.chain_id)
),

local_companies as (
    select node_id, count(*) as local_companies
    from companies
    where is_local and node_id is not null
    group by node_id
),

operating as (
    select p.node_id, count(*) as operating_projects
    from projects as p, period
    where in_scope($scope, $scope_id, p.chain_id, p.department_id)
      and is_operating_at(p.stage, p.stage_since, p.actual_start_date, p.operational_date, period.as_of)
    group by p.node_id
),

node_status as (
    select
        n.chain_id,
        node_status(o.operating_projects, l.local_companies, $min_operating, $min_local) as status
    from chain_nodes as n
    left join local_companies as l on l.node_id = n.node_id
    left join operating as o on o.node_id = n.node_id
),

per_chain as (
    select
        chain_id,
        count(*) as nodes,
        count(*) filter (status = 'strong') as strong,
        count(*) filter (status = 'weak') as weak,
        count(*) filter (status = 'missing') as missing
    from node_status
    group by chain_id
),

targets as (
    select tc.chain_id, count(*) as open_targets
    from targets_at(period_as_of($year, $quarter, $as_of)) as tc
    where tc.status not in ('signed', 'dropped')
      and in_scope($scope, $scope_id, tc.chain_id, tc.owner_department_id)
    group by tc.chain_id
),

opportunities as (
    select chain_id, count(*) as opportunities, sum(investment_wan) as opportunity_wan
    from opportunities
    group by chain_id
),

final as (
    select
        c.chain_id, c.name_zh, c.name_en, chain_color(c.chain_id) as color, c.sort_order, c.leader_zh, c.lead_department_zh,
        c.lead_department_en,
        coalesce(pc.nodes, 0) as nodes,
        coalesce(pc.strong, 0) as strong,
        coalesce(pc.weak, 0) as weak,
        coalesce(pc.missing, 0) as missing,
        coalesce(t.open_targets, 0) as open_targets,
        coalesce(o.opportunities, 0) as opportunities,
        coalesce(o.opportunity_wan, 0) as opportunity_wan
    from chains as c
    left join per_chain as pc on pc.chain_id = c.chain_id
    left join targets as t on t.chain_id = c.chain_id
    left join opportunities as o on o.chain_id = c.chain_id
    order by c.sort_order
)

select * from final
