-- store_info: the store's metadata (demo flag, seed, data_through, generator).
-- Returns: key, value.
-- Params: none.
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
select key, value from store_info order by key
