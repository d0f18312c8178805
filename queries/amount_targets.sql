-- amount_targets: the targets (targets table) of the amount-like metrics — signed_amount,
-- funds_arrived, new_signed_projects — for the year and for the quarter, of every chain or every
-- department ($target_scope, 'city' for the city's own) in scope. The rates' targets: rate_targets.
-- Returns: target_id (null for the city), metric, year_target, quarter_target (null when the store
--   has none, or the period is a whole year).
-- Params: $year, $quarter (null = whole year), $target_scope ('city', 'chain', 'department'), $scope,
--   $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with targets as (
    select
        t.*,
        case when t.scope = 'chain' then t.scope_id end as chain_id,
        case when t.scope = 'department' then t.scope_id end as department_id
    from targets as t
    where t.year = $year and t.scope = $target_scope
      and t.metric in ('signed_amount', 'funds_arrived', 'new_signed_projects')
),

final as (
    select
        scope_id as target_id, metric,
        max(value) filter (quarter is null) as year_target,
        max(value) filter (quarter = $quarter) as quarter_target
    from targets
    where in_scope($scope, $scope_id, chain_id, department_id)
    group by scope_id, metric
    order by scope_id, metric
)

select * from final
