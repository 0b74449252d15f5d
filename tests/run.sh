#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs (a venv with the pinned packages, the
# Spark engine's too, and Debian's Chromium and Java 17 where they are missing), lints, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-spark.txt
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
start=$(date +%s)
.venv/bin/python -m pytest -n 2 --durations=10 "$@"
echo "suite time: $(( $(date +%s) - start )) s"
