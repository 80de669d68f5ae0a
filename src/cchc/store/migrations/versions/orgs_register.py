"""Organizations from the official register: their name there and the register's data version.

Revision ID: orgs_register
Revises: reports_submissions
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "orgs_register"
down_revision = "reports_submissions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.add_column(sa.Column("official_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("register_version", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.drop_column("register_version")
        batch_op.drop_column("official_name")
