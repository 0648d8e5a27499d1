#!/usr/bin/env bash
# Debian's poppler-utils gives pdfsig, the independent verifier the signing tests check every signed PDF
# with (besides pyHanko): it must report "Signature is Valid" and "Total document signed".
set -euo pipefail
if command -v pdfsig >/dev/null 2>&1; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "Memasang poppler-utils (pdfsig) dari paket Debian..." >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >&2
