-- company_profile: one company as the target-company explorer shows it: where it sits on the chains,
-- its contact history as a target (status and last contact at the as-of date, targets_at), and what
-- the city has with it, up to the as-of date: projects, signed amount (contract_amount_wan of its projects signed by then), funds
-- arrived (its projects' funds_arrived_wan in quarters ended by then), fund money invested in its
-- projects by then, and visits (activities whose counterpart is the company's name).
-- Returns one row (none when the company is not in scope): company_id, name_zh, province, city,
--   ownership, size, is_local, chain_id, chain_zh, chain_en, node_id, node_zh, node_en, segment,
--   is_target, priority, status, owner_department_zh, owner_department_en, last_contact_date,
--   projects, signed_projects, signed_wan, arrived_wan, fund_wan, visits, last_visit_date.
-- Params: $company_id, $as_of, $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with company as (
    select c.*, t.company_id is not null as is_target, t.priority, t.status, t.owner_department_id,
           t.last_contact_date
    from companies as c
    left join targets_at($as_of::date) as t on t.company_id = c.company_id
    where c.company_id = $company_id
      and in_scope($scope, $scope_id, c.chain_id, t.owner_department_id)
),

projects as (
    select p.*
    from projects as p
    where p.company_id = $company_id and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

signed as (
    select count(*) filter (stage_at(stage, stage_since, signed_date, actual_start_date, operational_date,
                                     $as_of::date) is not null) as projects,
           count(*) filter (signed_date <= $as_of) as signed_projects,
           coalesce(sum(contract_amount_wan) filter (signed_date <= $as_of), 0) as signed_wan
    from projects
),

arrived as (
    select coalesce(sum(q.funds_arrived_wan), 0) as arrived_wan
    from project_quarters as q
    semi join projects as p on p.project_id = q.project_id
    where period_end(q.year, q.quarter) <= $as_of
),

funded as (
    select coalesce(sum(fi.amount_wan), 0) as fund_wan
    from fund_investments as fi
    semi join projects as p on p.project_id = fi.project_id
    where fi.invested_date <= $as_of
),

visits as (
    select count(*) as visits, max(a.activity_date) as last_visit_date
    from activities as a, company as c
    where a.counterpart = c.name_zh and a.activity_date <= $as_of
      and in_scope($scope, $scope_id, a.chain_id, a.department_id)
),

final as (
    select
        c.company_id, c.name_zh, c.province, c.city, c.ownership, c.size, c.is_local,
        c.chain_id, ch.name_zh as chain_zh, ch.name_en as chain_en,
        c.node_id, n.name_zh as node_zh, n.name_en as node_en, n.segment,
        c.is_target, c.priority, c.status, d.name_zh as owner_department_zh,
        d.name_en as owner_department_en, c.last_contact_date,
        s.projects, s.signed_projects, s.signed_wan, a.arrived_wan, f.fund_wan, v.visits, v.last_visit_date
    from company as c
    left join chains as ch on ch.chain_id = c.chain_id
    left join chain_nodes as n on n.node_id = c.node_id
    left join departments as d on d.department_id = c.owner_department_id
    cross join signed as s
    cross join arrived as a
    cross join funded as f
    cross join visits as v
)

select * from final
