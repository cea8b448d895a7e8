"""Fetch pinned front-end assets from the npm registry, verify them, unpack into the package.

No Node.js: the tarballs are downloaded with urllib and checked against the `integrity`
(SRI sha512) that npm published, as recorded in assets.lock.json. The files land in
src/rectify/static/vendor/ and are shipped inside the wheel. Already-present, matching
files are left alone, so this is cheap to run on every `make install`.

    python scripts/fetch_assets.py            # fetch and verify
    python scripts/fetch_assets.py --check    # verify what is on disk, fetch nothing
"""

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "assets.lock.json"
DEST = ROOT / "src" / "rectify" / "static" / "vendor"
STAMP = DEST / ".assets-lock.sha256"


def sri_ok(data: bytes, integrity: str) -> bool:
    algo, _, expected = integrity.partition("-")
    digest = hashlib.new(algo, data).digest()
    return base64.b64encode(digest).decode() == expected


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def up_to_date(lock: dict) -> bool:
    if not STAMP.exists() or STAMP.read_text().strip() != lock_digest():
        return False
    return all(
        (DEST / target).exists()
        for spec in lock["packages"].values()
        for target in spec["files"].values()
    )


def fetch(name: str, spec: dict) -> None:
    print(f"fetching {name}@{spec['version']} …", flush=True)
    with urllib.request.urlopen(spec["tarball"], timeout=120) as response:
        data = response.read()
    if not sri_ok(data, spec["integrity"]):
        sys.exit(f"integrity check failed for {name}@{spec['version']}: refusing to install it")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, target in spec["files"].items():
            extracted = tar.extractfile(member)
            if extracted is None:
                sys.exit(f"{name}: {member} not found in the tarball")
            out = DEST / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(without_source_map(extracted.read(), target, spec["files"].values()))


SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=[^\n]*\s*$")


def without_source_map(content: bytes, target: str, shipped) -> bytes:
    """A script whose source map is not shipped loses its trailing sourceMappingURL comment
    (collectstatic's manifest storage would look for the missing .map and fail)."""
    if target.endswith(".js") and f"{target}.map" not in shipped:
        return SOURCE_MAP.sub(b"\n", content)
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only verify; exit 1 if missing")
    args = parser.parse_args()
    lock = json.loads(LOCK.read_text())
    if up_to_date(lock):
        print("static assets up to date")
        return
    if args.check:
        sys.exit("static assets missing or stale: run `make assets`")
    for name, spec in lock["packages"].items():
        fetch(name, spec)
    STAMP.write_text(lock_digest() + "\n")
    print(f"static assets installed in {DEST.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
