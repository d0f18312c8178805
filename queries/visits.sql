-- visits: 走访 (请进来、走出去) = count of activities dated in the period, by direction and, for
-- outbound trips, by the level of the leader who led them.
-- Returns one row: value, value_prev, yoy, inbound, outbound, outbound_principal,
--   outbound_city_leader, outbound_department.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period; the period is read up
--   to it), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with activities as (
    select * from activities where in_scope($scope, $scope_id, chain_id, department_id)
),

per_period as (
    select
        p.which,
        count(a.activity_id) as value,
        count(a.activity_id) filter (a.direction = 'inbound') as inbound,
        count(a.activity_id) filter (a.direction = 'outbound') as outbound,
        count(a.activity_id) filter (a.direction = 'outbound' and a.leader_level = 'principal') as outbound_principal,
        count(a.activity_id) filter (a.direction = 'outbound' and a.leader_level = 'city_leader') as outbound_city_leader,
        count(a.activity_id) filter (a.direction = 'outbound' and a.leader_level = 'department') as outbound_department
    from periods($year, $quarter, $as_of) as p
    left join activities as a on a.activity_date between p.start_date and p.end_date
    group by p.which
),

pivoted as (
    select
        max(value) filter (which = 'cur') as value,
        max(value) filter (which = 'prev') as value_prev,
        max(inbound) filter (which = 'cur') as inbound,
        max(outbound) filter (which = 'cur') as outbound,
        max(outbound_principal) filter (which = 'cur') as outbound_principal,
        max(outbound_city_leader) filter (which = 'cur') as outbound_city_leader,
        max(outbound_department) filter (which = 'cur') as outbound_department
    from per_period
),

final as (
    select *, yoy(value, value_prev) as yoy
    from pivoted
)

select * from final
