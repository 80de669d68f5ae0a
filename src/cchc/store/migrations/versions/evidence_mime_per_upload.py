"""Evidence keeps the media type of each upload: the same bytes uploaded as .html and again as
.pdf are two evidence records with their own types, one stored file.

Existing records take the type their file was first uploaded with (all that was kept).

Revision ID: evidence_mime_per_upload
Revises: accounts_sessions
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "evidence_mime_per_upload"
down_revision = "accounts_sessions"
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("mime", sa.String(length=127), nullable=True))
    op.execute("UPDATE evidence SET mime = (SELECT evidence_files.mime FROM evidence_files "
               "WHERE evidence_files.id = evidence.file_id)")
    with op.batch_alter_table("evidence") as batch:
        batch.alter_column("mime", existing_type=sa.String(length=127), nullable=False)
    with op.batch_alter_table("evidence_files") as batch:
        batch.drop_column("mime")


def downgrade() -> None:
    with op.batch_alter_table("evidence_files") as batch:
        batch.add_column(sa.Column("mime", sa.String(length=127), nullable=True))
    op.execute("UPDATE evidence_files SET mime = COALESCE((SELECT MIN(evidence.mime) "
               "FROM evidence WHERE evidence.file_id = evidence_files.id), "
               "'application/octet-stream')")
    with op.batch_alter_table("evidence_files") as batch:
        batch.alter_column("mime", existing_type=sa.String(length=127), nullable=False)
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("mime")
