-- rate_cohort_window: which projects the chosen rate cohort holds (the rate_cohort macro's window), for
-- the period ('cur') and the same definition a year earlier ('prev'), so a figure can say in words
-- which cohort it measures. signed_from / signed_to bound the signing date, planned_from / planned_to
-- the planned start date (null = no bound); as_of is the date started and arrived are measured at.
-- Returns: which ('cur', 'prev'), signed_from, signed_to, planned_from, planned_to, as_of.
-- Params: $year, $quarter (null = whole year), $as_of (null = end of period), $cohort,
--   $cohort_base_year, $cohort_quarters.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with windows as (
    select * from rate_windows($year, $quarter, $as_of, $cohort, $cohort_base_year, $cohort_quarters)
),

final as (
    select which, w.signed_from, w.signed_to, w.planned_from, w.planned_to, as_of
    from windows
    order by which
)

select * from final
