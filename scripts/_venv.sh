# Sourced by scripts/build-site and scripts/test: one virtual environment in .venv, installed from the
# pinned requirements, refreshed only when a requirements file changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
REQS="$1"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$REQS" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQS"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export NO_MKDOCS_2_WARNING=1
