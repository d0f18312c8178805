-- rate_targets: the target that applies to each of the two rates (contract_to_start_rate,
-- fund_arrival_rate) for the scope and period: the most specific row of `targets`. A target of the
-- scope itself (the chain, the department) beats the city's; a target for the quarter beats the
-- target for its whole year (a rate target for a year holds in each of its quarters, unlike an
-- amount target). A metric with no applicable target has no row.
-- Returns: metric, value, target_scope ('city', 'chain', 'department'), target_scope_id,
--   target_quarter (null = the whole year's target).
-- Params: $year, $quarter (null = whole year), $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with candidates as (
    select
        t.*,
        (case when t.scope = 'city' then 0 else 2 end)
            + (case when t.quarter is null then 0 else 1 end) as specificity
    from targets as t
    where t.metric in ('contract_to_start_rate', 'fund_arrival_rate')
      and t.year = $year
      and (t.quarter is null or t.quarter = $quarter)
      and (t.scope = 'city'
           or (t.scope = $scope
               and in_scope($scope, $scope_id,
                            case when t.scope = 'chain' then t.scope_id end,
                            case when t.scope = 'department' then t.scope_id end)))
),

ranked as (
    select *, row_number() over (partition by metric order by specificity desc) as rank
    from candidates
),

final as (
    select metric, value, scope as target_scope, scope_id as target_scope_id, quarter as target_quarter
    from ranked
    where rank = 1
    order by metric
)

select * from final
