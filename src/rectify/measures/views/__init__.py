"""Measure pages, one module per user task: ledger, measure page, actions, evidence."""
