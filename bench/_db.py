"""Database set-up shared by the benchmarks."""

from __future__ import annotations


def fresh_postgres(url: str, name: str) -> str:
    """With ``DATABASE_URL=postgres://…``, a freshly created database ``name`` on the same server."""
    import psycopg

    base, _sep, _old = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
