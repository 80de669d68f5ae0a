"""Backup and restore of an installation: the database and the data folder in one archive.

    make_backup(Path("/var/backups/cchc/"))        # database + CCHC_DATA_DIR → a dated .zip
    check_backup(Path("cchc-20250701-020000.zip"))  # every checksum, nothing changed
    restore_backup(Path("cchc-….zip"))              # into an empty installation, then migrate
"""

from cchc.store.backup.archive import BackupError, Manifest
from cchc.store.backup.installation import (
    Outcome, check_backup, describe_counts, make_backup, restore_backup)

__all__ = ["BackupError", "Manifest", "Outcome", "check_backup", "describe_counts",
           "make_backup", "restore_backup"]
