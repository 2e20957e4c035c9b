"""budget lines: one index (the unique key) for faster bulk imports

(area_id, fiscal_year) is the unique key's leading prefix, no query filters on the taakveld alone,
and a revert now finds a run's lines by the id range it recorded: three indexes that made every
inserted line cost about twice as much.

Revision ID: 733914204f18
Revises: 871c086a0e4d
Create Date: 2026-12-01 09:37:43.789095

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '733914204f18'
down_revision = '871c086a0e4d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_area_year'))
        batch_op.drop_index(batch_op.f('ix_budget_lines_import_run_id'))
        batch_op.drop_index(batch_op.f('ix_budget_lines_taakveld'))



def downgrade():
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_taakveld'), ['taakveld_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_lines_import_run_id'), ['import_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_lines_area_year'), ['area_id', 'fiscal_year'], unique=False)

