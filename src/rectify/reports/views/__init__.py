"""Pages over the ledger's figures: inspection rounds, the three lists, chart data."""
