"""Actions (maatregelen) of a programme, their areas, partners and milestones."""
