#!/usr/bin/env bash
# Print a DATABASE_URL for a PostgreSQL the tests can use.
# 1. A server already answering on 127.0.0.1:5432 with trust auth (CI and developer machines).
# 2. Otherwise: install Debian's postgresql if needed and start a throwaway cluster on a private socket
#    in $PG_TMP (default var/pgtest). scripts/stop_postgres.sh stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGHOST_DEFAULT="${PGHOST_DEFAULT:-127.0.0.1}"
PGPORT_DEFAULT="${PGPORT_DEFAULT:-5432}"

for user in postgres "$(id -un)"; do
  if command -v psql >/dev/null 2>&1 && \
     psql -h "$PGHOST_DEFAULT" -p "$PGPORT_DEFAULT" -U "$user" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    echo "postgres://$user@$PGHOST_DEFAULT:$PGPORT_DEFAULT/disnaker"
    exit 0
  fi
done

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "Memasang postgresql dari paket Debian..." >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

PG_TMP="${PG_TMP:-$ROOT/var/pgtest}"
PORT="${PG_TMP_PORT:-55432}"
rm -rf "$PG_TMP"; mkdir -p "$PG_TMP"
RUN=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: run the throwaway cluster as the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_TMP" postgres
  chown -R postgres "$PG_TMP"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
  -o "-k $PG_TMP -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
echo "postgres://postgres@/disnaker?host=$PG_TMP&port=$PORT"
