"""Budget lines per fiscal year and taakveld, and what actions draw from them."""
