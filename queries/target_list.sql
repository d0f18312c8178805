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
with matched as not materialized (
    select *
    from target_matches($scope, $scope_id, $as_of::date, $targets_only, $chains, $nodes, $provinces, $ownerships, $sizes,
                        $priorities, $statuses, $departments, $contact_after, $contact_before, $q, $q_py)
),

-- the page of rows first, then the names of its chains, nodes and departments (50 rows, not all).
-- With no search and the name sort the order is (name_pinyin, company_id) alone: written so, its
-- first key is a stored column, and as target_status_spans is kept in that order DuckDB reads only
-- the row groups that can hold the page (the top-N filter on the scan) instead of every target.
page as (
    (select *, null::varchar as by_priority, null::date as by_recent, null::date as by_stale
     from matched
     where $q is null and $sort = 'name'
     order by name_pinyin, company_id
     limit $limit offset $offset)
    union all
    (select
         m.*,
         case when $sort = 'priority' then m.priority end as by_priority,
         case when $sort = 'recent' then m.last_contact_date end as by_recent,
         case when $sort = 'stale' then m.last_contact_date end as by_stale
     from matched as m
     where not ($q is null and $sort = 'name')
     order by m.match_rank, by_priority nulls last, by_recent desc nulls last, by_stale nulls first, m.name_pinyin,
         m.company_id
     limit $limit offset $offset)
),

final as (
    select
        p.company_id, p.name_zh, p.province, p.city,
        p.chain_id, ch.name_zh as chain_zh, ch.name_en as chain_en,
        p.node_id, n.name_zh as node_zh, n.name_en as node_en,
        p.ownership, p.size, p.is_local, p.is_target, p.priority, p.status,
        p.owner_department_id, d.name_zh as department_zh, d.name_en as department_en,
        p.last_contact_date
    from page as p
    left join chains as ch on ch.chain_id = p.chain_id
    left join chain_nodes as n on n.node_id = p.node_id
    left join departments as d on d.department_id = p.owner_department_id
    order by p.match_rank, p.by_priority nulls last, p.by_recent desc nulls last, p.by_stale nulls first, p.name_pinyin,
        p.company_id
)

select * from final
