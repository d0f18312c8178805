-- Issue 4's extra fixture rows: an aluminium cohort signed in 2024Q1, for the cohort heat map, the
-- censored time-to-start curve, late projects and red-list candidates. Everything here is dated in
-- 2024 and lies in the aluminium chain (which had no project), and its arrivals fall in 2024Q1, a
-- quarter the store already had: the figures of tests/fixture.sql for 2022 and 2023 do not change.
--
-- Hand-computed (aluminium, measured at 2024-06-30, window from 2022-01-01):
--   days from signing to start, or to 2024-06-30 when not started by then (censored, "+"):
--   pa1 30, pa2 90, pa4 90, pa6 170; pa5 102+, pa3 141+, pa7 179+ (starts 2024-08-15, after the date)
--   Kaplan–Meier share started: 30 d 1/7; 90 d 1 − 6/7·4/6 = 3/7; 170 d 1 − 4/7·1/2 = 5/7
--   (the naive share, 4/7, would count the young pa3, pa5 and pa7 as failures).
--   Cohort 2024Q1 (7 projects, contract 10000): started after 1 quarter (by 2024-06-30) 4/7, after 2
--   quarters (2024-09-30) 5/7; arrived 500 (pa1 200 + pa2 300, both in 2024Q1) = 5 %.
--   Late at 2024-06-30 (signed, not started, planned start passed): pa3 112 days, pa5 90, pa7 60;
--   pa5 has an open red task (ta1), pa7's red task ta3 was closed (late) on 2024-06-10.

insert into projects values
    ('pa1', '铝箔深加工一期', 'c5', 'aluminium', 'al_foil', 'd2', 'jiabei', 'started',
     '2024-01-05', 1000.00, 800.00, '2024-02-01', '2024-02-04', null, null, null, '2024-02-04'),
    ('pa2', '铝箔深加工二期', 'c5', 'aluminium', 'al_foil', 'd1', 'jiabei', 'started',
     '2024-01-20', 2000.00, 1600.00, '2024-03-01', '2024-04-19', null, null, null, '2024-04-19'),
    ('pa3', '再生铝项目', 'c5', 'aluminium', 'al_foil', 'd2', 'jiabei', 'procedures',
     '2024-02-10', 1500.00, 1200.00, '2024-03-10', null, null, null, null, '2024-03-01'),
    ('pa4', '铝型材项目', 'c5', 'aluminium', 'al_foil', 'd1', 'jiabei', 'started',
     '2024-03-01', 3000.00, 2400.00, '2024-06-01', '2024-05-30', null, null, null, '2024-05-30'),
    ('pa5', '铝灰渣处置项目', 'c5', 'aluminium', 'al_foil', 'd2', 'jiabei', 'stalled',
     '2024-03-20', 500.00, 400.00, '2024-04-01', null, null, null, null, '2024-05-15'),
    ('pa6', '汽车轻量化部件项目', 'c5', 'aluminium', 'al_foil', 'd1', 'jiabei', 'started',
     '2024-01-02', 1000.00, 800.00, '2024-04-01', '2024-06-20', null, null, null, '2024-06-20'),
    ('pa7', '铝合金锭项目', 'c5', 'aluminium', 'al_foil', 'd2', 'jiabei', 'started',
     '2024-01-03', 1000.00, 800.00, '2024-05-01', '2024-08-15', null, null, null, '2024-08-15');

insert into project_quarters values
    ('pa1', 2024, 1, 200.00), ('pa2', 2024, 1, 300.00);

insert into tasks values
    ('ta1', 'pa5', 'red', '协调用水用气指标', 'd2', '2024-04-10', '2024-05-10', null),
    ('ta2', 'pa3', 'blue', '组织项目研判会商', 'd2', '2024-01-15', '2024-02-15', '2024-02-10'),
    ('ta3', 'pa7', 'red', '办理施工许可', 'd1', '2024-05-05', '2024-06-05', '2024-06-10');
