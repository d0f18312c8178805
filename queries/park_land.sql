-- park_land: the parks and areas with their available industrial land (parks.available_land_ha, 公顷;
-- null when not given), how many of the city's resources lie in them, the projects there (signed by
-- the as-of date, not cancelled by then) and the opportunities offered there.
-- Returns: park_id, name_zh, name_en, lon, lat, available_land_ha, resources, projects, opportunities.
-- Params: $year, $quarter, $as_of (null = end of period), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

project_counts as (
    select p.park_id, count(*) as projects
    from projects as p, period
    where p.park_id is not null and not is_cancelled_at(p.stage, p.stage_since, period.as_of)
      and p.signed_date <= period.as_of
      and in_scope($scope, $scope_id, p.chain_id, p.department_id)
    group by p.park_id
),

resource_counts as (
    select park_id, count(*) as resources
    from resources
    where park_id is not null
    group by park_id
),

opportunity_counts as (
    select park_id, count(*) as opportunities
    from opportunities
    where park_id is not null and in_chain_scope($scope, $scope_id, chain_id)
    group by park_id
),

final as (
    select
        pk.park_id, pk.name_zh, pk.name_en, pk.lon, pk.lat, pk.available_land_ha,
        coalesce(r.resources, 0) as resources,
        coalesce(p.projects, 0) as projects,
        coalesce(o.opportunities, 0) as opportunities
    from parks as pk
    left join resource_counts as r on r.park_id = pk.park_id
    left join project_counts as p on p.park_id = pk.park_id
    left join opportunity_counts as o on o.park_id = pk.park_id
    order by pk.available_land_ha desc nulls last, pk.park_id
)

select * from final
