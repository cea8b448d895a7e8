#!/bin/sh
# Install (or upgrade) Rectify from this bundle, with no network: every package comes from
# ./wheels, checked against SHA256SUMS and against the hashes pinned in requirements.txt.
#
#   sudo ./install.sh [VENV_DIR]          default VENV_DIR: /opt/rectify
#   PYTHON=/usr/local/bin/python3.11 ./install.sh /opt/rectify
#
# Then (see README.txt): the environment file, `rectify upgrade` (or `rectify migrate` on a new
# database), `rectify collectstatic --noinput`, `rectify check --deploy`, the systemd units.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${1:-/opt/rectify}
PYTHON=${PYTHON:-python3.11}

die() { echo "install.sh: $*" >&2; exit 1; }

cd "$HERE"
command -v sha256sum >/dev/null || die "sha256sum (coreutils) is needed to check the bundle"
sha256sum --quiet --strict -c SHA256SUMS || die "the bundle does not match SHA256SUMS: do not install it"
echo "bundle checked: $(wc -l < SHA256SUMS) files match SHA256SUMS"

command -v "$PYTHON" >/dev/null || die "$PYTHON not found: this bundle needs CPython 3.11 (set PYTHON=…)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || die "$PYTHON is not Python 3.11: the wheels here are built for CPython 3.11"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" || die "could not create $VENV (Debian/UOS: apt install python3.11-venv)"
fi

# No index, no configuration file, no cache: nothing here can reach a network.
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 "$VENV/bin/python" -m pip install \
  --no-index --find-links "$HERE/wheels" --no-cache-dir --disable-pip-version-check \
  --require-hashes --upgrade --force-reinstall -r "$HERE/requirements.txt"

"$VENV/bin/python" -c "import rectify" || die "the installed package does not import"
echo "Rectify $(cat "$HERE/VERSION") installed in $VENV"
echo "next (README.txt): /etc/rectify.env from rectify.env.example, then as the rectify user"
echo "with it loaded: rectify upgrade (a new database: rectify migrate), rectify collectstatic"
echo "--noinput, rectify check --deploy; then the systemd units and the nginx site."
