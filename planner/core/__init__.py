"""Cross-cutting pieces: users and roles, access scoping, audit trail, formatting."""
