#!/usr/bin/env bash
# Fresh clone → every test, browser tests included (idempotent). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# Lint first (pyflakes, pycodestyle, isort, bugbear, pyupgrade; settings in pyproject.toml): seconds, not minutes.
.venv/bin/ruff check .
# loadfile: each test file stays on one worker, so its real course/server is built once.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
