#!/usr/bin/env bash
# Stop the throwaway cluster started by ensure_postgres.sh, if any.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_TMP="${PG_TMP:-$ROOT/var/pgtest}"
[ -f "$PG_TMP/data/postmaster.pid" ] || exit 0
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
"${RUN[@]}" "$BIN/pg_ctl" -D "$PG_TMP/data" -m fast stop >/dev/null 2>&1 || true
