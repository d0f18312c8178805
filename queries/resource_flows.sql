-- resource_flows: how the city's resources feed the chains, as the links of a Sankey diagram:
-- resource → chain node (resource_uses with a node) → the node's projects (signed by the as-of date,
-- not cancelled by then). A node's biggest $top_projects projects are shown by name, the rest (two or more)
-- as one "其他 n 个项目" link. Widths are contract amounts (万元); a node fed by several of the resources
-- shown (those of $kind) shares its amount equally among them (for the drawing only). Resource → node
-- pairs whose node has no project are returned with value 0 (link 'resource_node_empty'): resources
-- nothing uses yet.
-- Returns: link ('resource_node', 'resource_node_empty' or 'node_project'), source_id, source_zh,
--   source_kind (resource kind, or null), target_id, target_zh, chain_id, chain_zh, color, value_wan,
--   projects (on the node for a resource → node link; in the link for node → project), and the English
--   names source_en, target_en, chain_en (null where the store keeps only a Chinese name: resources,
--   projects).
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id, $kind (null = every
--   resource kind), $top_projects.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

uses as (
    select distinct u.resource_id, r.name_zh as resource_zh, r.kind, u.node_id, n.name_zh as node_zh,
           n.name_en as node_en, n.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
           chain_color(c.chain_id) as color
    from resource_uses as u
    join resources as r on r.resource_id = u.resource_id
    join chain_nodes as n on n.node_id = u.node_id
    join chains as c on c.chain_id = n.chain_id
    where ($kind is null or r.kind = $kind)
      and in_chain_scope($scope, $scope_id, n.chain_id)
),

node_projects as (
    select
        p.project_id, p.name_zh, p.node_id, p.contract_amount_wan,
        row_number() over (partition by p.node_id order by p.contract_amount_wan desc, p.project_id) as rank,
        count(*) over (partition by p.node_id) as on_node
    from projects as p, period
    where p.node_id in (select node_id from uses)
      and not is_cancelled_at(p.stage, p.stage_since, period.as_of)
      and p.signed_date <= period.as_of and p.contract_amount_wan > 0
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

node_totals as (
    select node_id, sum(contract_amount_wan) as total_wan, count(*) as projects
    from node_projects
    group by node_id
),

resources_per_node as (
    select node_id, count(*) as resources from uses group by node_id
),

resource_node as (
    select
        case when t.total_wan is null then 'resource_node_empty' else 'resource_node' end as link,
        u.resource_id as source_id, u.resource_zh as source_zh, u.kind as source_kind,
        u.node_id as target_id, u.node_zh as target_zh, u.chain_id, u.chain_zh, u.color,
        coalesce(t.total_wan / rn.resources, 0) as value_wan, coalesce(t.projects, 0) as projects,
        null as source_en, u.node_en as target_en, u.chain_en
    from uses as u
    join resources_per_node as rn on rn.node_id = u.node_id
    left join node_totals as t on t.node_id = u.node_id
),

-- a project is named when it is among the top ones, or when only one would be left for "其他"
named as (
    select *, rank <= $top_projects or on_node <= $top_projects + 1 as is_named
    from node_projects
),

node_project as (
    select
        'node_project' as link, np.node_id as source_id, n.name_zh as source_zh, null as source_kind,
        case when np.is_named then np.project_id else np.node_id || ':rest' end as target_id,
        case when np.is_named then any_value(np.name_zh) else '其他 ' || count(*) || ' 个项目' end as target_zh,
        n.chain_id, c.name_zh as chain_zh, chain_color(n.chain_id) as color, sum(np.contract_amount_wan) as value_wan, count(*) as projects,
        n.name_en as source_en,
        case when np.is_named then null else 'other ' || count(*) || ' projects' end as target_en, c.name_en as chain_en
    from named as np
    join chain_nodes as n on n.node_id = np.node_id
    join chains as c on c.chain_id = n.chain_id
    group by np.node_id, n.name_zh, n.name_en, n.chain_id, c.name_zh, c.name_en, np.is_named,
        case when np.is_named then np.project_id else np.node_id || ':rest' end
),

final as (
    select * from resource_node
    union all
    select * from node_project
    order by link, chain_id, source_id, target_id like '%:rest', value_wan desc, target_id
)

select * from final
