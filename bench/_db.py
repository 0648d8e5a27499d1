"""Database and Django set-up shared by the benchmarks."""

from __future__ import annotations

import os
from pathlib import Path


def fresh_postgres(url: str, name: str) -> str:
    """With ``DATABASE_URL=postgres://…``, a freshly created database ``name`` on the same server."""
    import psycopg

    base, _sep, _old = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def bench_database_name(db_dir: str) -> str:
    """The PostgreSQL database of one bench phase: ``BENCH_DB_PREFIX`` (default: ``bench_<user>_<pid of the
    bench run>_``, so two people's runs on one server never drop each other's) plus the phase's folder name.
    The phases run as child processes of one run: the run's pid is passed down in ``BENCH_RUN_ID``."""
    import getpass

    run = os.environ.setdefault("BENCH_RUN_ID", str(os.getpid()))
    prefix = os.environ.get("BENCH_DB_PREFIX") or f"bench_{getpass.getuser()}_{run}_"
    return (prefix + Path(db_dir).name)[:63]  # PostgreSQL's identifier limit


def drop_postgres(url: str) -> None:
    """Drop the database ``url`` names (at the end of a phase), closing Django's connection first."""
    import psycopg
    from django.db import connections

    connections.close_all()
    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_setup(db_dir: str, **defaults: str) -> None:
    """Django with its data in ``db_dir`` (and a fresh PostgreSQL database when ``DATABASE_URL`` names one),
    tasks run at once; ``defaults`` are settings' environment variables the caller did not set itself."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import atexit

        os.environ["DATABASE_URL"] = fresh_postgres(url, bench_database_name(db_dir))
        atexit.register(drop_postgres, os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    os.environ["DATA_DIR"] = db_dir
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
