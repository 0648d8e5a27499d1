#!/usr/bin/env bash
# Debian's headless LibreOffice Calc drives the LibreOffice tests (a clerk's real program fills, saves and
# re-opens the template). It brings its own Python with the UNO bridge (python3-uno).
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/python3/dist-packages/uno.py ]; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "Memasang libreoffice-calc-nogui dari paket Debian..." >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-calc-nogui python3-uno fonts-dejavu-core >&2
