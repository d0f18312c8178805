-- Issue 11's as-of rows, loaded after every tests/fixture*.sql into a second store (tests/fixture.py
-- write_fixture(..., extra=ASOF)), so that the figures of the shared fixture store stay as they are.
-- Each row is about what was true at 2023-12-31 and changed after it:
--   px1 钢铁冶炼废料项目 (steel_ore, d1, park jiabei): signed 2021-03-01, started 2021-06-01, cancelled on 2024-02-01 —
--       at 2023-12-31 it was operating (steel_ore weak, not missing), at 2024-03-31 cancelled;
--   px2 铁精粉项目 (steel_ore, d1): signed 2023-03-01, planned start 2023-06-01, never started, cancelled
--       on 2024-02-15 — at 2023-12-31 逾期未开工 (213 days late, stage signed), at 2024-03-31 not;
--   p4 (tests/fixture.sql) starts on 2024-01-10: signed, not started, at 2023-12-31;
--   tx1 (red, on px2, d1): opened 2023-09-01, due 2023-10-01, closed 2024-01-15 — at 2023-12-31 open
--       and overdue (91 days), at 2024-03-31 closed late (106 days);
--   c3 河北文丰 (steel_structure): contacted on 2023-06-01, signed on 2024-02-20 — at 2023-12-31 an open
--       target, contacted, last contact 2023-06-01; at 2024-03-31 signed (not open);
--   c5 宝武铝业: contacted 2023-04-01, visited 2023-07-01, negotiating 2023-10-15 (as stored);
--   c7 华润电力: visited 2022-10-01, dropped 2023-03-01 (as stored).
--   c4 and c6 have no history: read with their current status at every date.

insert into projects values
    ('px1', '钢铁冶炼废料项目', 'c1', 'steel', 'steel_ore', 'd1', 'jiabei', 'cancelled',
     '2021-03-01', 500.00, 400.00, '2021-05-01', '2021-06-01', null, null, null, '2024-02-01'),
    ('px2', '铁精粉项目', 'c1', 'steel', 'steel_ore', 'd1', null, 'cancelled',
     '2023-03-01', 800.00, 600.00, '2023-06-01', null, null, null, null, '2024-02-15');

insert into tasks values
    ('tx1', 'px2', 'red', '协调用地预审', 'd1', '2023-09-01', '2023-10-01', '2024-01-15');

update target_companies set status = 'signed', last_contact_date = '2024-02-20' where company_id = 'c3';

insert into target_status_history values
    ('c3', 'contacted', '2023-06-01'), ('c3', 'signed', '2024-02-20'),
    ('c5', 'contacted', '2023-04-01'), ('c5', 'visited', '2023-07-01'), ('c5', 'negotiating', '2023-10-15'),
    ('c7', 'visited', '2022-10-01'), ('c7', 'dropped', '2023-03-01');
