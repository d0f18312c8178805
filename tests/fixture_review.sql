-- Fixture rows for issue 5 (target companies, self-review, assessment, incentives), loaded after
-- fixture.sql. Pinyin as zsgt/pinyin.py computes it (test_pinyin checks every row).
--
-- Target companies after this file (company, chain, priority, status, owner, last contact):
--   c3 河北文丰 steel a contacted d2 2023-06-01 · c4 华为 new_energy b not_contacted d1 — ·
--   c5 宝武铝业 aluminium a negotiating d2 2023-10-15 · c6 中国中钢 (no chain) b visited d1 2022-12-01 ·
--   c7 华润电力 (no chain) c dropped d2 2023-03-01.
--   Non-targets: c1 嘉峪关钢铁制品 (local), c2 宁夏舍光.

update companies set name_pinyin = 'jiayuguangangtiezhipinyouxiangongsi', name_initials = 'jyggtzpyxgs'
    where company_id = 'c1';
update companies set name_pinyin = 'ningxiasheguangxinnengyuanyouxiangongsi', name_initials = 'nxsgxnyyxgs'
    where company_id = 'c2';
update companies set name_pinyin = 'hebeiwenfenggangtieyouxiangongsi', name_initials = 'hbwfgtyxgs'
    where company_id = 'c3';
update companies set name_pinyin = 'huaweijishuyouxiangongsi', name_initials = 'hwjsyxgs'
    where company_id = 'c4';
update companies set name_pinyin = 'baowulvyekejiyouxiangongsi', name_initials = 'bwlykjyxgs'
    where company_id = 'c5';

insert into companies values
    ('c6', '中国中钢集团有限公司', '北京', '北京', 'central_soe', 'large', null, null, false,
     'zhongguozhonggangjituanyouxiangongsi', 'zgzgjtyxgs'),
    ('c7', '华润电力控股有限公司', '广东', '深圳', 'central_soe', 'large', null, null, false,
     'huarundianlikongguyouxiangongsi', 'hrdlkgyxgs');

insert into target_companies values
    ('c6', 'b', 'visited', 'd1', '2022-12-01'),
    ('c7', 'c', 'dropped', 'd2', '2023-03-01');

-- Quarterly targets of the chains and departments (the self-review and the quarterly assessment).
-- With fixture.sql's: steel's 2023 signed_amount 3000 and new_energy's 6000 (whole year).
insert into targets values
    (2023, 3, 'chain', 'steel', 'signed_amount', 800),
    (2023, null, 'chain', 'steel', 'funds_arrived', 2000),
    (2023, 3, 'chain', 'steel', 'funds_arrived', 500),
    (2023, null, 'department', 'd1', 'signed_amount', 6000),
    (2023, null, 'department', 'd1', 'funds_arrived', 2500),
    (2023, 2, 'department', 'd1', 'signed_amount', 1500),
    (2023, 2, 'department', 'd1', 'funds_arrived', 600),
    (2023, 3, 'department', 'd1', 'signed_amount', 1500),
    (2023, 3, 'department', 'd1', 'funds_arrived', 700),
    (2023, null, 'department', 'd2', 'signed_amount', 4000),
    (2023, null, 'department', 'd2', 'funds_arrived', 2500),
    (2023, 2, 'department', 'd2', 'signed_amount', 1000),
    (2023, 2, 'department', 'd2', 'funds_arrived', 600),
    (2023, 3, 'department', 'd2', 'signed_amount', 1000),
    (2023, 3, 'department', 'd2', 'funds_arrived', 800);
