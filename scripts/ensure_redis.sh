#!/usr/bin/env bash
# Print a REDIS_URL the tests can use.
# 1. A server already answering on 127.0.0.1:6379 (CI and developer machines).
# 2. Otherwise: install Debian's redis-server if needed and start a throwaway one on a private port that keeps
#    nothing on disk (REDIS_TMP, default var/redistest). scripts/stop_redis.sh stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOST="${REDIS_HOST_DEFAULT:-127.0.0.1}"
PORT="${REDIS_PORT_DEFAULT:-6379}"

answers() {  # a PING that gets +PONG, without redis-cli (which a fresh machine may not have)
  "$ROOT/.venv/bin/python" - "$1" "$2" <<'PY' >/dev/null 2>&1
import socket, sys
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1) as s:
    s.sendall(b"PING\r\n")
    sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
PY
}

if answers "$HOST" "$PORT"; then
  echo "redis://$HOST:$PORT/0"
  exit 0
fi

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Memasang redis-server dari paket Debian..." >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >&2
fi
REDIS_TMP="${REDIS_TMP:-$ROOT/var/redistest}"
TMP_PORT="${REDIS_TMP_PORT:-56379}"
mkdir -p "$REDIS_TMP"
redis-server --bind 127.0.0.1 --port "$TMP_PORT" --save '' --appendonly no --daemonize yes \
  --dir "$REDIS_TMP" --pidfile "$REDIS_TMP/redis.pid" --logfile "$REDIS_TMP/redis.log" >&2
for _i in $(seq 50); do answers 127.0.0.1 "$TMP_PORT" && break; sleep 0.1; done
answers 127.0.0.1 "$TMP_PORT" || { echo "redis-server tidak menjawab di port $TMP_PORT" >&2; exit 1; }
echo "redis://127.0.0.1:$TMP_PORT/0"
