#!/usr/bin/env bash
# The embedded default: SQLite, local private files, the database task worker, e-mail to the console.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/ensure_uv.sh)"
"$UV" sync --frozen --quiet
export DEBUG="${DEBUG:-1}"
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py seed_demo
$PY manage.py ensure_signing_certificate
$PY manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null' EXIT INT TERM
echo "Layanan Disnaker berjalan di http://127.0.0.1:8000/  (Ctrl+C untuk berhenti)"
$PY manage.py runserver 127.0.0.1:8000
