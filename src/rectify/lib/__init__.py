"""Pure-Python helpers (no Django): Chinese numbering, dates and text normalisation."""
