"""Evidence keeps the media type of each upload: the same bytes uploaded as .html and again as
.pdf are two evidence records with their own types, one stored file.

Existing records take the type their file was first uploaded with (all that was kept).

Revision ID: evidence_mime_per_upload
Revises: reports_submissions
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "evidence_mime_per_upload"
down_revision = "reports_submissions"
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:  # nothing refers to evidence rows
        batch.add_column(sa.Column("mime", sa.String(length=127), nullable=True))
    op.execute("UPDATE evidence SET mime = (SELECT evidence_files.mime FROM evidence_files "
               "WHERE evidence_files.id = evidence.file_id)")
    with op.batch_alter_table("evidence") as batch:
        batch.alter_column("mime", existing_type=sa.String(length=127), nullable=False)
    # in place, not by copying the table (evidence rows refer to it): SQLite ≥ 3.35, PostgreSQL
    op.execute("ALTER TABLE evidence_files DROP COLUMN mime")


def downgrade() -> None:
    op.add_column("evidence_files", sa.Column("mime", sa.String(length=127), nullable=False,
                                              server_default="application/octet-stream"))
    op.execute("UPDATE evidence_files SET mime = COALESCE((SELECT MIN(evidence.mime) "
               "FROM evidence WHERE evidence.file_id = evidence_files.id), "
               "'application/octet-stream')")
    if op.get_bind().dialect.name != "sqlite":  # SQLite would have to copy the table
        op.alter_column("evidence_files", "mime", server_default=None)
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("mime")
