-- import_history: the imports and restores written into the store, newest first, with the rows they wrote.
-- Returns: import_id, imported_at, user_name, files, sha256, outcome, note, inserted, updated, deleted,
--   tables (e.g. 'projects +1 ~2 -0; project_quarters +4 ~0 -0').
-- Params: none (every import of the store; the page is for admins, not scoped).
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with
imports as (
    select * from import_log
),

per_table as (
    select
        import_id,
        sum(inserted) as inserted,
        sum(updated) as updated,
        sum(deleted) as deleted,
        string_agg(table_name || ' +' || inserted || ' ~' || updated || ' -' || deleted, '; ' order by table_name) as tables
    from import_log_tables
    group by import_id
),

final as (
    select
        i.import_id, i.imported_at, i.user_name, i.files, i.sha256, i.outcome, i.note,
        coalesce(p.inserted, 0) as inserted, coalesce(p.updated, 0) as updated,
        coalesce(p.deleted, 0) as deleted, coalesce(p.tables, '') as tables
    from imports as i
    left join per_table as p using (import_id)
)

select * from final
order by imported_at desc, import_id
