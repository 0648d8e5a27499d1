#!/usr/bin/env bash
# Stop the throwaway Redis of scripts/ensure_redis.sh, if it started one.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIDFILE="${REDIS_TMP:-$ROOT/var/redistest}/redis.pid"
[ -f "$PIDFILE" ] && { kill "$(cat "$PIDFILE")" 2>/dev/null; rm -f "$PIDFILE"; }
true
