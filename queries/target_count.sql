-- target_count: how many companies the target-company explorer's filters and search match (the
-- target_matches macro, as target_list), for its pager and its export.
-- Returns one row: total.
-- Params: $scope, $scope_id, $as_of, $targets_only, $chains, $nodes, $provinces, $ownerships, $sizes,
--   $priorities, $statuses, $departments, $contact_after, $contact_before, $q, $q_py (as target_list).
-- Access: rows (of projects, companies, tasks or visits: read inside the signed-in user's fence, zsgt.access)
with final as (
    select count(*) as total
    from target_matches($scope, $scope_id, $as_of::date, $targets_only, $chains, $nodes, $provinces, $ownerships, $sizes,
                        $priorities, $statuses, $departments, $contact_after, $contact_before, $q, $q_py)
)

select * from final
