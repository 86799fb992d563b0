#!/usr/bin/env bash
# Set up Literasi in ./.venv (idempotent). Needs only Python 3 (with venv) and the system package manager.
#   bash scripts/setup.sh          # the package and everything to serve and teach
#   bash scripts/setup.sh --test   # plus the test tools and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  command -v apt-get >/dev/null || { echo "literasi: please install $* with your package manager" >&2; return 1; }
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  apt_install python3-venv
fi

# Certificates print names and accents with DejaVu Sans (Debian's fonts-dejavu-core).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && command -v apt-get >/dev/null; then
  apt_install fonts-dejavu-core
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# setuptools warns on every editable install that a folder named like the package sits beside it (it does, by
# design: the project is its own source tree); nothing to act on, so the first run stays readable.
export PYTHONWARNINGS="ignore:Editable installation:UserWarning"
if [ "$want_tests" -eq 1 ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
  if [ ! -x /usr/bin/chromium ]; then
    echo "literasi: installing Debian chromium for the browser tests"
    apt_install chromium
  fi
  # The classroom hub test runs JupyterHub behind configurable-http-proxy (npm, pinned in package-lock.json).
  if ! command -v npm >/dev/null; then
    echo "literasi: installing Debian nodejs and npm for the JupyterHub test"
    apt_install nodejs npm
  fi
  if [ ! deploy/jupyterhub/node_modules/.package-lock.json -nt deploy/jupyterhub/package-lock.json ]; then
    npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
  fi
  # The accessibility test injects axe-core (npm, pinned in tests/axe/package-lock.json) into every page.
  if [ ! tests/axe/node_modules/.package-lock.json -nt tests/axe/package-lock.json ]; then
    npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
.venv/bin/literasi check
