-- store_info: the store's metadata (demo flag, seed, data_through, generator).
-- Returns: key, value.
-- Params: none.
select key, value from store_info order by key
