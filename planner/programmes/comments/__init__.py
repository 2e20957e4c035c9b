"""The internal comment round on a draft programme: the people at the table comment, the team answers."""
