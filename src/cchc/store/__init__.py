"""The database: models, migrations, engines and the audited write services.

    from cchc.store import make_engine, make_sessionmaker, migrate, services
    migrate(url)                                   # create or upgrade the tables
    with make_sessionmaker(make_engine(url)).begin() as session:
        services.import_plan(session, org, plan, user, "kh.docx", sha256, findings)
"""

from cchc.store.engine import database_url, make_engine, make_sessionmaker
from cchc.store.errors import ConflictError, InvalidUpdateError, NotFoundError, StoreError
from cchc.store.schema import migrate, open_database

__all__ = ["ConflictError", "InvalidUpdateError", "NotFoundError", "StoreError", "database_url",
           "make_engine", "make_sessionmaker", "migrate", "open_database"]
