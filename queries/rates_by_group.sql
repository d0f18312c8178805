-- rates_by_group: 签约项目开工率 and 资金到位率 per chain or per department, for the rate cohort's
-- projects (the cohort chosen by $cohort), measured at the as-of date, by exactly the definitions of
-- contract_to_start_rate and fund_arrival_rate: a group's row equals those queries run with that
-- chain (department) as scope. Every chain (department) in scope is listed, also one with an empty
-- cohort (its cohort 0 and its rates null); small_cohort marks a cohort of 1 to 4 projects, whose rate
-- is shown with a mark on rankings. A project belongs to its chain and to its own department_id.
-- Returns: group_id, name_zh, name_en, color (null for departments), sort_order, cohort, started,
--   contract_to_start_rate, contract_to_start_rate_weighted, arrived_wan, contract_wan (null when the
--   cohort is empty), fund_arrival_rate, small_cohort (true when 0 < cohort < 5).
-- Params: $group ('chain' or 'department'), $year, $quarter (null = whole year), $as_of (null = end of
--   period), $scope, $scope_id, $cohort, $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with groups as (
    select chain_id as group_id, name_zh, name_en, chain_color(chain_id) as color, sort_order
    from chains
    where $group = 'chain' and in_chain_scope($scope, $scope_id, chain_id)
    union all
    select department_id, name_zh, name_en, null, row_number() over (order by department_id)
    from departments
    where $group = 'department' and in_department_scope($scope, $scope_id, department_id)
),

cohort as (
    select case when $group = 'chain' then chain_id else department_id end as group_id, *
    from rate_cohort($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year,
                     $cohort_quarters)
    where which = 'cur'
),

per_group as (
    select
        group_id,
        count(*) as cohort,
        count(*) filter (is_started) as started,
        sum(contract_amount_wan) as contract_wan,
        sum(contract_amount_wan) filter (is_started) as started_amount,
        sum(arrived_wan) as arrived_wan
    from cohort
    group by group_id
),

final as (
    select
        g.group_id, g.name_zh, g.name_en, g.color, g.sort_order,
        coalesce(pg.cohort, 0) as cohort,
        coalesce(pg.started, 0) as started,
        pg.started / nullif(pg.cohort, 0) as contract_to_start_rate,
        coalesce(pg.started_amount, 0) / nullif(pg.contract_wan, 0) as contract_to_start_rate_weighted,
        coalesce(pg.arrived_wan, 0) as arrived_wan,
        pg.contract_wan,
        coalesce(pg.arrived_wan, 0) / nullif(pg.contract_wan, 0) as fund_arrival_rate,
        coalesce(pg.cohort between 1 and 4, false) as small_cohort
    from groups as g
    left join per_group as pg on pg.group_id = g.group_id
    order by g.sort_order, g.group_id
)

select * from final
