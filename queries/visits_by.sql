-- visits_by: 走访 (请进来、走出去) in the period, grouped by $by — 'direction', 'leader_level',
-- 'department', 'chain' or 'quarter' — by the definition of visits (activities dated in the period,
-- read up to the as-of date): the groups add up to visits' value, inbound, outbound and its leader
-- levels. Activities with no chain form one group with key null when $by = 'chain'. Groups with no
-- activity are left out; quarters in time order, other groups largest first.
-- Returns: key, name_zh, name_en (department and chain names; null otherwise), color (chains),
--   total, inbound, outbound, outbound_principal, outbound_city_leader, outbound_department.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id, $by.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

activities as (
    select a.*
    from activities as a, period
    where in_scope($scope, $scope_id, a.chain_id, a.department_id)
      and a.activity_date between period.start_date and period.end_date
),

keyed as (
    select
        *,
        case $by
            when 'direction' then direction
            when 'leader_level' then leader_level
            when 'department' then department_id
            when 'chain' then chain_id
            when 'quarter' then year(activity_date) || 'Q' || quarter(activity_date)
        end as key
    from activities
),

grouped as (
    select
        key,
        count(*) as total,
        count(*) filter (direction = 'inbound') as inbound,
        count(*) filter (direction = 'outbound') as outbound,
        count(*) filter (direction = 'outbound' and leader_level = 'principal') as outbound_principal,
        count(*) filter (direction = 'outbound' and leader_level = 'city_leader') as outbound_city_leader,
        count(*) filter (direction = 'outbound' and leader_level = 'department') as outbound_department
    from keyed
    group by key
),

final as (
    select
        g.key,
        coalesce(d.name_zh, c.name_zh) as name_zh,
        coalesce(d.name_en, c.name_en) as name_en,
        chain_color(c.chain_id) as color,
        g.total, g.inbound, g.outbound, g.outbound_principal, g.outbound_city_leader, g.outbound_department
    from grouped as g
    left join departments as d on $by = 'department' and d.department_id = g.key
    left join chains as c on $by = 'chain' and c.chain_id = g.key
    order by case when $by = 'quarter' then g.key end, g.total desc, c.sort_order, g.key
)

select * from final
