-- available_periods: the quarters the store has results for (any row in project_quarters or a
-- project signed in it), oldest first. The last row is the default period of every page. A quarter
-- outside 1–4 (a data check flags it) is no period.
-- Returns: year, quarter.
-- Params: none (periods are the same for every scope).
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with result_quarters as (
    select distinct year, quarter from project_quarters where quarter between 1 and 4
),

signing_quarters as (
    select distinct year(signed_date) as year, quarter(signed_date) as quarter
    from projects
    where signed_date is not null
),

final as (
    select year, quarter from result_quarters
    union
    select year, quarter from signing_quarters
    order by year, quarter
)

select * from final
