"""What people do with built graphs: query them, load them into a store, serve them, browse them, tabulate them."""
