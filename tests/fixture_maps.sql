-- Issue 3's extra fixture rows (the three maps and the opportunity list), loaded after fixture.sql:
-- two resources without coordinates of their own and two more opportunities. No project, company,
-- fund or task is added, so every figure of the other fixture files stays as it was.
--
-- After this file: resources slag (jiabei, 98.28/39.83), solar (jiaxi, 98.08/39.74), land_jiabei (no
-- coordinates → placed at park jiabei 98.265/39.865), water (no coordinates, no park → not on the map).
-- resource_uses: slag → steel_structure, solar → ne_pv and ne_storage, land_jiabei → steel_smelt
-- (no signed project there: a resource nothing uses yet), water → the steel chain, no node.
-- opportunities: o1 steel_structure jiabei slag 30000, o2 ne_storage jiaxi solar 80000,
-- o3 ne_pv jiaxi solar 5000, o4 al_foil (no park, no resource) 12000.

insert into resources (resource_id, name_zh, kind, quantity, unit, lon, lat, park_id) values
    ('land_jiabei', '嘉北园区可用工业用地', 'land', 1280.00, '公顷', null, null, 'jiabei'),
    ('water', '讨赖河地表水', 'water', 2.10, '亿立方米/年', null, null, null);

insert into resource_uses (resource_id, chain_id, node_id) values
    ('land_jiabei', 'steel', 'steel_smelt'),
    ('water', 'steel', null);

insert into opportunities (opportunity_id, name_zh, chain_id, node_id, park_id, resource_id, investment_wan) values
    ('o3', '光伏组件配套招商项目', 'new_energy', 'ne_pv', 'jiaxi', 'solar', 5000.00),
    ('o4', '铝箔精深加工招商项目', 'aluminium', 'al_foil', null, null, 12000.00);
