#!/usr/bin/env bash
# The decree PDF embeds Liberation Sans (Debian fonts-liberation; DejaVu Sans as second choice), see
# disnaker/decrees/fonts.py. Without them the PDF falls back to Helvetica, which is not embedded.
set -uo pipefail
if [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "Memasang fonts-liberation (font SK yang ditanam di PDF) dari paket Debian..." >&2
if ! { $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-liberation >&2; }; then
  echo "PERINGATAN: fonts-liberation tidak dapat dipasang; SK memakai DejaVu Sans bila ada, atau Helvetica (tidak tertanam)." >&2
fi
exit 0
