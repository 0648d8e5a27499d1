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


def django_setup(db_dir: str, **defaults: str) -> None:
    """Django with its data in ``db_dir`` (and a fresh PostgreSQL database when ``DATABASE_URL`` names one),
    tasks run at once; ``defaults`` are settings' environment variables the caller did not set itself."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = fresh_postgres(url, "bench_" + Path(db_dir).name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    os.environ["DATA_DIR"] = db_dir
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
