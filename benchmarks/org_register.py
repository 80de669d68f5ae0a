"""How long `cchc orgs load` takes: one province, then the whole register, then a second run.

    python benchmarks/org_register.py [--database URL] [--province 38]

Each figure is one run on a fresh database (SQLite in a temporary directory, or a new
PostgreSQL database on the server of --database, dropped afterwards), from the register the
pinned vietnam-provinces ships, with the packaged template; every write is audited. The second
run of the whole register is the idempotent no-op: its ratio to the first is printed.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, make_url, select, text
from sqlalchemy.pool import NullPool

from cchc.store import make_engine, make_sessionmaker, migrate
from cchc.store.models import AuditEntry, Organization
from cchc.store.org_template import OrgTemplate
from cchc.store.register import load_register, official_register


def timed_load(url: str, queries: list[str]) -> list[tuple[str, float, int, int]]:
    """(query, seconds, organizations, audit entries) after each load, in order."""
    migrate(url)
    engine = make_engine(url, poolclass=NullPool)
    factory, register, template = make_sessionmaker(engine), official_register(), OrgTemplate.load()
    out = []
    for query in queries:
        started = time.perf_counter()
        with factory.begin() as s:
            load_register(s, None, register, register.find(query), template)
        seconds = time.perf_counter() - started
        with factory() as s:
            out.append((query, seconds, s.scalar(select(func.count(Organization.id))),
                        s.scalar(select(func.count(AuditEntry.id)))))
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--province", default="38")
    args = parser.parse_args()
    runs = [[args.province, args.province], ["all", "all"]]
    for queries in runs:
        if args.database:
            server = make_engine(args.database, isolation_level="AUTOCOMMIT", poolclass=NullPool)
            name = f"cchc_bench_{secrets.token_hex(4)}"
            with server.connect() as c:
                c.execute(text(f"CREATE DATABASE {name}"))
            url = make_url(args.database).set(database=name).render_as_string(
                hide_password=False)
            try:
                results = timed_load(url, queries)
            finally:
                with server.connect() as c:
                    c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                server.dispose()
        else:
            with tempfile.TemporaryDirectory() as tmp:
                results = timed_load(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", queries)
        (query, first, orgs, audit), (_, second, _, audit_after) = results
        print(f"load --province {query}: {first:6.1f} s, {orgs} organizations, "
              f"{audit} audit entries; again: {second:5.2f} s ({second / first:.3f}× the first), "
              f"{audit_after - audit} new audit entries")


if __name__ == "__main__":
    main()
