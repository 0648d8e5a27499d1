#!/usr/bin/env bash
# The embedded default: SQLite, local private files, the database task worker, e-mail to the console.
# The first run writes <DATA_DIR>/local.env (DEBUG=1, a generated SECRET_KEY, the data paths); every later
# manage.py command on this checkout reads it, so the README's commands work without extra variables.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/ensure_uv.sh)"
"$UV" sync --frozen --quiet
scripts/ensure_fonts.sh
PY=.venv/bin/python
DEBUG=1 $PY manage.py ensure_local_settings
$PY manage.py migrate --noinput
$PY manage.py seed_demo
$PY manage.py ensure_signing_certificate
# BSRE_SIMULATOR=1 also starts the BSrE esign-client simulator (manage.py bsre_simulator) on
# BSRE_SIMULATOR_PORT (8089) and points the web server and the worker at it; an office signs through it once
# its Pengaturan SK say "BSrE" with the NIK 3216010101800001 (passphrase rahasia-tte).
SIMULATOR=""
if [ "${BSRE_SIMULATOR:-0}" = 1 ]; then
  SIM_PORT="${BSRE_SIMULATOR_PORT:-8089}"
  $PY manage.py bsre_simulator --port "$SIM_PORT" --username esign --password esign-simulator &
  SIMULATOR=$!
  export BSRE_BASE_URL="http://127.0.0.1:$SIM_PORT" BSRE_USERNAME=esign BSRE_PASSWORD=esign-simulator
fi
$PY manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill $WORKER $SIMULATOR 2>/dev/null' EXIT INT TERM
PORT="${PORT:-8000}"
echo "Layanan Disnaker berjalan di http://127.0.0.1:$PORT/  (Ctrl+C untuk berhenti)"
$PY manage.py runserver "127.0.0.1:$PORT"
