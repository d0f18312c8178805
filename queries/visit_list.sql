-- visit_list: the visits (走访: 请进来 inbound, 走出去 outbound) behind the visits figure, one row each:
-- the activities dated in the period up to the as-of date, in scope (the visits query's rule, so
-- without a filter the rows add up to its value). $direction, $leader_level: null = all. Latest
-- first; paged.
-- Returns: activity_id, activity_date, direction, leader_level, department_id, department_zh,
--   department_en, counterpart, chain_id, chain_zh, chain_en, total_rows.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $direction, $leader_level, $limit, $offset.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

activities as (
    select * from activities where in_scope($scope, $scope_id, chain_id, department_id)
),

matching as (
    select a.*
    from activities as a, period
    where a.activity_date between period.start_date and period.end_date
      and ($direction is null or a.direction = $direction)
      and ($leader_level is null or a.leader_level = $leader_level)
),

final as (
    select
        m.activity_id, m.activity_date, m.direction, m.leader_level,
        m.department_id, d.name_zh as department_zh, d.name_en as department_en, m.counterpart,
        m.chain_id, c.name_zh as chain_zh, c.name_en as chain_en,
        count(*) over () as total_rows
    from matching as m
    join departments as d on d.department_id = m.department_id
    left join chains as c on c.chain_id = m.chain_id
    order by m.activity_date desc, m.activity_id
    limit $limit offset $offset
)

select * from final
