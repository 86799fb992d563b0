#!/usr/bin/env bash
# Fresh clone → every test, browser tests included (idempotent). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest -n 2 "$@"
