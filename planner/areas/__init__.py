"""Areas: municipalities, wards and neighbourhoods with their CBS codes."""
