-- quarterly_trend: signed amount (签约额) and funds arrived (到位资金) per quarter, by the same
-- definitions as signed_amount and funds_arrived, for the quarters the store has results for from
-- two years before the period up to the period's end (so a leader sees three years at a glance).
-- Returns: year, quarter, label ('2023Q1'), new_signed, signed_amount_wan, funds_arrived_wan.
-- Params: $year, $quarter (null = whole year), $scope, $scope_id.
with projects as (
    select * from projects where in_scope($scope, $scope_id, chain_id, department_id)
),

quarters as (
    select distinct year, quarter
    from project_quarters
    where year >= $year - 2
      and period_start(year, quarter) <= period_end($year, $quarter)
),

signed as (
    select
        year(signed_date) as year, quarter(signed_date) as quarter,
        count(*) as new_signed, sum(contract_amount_wan) as signed_amount_wan
    from projects
    where signed_date is not null
    group by all
),

arrived as (
    select q.year, q.quarter, sum(q.funds_arrived_wan) as funds_arrived_wan
    from project_quarters as q
    semi join projects as p on p.project_id = q.project_id
    group by all
),

final as (
    select
        q.year, q.quarter, q.year || 'Q' || q.quarter as label,
        coalesce(s.new_signed, 0) as new_signed,
        coalesce(s.signed_amount_wan, 0) as signed_amount_wan,
        coalesce(a.funds_arrived_wan, 0) as funds_arrived_wan
    from quarters as q
    left join signed as s using (year, quarter)
    left join arrived as a using (year, quarter)
    order by q.year, q.quarter
)

select * from final
