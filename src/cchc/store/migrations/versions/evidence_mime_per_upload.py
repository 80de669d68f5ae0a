"""Evidence keeps the media type of each upload: the same bytes uploaded as .html and again as
.pdf are two records with their own types (task evidence, a unit's obligation evidence, a
criterion's uploaded file), one stored file.

Existing records take the type their file was first uploaded with (all that was kept).

Revision ID: evidence_mime_per_upload
Revises: report_reminders
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "evidence_mime_per_upload"
down_revision = "report_reminders"
branch_labels = None
depends_on = None

RECORDS = {"evidence": False, "obligation_evidence": False, "score_evidence": True}
# table attaching stored files: whether it may have no file (and so no type)


def upgrade() -> None:
    for table, optional in RECORDS.items():  # nothing refers to these rows: copied in batch
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("mime", sa.String(length=127), nullable=True))
        op.execute(f"UPDATE {table} SET mime = (SELECT evidence_files.mime FROM evidence_files "
                   f"WHERE evidence_files.id = {table}.file_id)")
        if not optional:
            with op.batch_alter_table(table) as batch:
                batch.alter_column("mime", existing_type=sa.String(length=127), nullable=False)
    # in place, not by copying the table (the records refer to it): SQLite ≥ 3.35, PostgreSQL
    op.execute("ALTER TABLE evidence_files DROP COLUMN mime")


def downgrade() -> None:
    op.add_column("evidence_files", sa.Column("mime", sa.String(length=127), nullable=False,
                                              server_default="application/octet-stream"))
    first = " UNION ALL ".join(f"SELECT file_id, mime FROM {table}" for table in RECORDS)
    op.execute("UPDATE evidence_files SET mime = COALESCE((SELECT MIN(r.mime) FROM "
               f"({first}) AS r WHERE r.file_id = evidence_files.id), "
               "'application/octet-stream')")
    if op.get_bind().dialect.name != "sqlite":  # SQLite would have to copy the table
        op.alter_column("evidence_files", "mime", server_default=None)
    for table in RECORDS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("mime")
