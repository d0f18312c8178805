-- target_list: the target-company list (目标企业清单) as the explorer filters it (the target_matches
-- macro of data/schema.sql: filters, search by name, full pinyin or initials), sorted and paged in
-- the database. $limit null = every matching row (the export). A search puts its best hits first
-- (match_rank: the name, pinyin or initials equal to the term, then starting with it, then the
-- rest), each group in the chosen $sort: 'name' (pinyin A→Z), 'priority' (A first), 'recent'
-- (latest contact first), 'stale' (never contacted, then the longest without contact, first);
-- ties by pinyin, then company_id. A target's status and last contact are those at $as_of
-- (targets_at), and the status and contact filters read them.
-- Returns: company_id, name_zh, province, city, chain_id, chain_zh, chain_en, node_id, node_zh,
--   node_en, ownership, size, is_local, is_target, priority, status, owner_department_id,
--   department_zh, department_en, last_contact_date.
-- Params: $scope, $scope_id, $as_of, $targets_only, $chains, $nodes, $provinces, $ownerships, $sizes,
--   $priorities, $statuses, $departments (lists of codes, null = all), $contact_after,
--   $contact_before (dates, null = open), $q, $q_py (search, null = none), $sort, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with matched as (
    select *
    from target_matches($scope, $scope_id, $as_of::date, $targets_only, $chains, $nodes, $provinces, $ownerships, $sizes,
                        $priorities, $statuses, $departments, $contact_after, $contact_before, $q, $q_py)
),

final as (
    select
        m.company_id, m.name_zh, m.province, m.city,
        m.chain_id, ch.name_zh as chain_zh, ch.name_en as chain_en,
        m.node_id, n.name_zh as node_zh, n.name_en as node_en,
        m.ownership, m.size, m.is_local, m.is_target, m.priority, m.status,
        m.owner_department_id, d.name_zh as department_zh, d.name_en as department_en,
        m.last_contact_date
    from matched as m
    left join chains as ch on ch.chain_id = m.chain_id
    left join chain_nodes as n on n.node_id = m.node_id
    left join departments as d on d.department_id = m.owner_department_id
    order by
        m.match_rank,
        case when $sort = 'priority' then m.priority end nulls last,
        case when $sort = 'recent' then m.last_contact_date end desc nulls last,
        case when $sort = 'stale' then m.last_contact_date end nulls first,
        m.name_pinyin, m.company_id
    limit $limit offset $offset
)

select * from final
