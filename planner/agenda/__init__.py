"""The political agenda: council decisions, moties and toezeggingen, linked to actions."""
