-- The tiny fixture store: hand-checkable numbers for the unit, page and browser tests.
-- Written on top of data/schema.sql by tests/fixture.py. Amounts in 万元.
--
-- Hand-computed figures the tests rely on (2023 vs 2022, whole city, as of each year's end):
--   new signed projects 3 (p3, p4, p5) vs 2 (p1, p2); signed amount 8000 vs 4000 (+100 %);
--   funds arrived 3500 vs 800 (+337.5 %);
--   contract-to-start rate 1/3 (p3 started; p4 starts 2024-01-10; p5 not started), weighted 2000/8000;
--     2022: 1/2 (p1; p2 starts 2023-03-15), weighted 1000/4000;
--   fund-arrival rate 2200/8000 = 0.275 (p3 1000, p4 1000, p5 200) vs 800/4000 = 0.2;
--   visits 3 (2 inbound, 1 outbound led by a principal leader) vs 2;
--   overdue 2023: red t1 open past due, red t2 closed late; blue t3 closed on time.

insert into departments values
    ('d1', '市投资促进局', 'Investment Promotion Bureau'),
    ('d2', '市工业和信息化局', 'Industry and IT Bureau');

insert into chains values
    ('steel', '钢', 'Steel', 'd2', 1, '市长', '#4E79A7'),
    ('new_energy', '新能源', 'New energy', 'd1', 2, '副市长', '#59A14F'),
    ('aluminium', '铝', 'Aluminium', 'd2', 3, '常务副市长', '#A0CBE8');

insert into chain_nodes values
    ('steel_ore', 'steel', 'upstream', '铁矿石采选', 'Iron ore'),
    ('steel_smelt', 'steel', 'midstream', '钢铁冶炼', 'Steel making'),
    ('steel_structure', 'steel', 'downstream', '钢结构', 'Steel structures'),
    ('ne_pv', 'new_energy', 'midstream', '光伏组件', 'PV modules'),
    ('ne_storage', 'new_energy', 'midstream', '储能电站', 'Energy storage'),
    ('ne_grid', 'new_energy', 'downstream', '电网与外送', 'Grid'),
    ('al_foil', 'aluminium', 'downstream', '铝箔', 'Foil');

insert into chain_links values
    ('steel_ore', 'steel_smelt'), ('steel_smelt', 'steel_structure'),
    ('ne_pv', 'ne_grid'), ('ne_storage', 'ne_grid');

insert into parks values
    ('jiabei', '嘉北工业园区', 'Jiabei Industrial Park', 98.265, 39.865, 1280.00),
    ('jiaxi', '嘉西光伏产业园', 'Jiaxi PV Park', 98.080, 39.745, null);

insert into companies (company_id, name_zh, province, city, ownership, size, chain_id, node_id, is_local) values
    ('c1', '嘉峪关钢铁制品有限公司', '甘肃', '嘉峪关', 'local_soe', 'large', 'steel', 'steel_smelt', true),
    ('c2', '宁夏舍光新能源有限公司', '宁夏', '银川', 'private', 'large', 'new_energy', 'ne_storage', false),
    ('c3', '河北文丰钢铁有限公司', '河北', '邢台', 'private', 'large', 'steel', 'steel_structure', false),
    ('c4', '华为技术有限公司', '广东', '深圳', 'private', 'large', 'new_energy', 'ne_pv', false),
    ('c5', '宝武铝业科技有限公司', '上海', '上海', 'central_soe', 'large', 'aluminium', 'al_foil', false);

insert into target_companies values
    ('c3', 'a', 'contacted', 'd2', '2023-06-01'),
    ('c4', 'b', 'not_contacted', 'd1', null),
    ('c5', 'a', 'negotiating', 'd2', '2023-10-15');

insert into funds values
    ('f1', '产业发展引导基金', 'guidance', 10000.00, 300.00),
    ('special', '招商引资产业扶持专项资金', 'special', 1000.00, 50.00);

insert into projects values
    ('p1', '钢结构加工项目', 'c1', 'steel', 'steel_structure', 'd2', 'jiabei', 'operational',
     '2022-03-10', 1000.00, 800.00, '2022-05-01', '2022-06-01', '2023-05-01', null, null, '2023-05-01'),
    ('p2', '储能电站项目', 'c2', 'new_energy', 'ne_storage', 'd1', 'jiaxi', 'started',
     '2022-11-20', 3000.00, 2500.00, '2023-02-01', '2023-03-15', null, 'f1', '王先生', '2023-03-15'),
    ('p3', '钢渣综合利用项目', 'c3', 'steel', 'steel_structure', 'd2', 'jiabei', 'started',
     '2023-02-15', 2000.00, 1500.00, '2023-05-01', '2023-04-20', null, null, null, '2023-04-20'),
    ('p4', '光伏组件项目', 'c2', 'new_energy', 'ne_pv', 'd1', 'jiaxi', 'started',
     '2023-05-05', 5000.00, 4000.00, '2023-08-01', '2024-01-10', null, null, '李女士', '2024-01-10'),
    ('p5', '绿电外送项目', 'c2', 'new_energy', 'ne_grid', 'd2', 'jiaxi', 'procedures',
     '2023-08-08', 1000.00, 900.00, '2023-10-01', null, null, 'special', null, '2023-09-01'),
    ('p6', '钢铁冶炼升级项目', 'c1', 'steel', 'steel_smelt', 'd1', 'jiabei', 'lead',
     null, null, null, null, null, null, null, null, '2023-10-01');

insert into project_quarters values
    ('p1', 2022, 1, 100.00), ('p1', 2022, 2, 200.00), ('p1', 2023, 1, 300.00),
    ('p2', 2022, 4, 500.00), ('p2', 2023, 2, 1000.00),
    ('p3', 2023, 1, 400.00), ('p3', 2023, 3, 600.00),
    ('p4', 2023, 3, 1000.00), ('p4', 2024, 1, 1000.00),
    ('p5', 2023, 4, 200.00);

insert into targets values
    (2023, null, 'city', null, 'signed_amount', 10000),
    (2023, null, 'city', null, 'funds_arrived', 5000),
    (2023, null, 'city', null, 'contract_to_start_rate', 0.5),
    (2023, null, 'chain', 'steel', 'signed_amount', 3000),
    (2023, null, 'chain', 'new_energy', 'signed_amount', 6000),
    (2023, 3, 'city', null, 'signed_amount', 2500);

insert into tasks values
    ('t1', 'p5', 'red', '推进土地招拍挂', 'd2', '2023-08-10', '2023-09-10', null),
    ('t2', 'p4', 'red', '协调电力接入', 'd1', '2023-05-10', '2023-06-10', '2023-06-20'),
    ('t3', 'p3', 'blue', '组织项目研判会商', 'd2', '2023-01-05', '2023-02-05', '2023-02-01'),
    ('t4', 'p6', 'blue', '对接企业高层并报送洽谈进展', 'd1', '2023-11-01', '2024-01-31', null);

insert into fund_investments values
    ('f1', 'p2', 300.00, '2023-01-10'),
    ('special', 'p5', 50.00, '2023-12-01');

insert into resources values
    ('slag', '钢渣', 'byproduct', 300.00, '万吨/年', 98.28, 39.83, 'jiabei'),
    ('solar', '光伏可开发装机', 'energy', 1000.00, '万千瓦', 98.08, 39.74, 'jiaxi');

insert into resource_uses values
    ('slag', 'steel', 'steel_structure'),
    ('solar', 'new_energy', 'ne_pv'),
    ('solar', 'new_energy', 'ne_storage');

insert into opportunities values
    ('o1', '钢渣微粉招商项目', 'steel', 'steel_structure', 'jiabei', 'slag', 30000.00),
    ('o2', '储能电池招商项目', 'new_energy', 'ne_storage', 'jiaxi', 'solar', 80000.00);

insert into activities values
    ('a1', '2023-03-01', 'inbound', 'city_leader', 'd1', '宁夏舍光新能源有限公司', 'new_energy'),
    ('a2', '2023-06-01', 'inbound', 'department', 'd2', '河北文丰钢铁有限公司', 'steel'),
    ('a3', '2023-09-01', 'outbound', 'principal', 'd1', '华为技术有限公司', 'new_energy'),
    ('a4', '2022-04-01', 'outbound', 'city_leader', 'd2', null, 'steel'),
    ('a5', '2022-08-01', 'inbound', 'department', 'd1', null, null);

insert into store_info values ('demo', 'false'), ('data_through', '2024-03-31');
