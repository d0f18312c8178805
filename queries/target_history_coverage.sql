-- target_history_coverage: how far the target companies' statuses can be read at a past date. A
-- target with status changes in target_status_history is read at the as-of date (targets_at); one
-- without them keeps its current status and last contact at every date — the page says so.
-- Returns one row: targets (in scope), undated (contacted at some point, with no history rows: their
--   status is the current one; a target never contacted needs none).
-- Params: $scope, $scope_id.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with targets as (
    select t.company_id, t.status
    from target_companies as t
    -- the company's chain is read in a chain scope only: elsewhere the join folds away (every target
    -- is a company: a foreign key)
    left join companies as c on $scope = 'chain' and c.company_id = t.company_id
    where in_scope($scope, $scope_id, c.chain_id, t.owner_department_id)
),

final as (
    select
        count(*) as targets,
        count(*) filter (t.status != 'not_contacted'
                         and not exists (select 1 from target_status_history as h
                                         where h.company_id = t.company_id)) as undated
    from targets as t
)

select * from final
