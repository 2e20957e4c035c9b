"""Read-only JSON API under /api/v1/, token-authenticated and scoped like the web UI."""
