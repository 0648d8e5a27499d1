#!/usr/bin/env bash
# Print the path of a working uv, installing it with pip (user site) when it is missing.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
for candidate in "$HOME/.local/bin/uv"; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
python3 -m pip install --quiet --user uv >&2 || python3 -m pip install --quiet --user --break-system-packages uv >&2
echo "$HOME/.local/bin/uv"
