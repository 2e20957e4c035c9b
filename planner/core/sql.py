"""Small SQL building blocks shared by features."""

from __future__ import annotations

from sqlalchemy import ARRAY, Integer, any_, bindparam

from planner.extensions import db


def ids_in(column, ids, type_=Integer):
    """`column IN (ids)`. On PostgreSQL as one array parameter (`= ANY(…)`): a list of a
    municipality's 70 wards or programmes as one parameter per id cost more to render, send and
    plan than the index read itself, and made the statement too long for psycopg's query cache.
    `type_`: the element type for other keys than integer ids (e.g. String for budget line keys)."""
    ids = list(ids)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(type_)))
    return column.in_(ids)
