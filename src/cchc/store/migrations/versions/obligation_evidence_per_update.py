"""A unit's evidence on a cascaded task belongs to the report it was sent with, as a task's
evidence belongs to its progress update (evidence_per_update). Earlier files belong to none.

Revision ID: obligation_evidence_per_update
Revises: api_tokens
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "obligation_evidence_per_update"
down_revision = "api_tokens"
branch_labels = None
depends_on = None

COLUMN, INDEX = "obligation_update_id", "ix_obligation_evidence_obligation_update_id"
KEY = "fk_obligation_evidence_obligation_update_id_obligation_updates"


def upgrade() -> None:
    with op.batch_alter_table("obligation_evidence") as batch:  # nothing refers to these rows
        batch.add_column(sa.Column(COLUMN, sa.Integer(), nullable=True))
        batch.create_index(INDEX, [COLUMN])
        batch.create_foreign_key(KEY, "obligation_updates", [COLUMN], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("obligation_evidence") as batch:
        batch.drop_constraint(KEY, type_="foreignkey")
        batch.drop_index(INDEX)
        batch.drop_column(COLUMN)
