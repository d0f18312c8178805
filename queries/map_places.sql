-- map_places: what to draw on the offline map: every park (square) and every resource (circle, by
-- kind) with its coordinates; a resource without coordinates of its own is placed at its park, one
-- with neither is left out. A chain scope sees the resources its chains use
-- (scope_has: scope_id may name several chains) and every park.
-- Returns: place ('park' or 'resource'), place_id, name_zh, kind ('park' for parks), lon, lat,
--   quantity, unit (for parks: available_land_ha and '公顷'), park_id (the park a resource lies in;
--   a park's own id for a park), name_en (a park's English name; null for a resource, whose name the
--   store keeps in Chinese only).
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with parks_ as (
    select 'park' as place, park_id as place_id, name_zh, 'park' as kind, lon, lat,
           available_land_ha as quantity, '公顷' as unit, park_id, name_en
    from parks
),

resources_ as (
    select 'resource' as place, r.resource_id, r.name_zh, r.kind,
           coalesce(r.lon, pk.lon) as lon, coalesce(r.lat, pk.lat) as lat, r.quantity, r.unit, r.park_id,
           null as name_en
    from resources as r
    left join parks as pk on pk.park_id = r.park_id
    where $scope != 'chain'
       or exists (select 1 from resource_uses as u where u.resource_id = r.resource_id and scope_has($scope_id, u.chain_id))
),

final as (
    select * from parks_
    union all
    select * from resources_ where lon is not null and lat is not null
    order by place, place_id
)

select * from final
