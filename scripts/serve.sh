#!/usr/bin/env bash
# Fresh clone → public site on http://127.0.0.1:8866 (idempotent). Extra arguments go to `literasi serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/literasi serve --port 8866 "$@"
