-- target_history_coverage: how far the target companies' statuses can be read at a past date. A
-- target with status changes in target_status_history is read at the as-of date (targets_at); one
-- without them keeps its current status and last contact at every date — the page says so.
-- Returns one row: targets (in scope), undated (contacted at some point, with no history rows: their
--   status is the current one; a target never contacted needs none).
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with targets as (
    -- each target's first span (from the beginning, since_date null): one per target company; one
    -- that never ends (until_date null) is a target with no history rows, its status the current one
    select s.company_id, s.status, s.until_date is null as undated
    from target_status_spans as s
    where s.since_date is null and in_scope($scope, $scope_id, s.chain_id, s.owner_department_id)
),

final as (
    select
        count(*) as targets,
        count(*) filter (t.status != 'not_contacted' and t.undated) as undated
    from targets as t
)

select * from final
