-- rates_by_fund_backing: 签约项目开工率 and 资金到位率 of the rate cohort ($cohort), split into
-- fund-backed (a fund_investments row dated on or before the as-of date) and not fund-backed, by
-- exactly the definitions of contract_to_start_rate and fund_arrival_rate: the two rows add up to
-- those queries' started / cohort and arrived / contract. Both rows are always returned.
-- Returns: fund_backed (true/false), cohort, started, contract_to_start_rate,
--   contract_to_start_rate_weighted, arrived_wan, contract_wan (null when the cohort is empty),
--   fund_arrival_rate.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $scope, $scope_id,
--   $cohort, $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with period as (
    select * from periods($year, $quarter, $as_of) where which = 'cur'
),

backed as (
    select project_id from fund_backing((select as_of from period))
),

cohort as (
    select project_id in (select project_id from backed) as fund_backed, *
    from rate_cohort($year, $quarter, $as_of, $scope, $scope_id, $cohort, $cohort_base_year,
                     $cohort_quarters)
    where which = 'cur'
),

per_group as (
    select
        fund_backed,
        count(*) as cohort,
        count(*) filter (is_started) as started,
        sum(contract_amount_wan) as contract_wan,
        sum(contract_amount_wan) filter (is_started) as started_amount,
        sum(arrived_wan) as arrived_wan
    from cohort
    group by fund_backed
),

groups as (
    select unnest([true, false]) as fund_backed
),

final as (
    select
        g.fund_backed,
        coalesce(pg.cohort, 0) as cohort,
        coalesce(pg.started, 0) as started,
        pg.started / nullif(pg.cohort, 0) as contract_to_start_rate,
        coalesce(pg.started_amount, 0) / nullif(pg.contract_wan, 0) as contract_to_start_rate_weighted,
        coalesce(pg.arrived_wan, 0) as arrived_wan,
        pg.contract_wan,
        coalesce(pg.arrived_wan, 0) / nullif(pg.contract_wan, 0) as fund_arrival_rate
    from groups as g
    left join per_group as pg on pg.fund_backed = g.fund_backed
    order by g.fund_backed desc
)

select * from final
