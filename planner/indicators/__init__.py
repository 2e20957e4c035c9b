"""Indicators and their measurements per area and period (CBS key figures, own monitors)."""
