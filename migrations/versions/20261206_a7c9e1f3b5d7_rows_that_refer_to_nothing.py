"""data: rows that refer to nothing, before SQLite enforces foreign keys

SQLite left foreign keys unchecked until now: a deleted indicator left its measurements, a deleted
action its rows. Such a row refers to nothing and would make every later write to its table fail
(and the migration's own check). A nullable reference is cleared, any other row removed: it could
not be shown anyway. PostgreSQL always enforced the keys: nothing to do there.

Revision ID: a7c9e1f3b5d7
Revises: a7c3e9f1b246
Create Date: 2026-12-06 18:00:00
"""

from alembic import op

revision = "a7c9e1f3b5d7"
down_revision = "a7c3e9f1b246"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # A removed row may leave its own children referring to nothing: repeat until none is left.
    for _ in range(20):
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if not broken:
            return
        for table, rowid, _parent, fk_id in broken:
            keys = {row[0]: row for row in bind.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()}
            column = keys[fk_id][3]
            nullable = {row[1]: not row[3] for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()}
            if nullable.get(column):
                bind.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
            else:
                bind.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))


def downgrade():
    pass  # the removed rows referred to nothing
