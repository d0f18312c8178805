-- referrer_projects: the projects with a referrer (引荐人, projects.referrer) signed in the period —
-- those the referrer-reward method pays for — with the fixed-asset investment the reward's tiers are
-- read from, whether the project had started construction by the as-of date, and the reward: that of
-- the highest tier ($tier_min[i] ≤ fixed_asset_wan → $tier_reward[i], 万元; data/assessment.toml's
-- [[referrer_reward.tier]], bound by zsgt.assessment.reward_params) at most $reward_cap_wan, 0 below the
-- first tier or without an amount; status 'payable' now, 'pending' until the project starts (when
-- $require_started), 'below' the first tier. stage = the stage at the as-of date (stage_at);
-- actual_start_date = the start as known then (known_by: null when it came later). Largest
-- first; paged: total_rows, payable_wan and pending_wan are over every row ($limit null = all).
-- Returns: project_id, name_zh, referrer, company_zh, chain_id, chain_zh, chain_en, department_zh,
--   department_en, signed_date, stage, fixed_asset_wan, contract_amount_wan, actual_start_date, started,
--   reward_wan, status, total_rows, payable_wan, pending_wan.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $tier_min, $tier_reward (lists, one entry per tier), $reward_cap_wan, $require_started, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

referred as (
    select
        p.project_id, p.name_zh, p.referrer, p.company_id, p.chain_id, c.name_zh as chain_zh,
        c.name_en as chain_en, d.name_zh as department_zh, d.name_en as department_en, p.signed_date,
        stage_at(p.stage, p.stage_since, p.signed_date, p.actual_start_date, p.operational_date, period.as_of) as stage,
        p.fixed_asset_wan, p.contract_amount_wan, known_by(p.actual_start_date, period.as_of) as actual_start_date,
        coalesce(p.actual_start_date <= period.as_of, false) as started,
        least(coalesce(list_max(list_transform(
            list_filter(list_zip($tier_min::double[], $tier_reward::double[]), lambda t: t[1] <= p.fixed_asset_wan),
            lambda t: t[2])), 0), $reward_cap_wan::double) as reward_wan
    from projects as p
    join chains as c on c.chain_id = p.chain_id
    join departments as d on d.department_id = p.department_id, period
    where p.referrer is not null
      and p.signed_date between period.start_date and period.end_date
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
),

rewarded as (
    select
        *,
        case when reward_wan = 0 then 'below'
             when $require_started and not started then 'pending'
             else 'payable' end as status
    from referred
),

paged as (
    select
        *,
        count(*) over () as total_rows,
        coalesce(sum(reward_wan) filter (where status = 'payable') over (), 0) as payable_wan,
        coalesce(sum(reward_wan) filter (where status = 'pending') over (), 0) as pending_wan
    from rewarded
    order by fixed_asset_wan desc nulls last, project_id
    limit $limit offset $offset
),

-- the page of rows first, then the company names of those rows only (not of a million companies)
final as (
    select
        r.project_id, r.name_zh, r.referrer, co.name_zh as company_zh, r.chain_id, r.chain_zh, r.chain_en,
        r.department_zh, r.department_en, r.signed_date, r.stage, r.fixed_asset_wan, r.contract_amount_wan,
        r.actual_start_date, r.started, r.reward_wan, r.status, r.total_rows, r.payable_wan, r.pending_wan
    from paged as r
    join companies as co on co.company_id = r.company_id
    order by r.fixed_asset_wan desc nulls last, r.project_id
)

select * from final
