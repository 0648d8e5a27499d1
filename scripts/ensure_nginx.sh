#!/usr/bin/env bash
# Debian's nginx runs the production-configuration test (deploy/nginx/disnaker.conf in front of gunicorn on
# loopback) and bench/slow_body.py. The package's own service is not started: the test starts a private one.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "Memasang nginx dari paket Debian..." >&2
$SUDO apt-get update -qq >&2
# policy-rc.d 101: do not start the packaged service on install (it would take port 80 for nothing).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >&2
