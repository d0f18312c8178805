-- company_visits: the visits (走访, activities) with one company — those whose counterpart is the
-- company's name — up to the as-of date, newest first.
-- Returns: activity_id, activity_date, direction, leader_level, department_zh, department_en, chain_zh,
--   chain_en.
-- Params: $company_id, $as_of, $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with company as (
    select name_zh from companies where company_id = $company_id
),

final as (
    select
        a.activity_id, a.activity_date, a.direction, a.leader_level,
        d.name_zh as department_zh, d.name_en as department_en,
        ch.name_zh as chain_zh, ch.name_en as chain_en
    from activities as a
    join company as c on c.name_zh = a.counterpart
    join departments as d on d.department_id = a.department_id
    left join chains as ch on ch.chain_id = a.chain_id
    where a.activity_date <= $as_of
      and in_scope($scope, $scope_id, a.chain_id, a.department_id)
    order by a.activity_date desc, a.activity_id
)

select * from final
