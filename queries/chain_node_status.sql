-- chain_node_status: every node of the industry chains with its local base and its status 强/弱/缺失,
-- computed from the data as it stood at the as-of date: local companies = companies with is_local on
-- the node; operating projects = projects on the node whose stage at the as-of date is started or
-- operational (is_operating_at). strong 强 = at least $min_operating operating projects and at least
-- $min_local local companies; weak 弱 = some local presence (a local company or an operating
-- project); missing 缺失 = none (the node_status macro).
-- Also per node: pipeline projects (known by the as-of date — signed, or a lead or negotiation since
-- then — not started by it, not cancelled by it), invested_wan = the contract amount of its projects
-- signed by the as-of date and not cancelled by then, the amount signed in the period (the
-- definition of signed_amount), open target companies (status at the as-of date not signed or
-- dropped, targets_at) and opportunities. Nodes are chain-level rows: a chain scope sees its chain, a department scope every
-- chain but only its own projects and target companies (as chain_summary does).
-- Returns: chain_id, chain_zh, chain_en, color, chain_order, node_id, name_zh, name_en, segment,
--   segment_order (0 up, 1 mid, 2 down), local_companies, operating_projects, pipeline_projects,
--   status ('strong', 'weak', 'missing'), invested_wan, signed_in_period_wan, open_targets,
--   opportunities, opportunity_wan.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $chain_id (null = every chain), $min_operating, $min_local.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

nodes as (
    select
        n.node_id, n.chain_id, n.name_zh, n.name_en, n.segment,
        case n.segment when 'upstream' then 0 when 'midstream' then 1 else 2 end as segment_order,
        c.name_zh as chain_zh, c.name_en as chain_en, chain_color(c.chain_id) as color, c.sort_order as chain_order
    from chain_nodes as n
    join chains as c on c.chain_id = n.chain_id
    where in_chain_scope($scope, $scope_id, n.chain_id)
      and ($chain_id is null or n.chain_id = $chain_id)
),

projects as (
    select p.*
    from projects as p
    where in_scope($scope, $scope_id, p.chain_id, p.department_id) and p.node_id is not null
),

local_companies as (
    select node_id, count(*) as local_companies
    from companies
    where is_local and node_id is not null
    group by node_id
),

project_counts as (
    select
        p.node_id,
        count(*) filter (is_operating_at(p.stage, p.stage_since, p.actual_start_date, p.operational_date,
                                         period.as_of))
            as operating_projects,
        count(*) filter (stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date,
                                  period.as_of) != 'cancelled'
                         and not coalesce(p.actual_start_date <= period.as_of, false))
            as pipeline_projects,
        sum(p.contract_amount_wan) filter (not is_cancelled_at(p.stage, p.stage_since, period.as_of)
                                           and p.signed_date <= period.as_of)
            as invested_wan,
        sum(p.contract_amount_wan) filter (p.signed_date between period.start_date and period.end_date)
            as signed_in_period_wan
    from projects as p, period
    group by p.node_id
),

open_targets as (
    select tc.node_id, count(*) as open_targets
    from targets_at(period_as_of($year, $quarter, $as_of)) as tc
    where tc.status not in ('signed', 'dropped') and tc.node_id is not null
      and in_scope($scope, $scope_id, tc.chain_id, tc.owner_department_id)
    group by tc.node_id
),

opportunities as (
    select node_id, count(*) as opportunities, sum(investment_wan) as opportunity_wan
    from opportunities
    where node_id is not null
    group by node_id
),

counted as (
    select
        n.*,
        coalesce(l.local_companies, 0) as local_companies,
        coalesce(pc.operating_projects, 0) as operating_projects,
        coalesce(pc.pipeline_projects, 0) as pipeline_projects,
        coalesce(pc.invested_wan, 0) as invested_wan,
        coalesce(pc.signed_in_period_wan, 0) as signed_in_period_wan,
        coalesce(t.open_targets, 0) as open_targets,
        coalesce(o.opportunities, 0) as opportunities,
        coalesce(o.opportunity_wan, 0) as opportunity_wan
    from nodes as n
    left join local_companies as l on l.node_id = n.node_id
    left join project_counts as pc on pc.node_id = n.node_id
    left join open_targets as t on t.node_id = n.node_id
    left join opportunities as o on o.node_id = n.node_id
),

final as (
    select
        chain_id, chain_zh, chain_en, color, chain_order, node_id, name_zh, name_en, segment, segment_order,
        local_companies, operating_projects, pipeline_projects,
        node_status(operating_projects, local_companies, $min_operating, $min_local) as status,
        invested_wan, signed_in_period_wan, open_targets, opportunities, opportunity_wan
    from counted
    order by chain_order, segment_order, node_id
)

select * from final
