"""User and role management for the functioneel beheerder (/beheer/gebruikers)."""
