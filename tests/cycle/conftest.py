"""Builders for P&C moments; the agenda builders are shared."""
from tests.agenda.conftest import adopt, make_item, two_wards  # noqa: F401
