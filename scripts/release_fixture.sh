#!/usr/bin/env bash
# Remake tests/ops/data/release-0.1.0.tar.gz: the SQLite database and evidence files of
# release 0.1.0 (tag v0.1.0 = 447b79b, the last commit before issue 5's work began) holding
# tests/core/data/backup-0.1.0.tar.gz (the demo, one finished and one failed export), restored
# by that release's own `rectify restore`. Needs network access to PyPI for the old release's
# dependencies (django-tasks-db among them).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
git archive v0.1.0 | tar -x -C "$work/"
(cd "$work" && uv venv -q --python python3.11 .venv && uv sync -q --frozen --python .venv/bin/python)
mkdir -p "$work/data"
RECTIFY_DATA_DIR="$work/data" DATABASE_URL="sqlite:///$work/data/rectify.sqlite3" \
  SECRET_KEY=fixture-key-0.1.0-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
  "$work/.venv/bin/rectify" restore tests/core/data/backup-0.1.0.tar.gz
sqlite3 "$work/data/rectify.sqlite3" "PRAGMA journal_mode=DELETE; VACUUM;"
tar -C "$work/data" -czf tests/ops/data/release-0.1.0.tar.gz --owner=0 --group=0 --sort=name \
  --mtime='2026-11-28 07:31:10' rectify.sqlite3 media
rm -rf "$work"
