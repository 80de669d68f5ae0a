"""Evidence belongs to the progress update it was sent with (one form: status, percent, note
and files), and still to its task. Files uploaded before, or on their own, belong to none.

Revision ID: evidence_per_update
Revises: extraction_corrections
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "evidence_per_update"
down_revision = "extraction_corrections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:  # nothing refers to evidence rows
        batch.add_column(sa.Column("progress_update_id", sa.Integer(), nullable=True))
        batch.create_index("ix_evidence_progress_update_id", ["progress_update_id"])
        batch.create_foreign_key("fk_evidence_progress_update_id_progress_updates",
                                 "progress_updates", ["progress_update_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_constraint("fk_evidence_progress_update_id_progress_updates",
                              type_="foreignkey")
        batch.drop_index("ix_evidence_progress_update_id")
        batch.drop_column("progress_update_id")
