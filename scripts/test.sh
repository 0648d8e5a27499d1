#!/usr/bin/env bash
# The whole suite: lint, migrations check, deploy check, then pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/ensure_uv.sh)"
"$UV" sync --frozen --quiet
PY=(.venv/bin/python)
export PYTHONDONTWRITEBYTECODE=1

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy"
# The services, selectors, permissions and workflow modules ([tool.mypy] in pyproject.toml). The django-stubs
# plugin imports config.settings: DEBUG=1 without a local settings file needs no other variable, and nothing
# connects to the database or the cache. The cache is var/mypy_cache.
DEBUG=1 LOCAL_SETTINGS_FILE= .venv/bin/mypy

echo "== makemigrations --check"
DEBUG=1 "${PY[@]}" manage.py makemigrations --check --dry-run

echo "== check --deploy (production-like settings)"
DEBUG=0 SECRET_KEY="$("${PY[@]}" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=disnaker.example.go.id SITE_URL=https://disnaker.example.go.id DATA_DIR="$(mktemp -d)" EMAIL_HOST=localhost \
  "${PY[@]}" manage.py check --deploy --fail-level WARNING

scripts/ensure_chromium.sh
scripts/ensure_nginx.sh
scripts/ensure_libreoffice.sh
scripts/ensure_poppler.sh
scripts/ensure_fonts.sh

# Both cores (at most two workers: the machine is shared). pytest-xdist's default "load" distribution hands
# each worker its tests in collection order, and pytest-django puts the transactional tests (which leave
# empty tables) and the browser tests (whose Playwright loop would stop asyncio.run) last: each worker
# keeps that order. Each worker has its own test database (in memory on SQLite; test_<name>_gw<N> on
# PostgreSQL), its own tmp_path and free ports.
WORKERS=$(( $(nproc) < 2 ? $(nproc) : 2 ))
XDIST=(-n "$WORKERS" --dist load)

# A real Redis for the tests of CACHE_BACKEND=redis (rate limits shared by two processes): the machine's, or
# a throwaway one (scripts/ensure_redis.sh); the rest of the suite keeps its per-process cache.
export TEST_REDIS_URL="$(scripts/ensure_redis.sh)"
trap 'scripts/stop_redis.sh' EXIT

echo "== pytest on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" "${PY[@]}" -m pytest -q "${XDIST[@]}" "$@"

echo "== pytest on PostgreSQL"
PG_URL="$(scripts/ensure_postgres.sh)"
trap 'scripts/stop_postgres.sh; scripts/stop_redis.sh' EXIT
# The README test runs the embedded default (SQLite) and ran in the first pass; so did the LibreOffice
# tests (they start a real LibreOffice and touch the database only to read the template page), and the layout
# walk over every page (its pages and CSS are the same on either engine).
DATABASE_URL="$PG_URL" "${PY[@]}" -m pytest -q "${XDIST[@]}" -m "not readme and not libreoffice and not layout" "$@"
