-- project_arrivals: one project's funds arrived quarter by quarter from its signing quarter to the
-- as-of date (quarters ended by then, as in fund_arrival_rate; quarters with nothing show 0), with the
-- running total and its share of the contract amount. No rows outside the scope.
-- Returns: year, quarter, label ('2023Q1'), funds_arrived_wan, cumulative_wan, contract_amount_wan,
--   cumulative_share.
-- Params: $project, $as_of, $scope, $scope_id.
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with project as (
    select project_id, signed_date, contract_amount_wan
    from projects
    where project_id = $project and signed_date is not null
      and in_scope($scope, $scope_id, chain_id, department_id)
),

quarters as (
    select year(q) as year, quarter(q) as quarter
    from project as p,
        range(date_trunc('quarter', p.signed_date), $as_of::date, interval 3 month) as r (q)
),

arrivals as (
    select year, quarter, funds_arrived_wan
    from project_quarters
    where project_id = $project
),

per_quarter as (
    select qs.year, qs.quarter, coalesce(a.funds_arrived_wan, 0) as funds_arrived_wan
    from quarters as qs
    left join arrivals as a using (year, quarter)
    where period_end(qs.year, qs.quarter) <= $as_of::date
),

final as (
    select
        q.year, q.quarter, q.year || 'Q' || q.quarter as label, q.funds_arrived_wan,
        sum(q.funds_arrived_wan) over (order by q.year, q.quarter) as cumulative_wan,
        p.contract_amount_wan,
        sum(q.funds_arrived_wan) over (order by q.year, q.quarter) / nullif(p.contract_amount_wan, 0)
            as cumulative_share
    from per_quarter as q, project as p
    order by q.year, q.quarter
)

select * from final
