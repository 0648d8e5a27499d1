#!/usr/bin/env bash
# Debian's Chromium drives the browser tests (Playwright's own browser download does not work offline).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "Memasang chromium dari paket Debian..." >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >&2
