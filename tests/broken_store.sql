-- A broken store: the fixture store copied without its constraints (as a store loaded elsewhere may
-- be), then one fault per check of zsgt/checks.py, each failing exactly one row of that check and no
-- other. tests/fixture.py write_broken_fixture applies it; tests/test_checks.py names each fault's row.
-- (Not named fixture*.sql: write_fixture loads those into the clean fixture store.)

-- == required: one empty required column per table ==
update departments set name_en = null where department_id = 'd2';
update chains set name_en = null where chain_id = 'new_energy';
update chain_nodes set name_en = null where node_id = 'ne_grid';
insert into chain_links values (null, 'steel_ore');
update parks set name_en = null where park_id = 'jiabei';
update companies set city = null where company_id = 'c6';
update target_companies set priority = null where company_id = 'c6';
update funds set invested_wan = null where fund_id = 'f1';
insert into project_quarters values ('p3', 2023, 2, null);
insert into targets values (2024, null, 'city', null, 'signed_amount', null);
insert into fund_investments values ('special', 'p3', 10.00, null);
update resources set unit = null where resource_id = 'slag';
insert into resource_uses values (null, 'steel', 'steel_ore');
update opportunities set name_zh = null where opportunity_id = 'o3';
insert into activities values ('ax1', '2023-05-01', null, 'department', 'd1', null, null);

-- == accepted values ==
update chain_nodes set segment = 'middle' where node_id = 'steel_ore';
update companies set ownership = 'state' where company_id = 'c2';
update companies set size = 'huge' where company_id = 'c3';
update target_companies set priority = 'd' where company_id = 'c4';
update target_companies set status = 'lost' where company_id = 'c5';
update funds set kind = 'angel' where fund_id = 'f1';
insert into project_quarters values ('p4', 2024, 5, 100.00);
insert into targets values (2023, null, 'province', 'gansu', 'funds_arrived', 1);
insert into targets values (2024, 5, 'city', null, 'funds_arrived', 1);
insert into targets values (2024, null, 'city', null, 'profit', 1);
update resources set kind = 'forest' where resource_id = 'solar';
update activities set direction = 'sideways' where activity_id = 'a1';
update activities set leader_level = 'mayor' where activity_id = 'a2';

-- == relationships: each points to a row that does not exist ==
update chains set lead_department_id = 'd9' where chain_id = 'steel';
update chain_nodes set chain_id = 'copper' where node_id = 'steel_ore';
insert into chain_links values ('nowhere', 'ne_grid'), ('ne_pv', 'nowhere');
update companies set chain_id = 'copper' where company_id = 'c6';
update companies set node_id = 'nowhere' where company_id = 'c4';
insert into target_companies values ('c99', 'a', 'contacted', 'd1', null);
update target_companies set owner_department_id = 'd9' where company_id = 'c3';
insert into project_quarters values ('x99', 2023, 1, 10.00);
insert into fund_investments values ('nofund', 'p3', 10.00, '2023-05-01'), ('f1', 'x99', 10.00, '2023-05-01');
update resources set park_id = 'nopark' where resource_id = 'land_jiabei';
insert into resource_uses values ('nores', 'steel', null), ('slag', 'copper', null), ('slag', 'steel', 'nowhere');
insert into opportunities values
    ('ox1', '铜箔招商项目', 'copper', null, null, null, 100.00),
    ('ox2', '环节不存在的招商项目', 'steel', 'nowhere', null, null, 100.00),
    ('ox3', '园区不存在的招商项目', 'steel', null, 'nopark', null, 100.00),
    ('ox4', '资源不存在的招商项目', 'steel', null, null, 'nores', 100.00);
insert into activities values
    ('ax2', '2023-05-02', 'inbound', 'department', 'd9', null, null),
    ('ax3', '2023-05-03', 'inbound', 'department', 'd1', null, 'copper');
insert into targets values (2023, null, 'chain', 'copper', 'signed_amount', 1);

-- == projects: one new project per fault (lead projects without dates trip no other rule) ==
insert into projects (project_id, name_zh, company_id, chain_id, node_id, department_id, park_id, stage,
                      signed_date, contract_amount_wan, planned_start_date, actual_start_date,
                      operational_date, fund_id) values
    ('x01', '公司不存在', 'c99', 'steel', null, 'd1', null, 'lead', null, null, null, null, null, null),
    ('x02', '产业链不存在', 'c1', 'copper', null, 'd1', null, 'lead', null, null, null, null, null, null),
    ('x03', '环节不存在', 'c1', 'steel', 'nowhere', 'd1', null, 'lead', null, null, null, null, null, null),
    ('x04', '部门不存在', 'c1', 'steel', null, 'd9', null, 'lead', null, null, null, null, null, null),
    ('x05', '园区不存在', 'c1', 'steel', null, 'd1', 'nopark', 'lead', null, null, null, null, null, null),
    ('x06', '基金不存在', 'c1', 'steel', null, 'd1', null, 'lead', null, null, null, null, null, 'nofund'),
    ('x07', null, 'c1', 'steel', null, 'd1', null, 'lead', null, null, null, null, null, null),
    ('x08', '阶段写错', 'c1', 'steel', null, 'd1', null, 'building', null, null, null, null, null, null),
    ('x09', '环节属于别的链', 'c1', 'steel', 'ne_pv', 'd1', null, 'lead', null, null, null, null, null, null),
    ('x10', '签约无合同额', 'c1', 'steel', null, 'd1', null, 'signed', '2023-06-01', null, null, null, null, null),
    ('x11', '签约阶段无签约日期', 'c1', 'steel', null, 'd1', null, 'signed', null, null, null, null, null, null),
    ('x12', '开工无开工日期', 'c1', 'steel', null, 'd1', null, 'started', '2023-01-01', 100.00, null, null, null, null),
    ('x13', '投运无投运日期', 'c1', 'steel', null, 'd1', null, 'operational', '2022-01-01', 100.00, null,
     '2022-06-01', null, null),
    ('x14', '合同额为负', 'c1', 'steel', null, 'd1', null, 'lead', null, -5.00, null, null, null, null),
    ('x15', '开工早于签约', 'c1', 'steel', null, 'd1', null, 'started', '2023-06-01', 100.00, null,
     '2023-05-01', null, null),
    ('x16', '投运早于开工', 'c1', 'steel', null, 'd1', null, 'operational', '2022-01-01', 100.00, null,
     '2022-06-01', '2022-05-01', null),
    ('x17', '计划开工早于签约', 'c1', 'steel', null, 'd1', null, 'signed', '2023-06-01', 100.00, '2023-05-01',
     null, null, null),
    ('x18', '基金无投资记录', 'c1', 'steel', null, 'd1', null, 'lead', null, null, null, null, null, 'f1'),
    ('x19', '到位超合同', 'c1', 'steel', null, 'd1', null, 'signed', '2023-01-10', 100.00, null, null, null, null),
    ('x20', '签约前到位', 'c1', 'steel', null, 'd1', null, 'signed', '2023-07-01', 1000.00, null, null, null, null),
    -- aluminium's 100 in 2023 against the fixture's 10000 in 2024: a swing of 100 times
    ('x21', '铝链上年仅有的小项目', 'c5', 'aluminium', null, 'd2', null, 'signed', '2023-12-01', 100.00, null, null,
     null, null);
insert into project_quarters values ('x19', 2023, 1, 500.00), ('x20', 2023, 1, 100.00), ('p3', 2023, 4, -50.00);
insert into fund_investments values ('f1', 'p4', 0.00, '2023-06-01');

-- == tasks ==
insert into tasks values
    ('tx1', 'x99', 'blue', '项目不存在', 'd1', '2023-01-01', '2023-02-01', null),
    ('tx2', 'p3', 'blue', '部门不存在', 'd9', '2023-01-01', '2023-02-01', null),
    ('tx3', 'p3', 'blue', '到期早于下达', 'd1', '2023-03-01', '2023-02-01', null),
    ('tx4', 'p3', 'blue', '办结早于下达', 'd1', '2023-03-01', '2023-04-01', '2023-02-01'),
    ('tx5', 'p3', 'green', '清单写错', 'd1', '2023-03-01', '2023-04-01', null),
    ('tx6', 'p3', 'blue', null, 'd1', '2023-03-01', '2023-04-01', null);

-- == unique keys: last, one untouched row of each table copied ==
insert into departments select * from departments where department_id = 'd1';
insert into chains select * from chains where chain_id = 'aluminium';
insert into chain_nodes select * from chain_nodes where node_id = 'al_foil';
insert into chain_links select * from chain_links where from_node_id = 'ne_pv' and to_node_id = 'ne_grid';
insert into parks select * from parks where park_id = 'jiaxi';
insert into companies select * from companies where company_id = 'c1';
insert into target_companies select * from target_companies where company_id = 'c7';
insert into funds select * from funds where fund_id = 'special';
insert into projects select * from projects where project_id = 'p6';
insert into project_quarters select * from project_quarters where project_id = 'p1' and year = 2022 and quarter = 2;
insert into targets select * from targets
    where year = 2023 and quarter is null and scope = 'city' and metric = 'signed_amount';
insert into tasks select * from tasks where task_id = 't3';
insert into fund_investments select * from fund_investments where fund_id = 'f1' and project_id = 'p2';
insert into resources select * from resources where resource_id = 'water';
insert into resource_uses select * from resource_uses where resource_id = 'water';
insert into opportunities select * from opportunities where opportunity_id = 'o1';
insert into activities select * from activities where activity_id = 'a5';

-- == derived: last. The faults above are written, then target_status_spans rebuilt from them (as
-- zsgt.store.refresh_derived does), then a history row written without rebuilding it ==
delete from target_status_spans;
insert into target_status_spans select * from target_status_spans_of();
insert into target_status_history values ('c4', 'contacted', '2023-02-01');
