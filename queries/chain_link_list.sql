-- chain_link_list: the supply links (chain_links, "from supplies to") between the nodes of one chain,
-- for drawing the chain diagram.
-- Returns: from_node_id, to_node_id.
-- Params: $chain_id, $scope, $scope_id (links are chain-level rows: a chain scope sees its chain).
-- Access: totals (totals, ranks or reference lists: the city's are open to every role, zsgt.access)
with final as (
    select l.from_node_id, l.to_node_id
    from chain_links as l
    join chain_nodes as a on a.node_id = l.from_node_id
    join chain_nodes as b on b.node_id = l.to_node_id
    where a.chain_id = $chain_id and b.chain_id = $chain_id
      and in_chain_scope($scope, $scope_id, a.chain_id)
    order by l.from_node_id, l.to_node_id
)

select * from final
