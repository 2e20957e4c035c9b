"""Neighbourhood development programmes, their goals, workflow and versions."""
