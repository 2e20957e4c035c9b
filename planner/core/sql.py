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


def keep_out_of_models(*names: str) -> None:
    """Name tables a feature keeps beside its models (a full-text index: an SQLite FTS5 table and its shadow
    tables `<name>_*`), so that comparing models with the database leaves them alone."""
    db.metadata.info.setdefault("unmodelled_tables", set()).update(names)


def include_in_comparison(name, type_, parent_names) -> bool:
    """Alembic's `include_name`: every table but those kept out of the models."""
    if type_ != "table" or name is None:
        return True
    return not any(name == t or name.startswith(t + "_") for t in db.metadata.info.get("unmodelled_tables", ()))


def drop_unmodelled_tables(connection) -> None:
    """Drop the tables kept beside the models (before `drop_all`: on PostgreSQL they may refer to a model's
    table; an SQLite FTS5 table drops its shadow tables with it)."""
    from sqlalchemy import text

    for name in sorted(db.metadata.info.get("unmodelled_tables", ())):
        connection.execute(text(f"DROP TABLE IF EXISTS {name}"))
