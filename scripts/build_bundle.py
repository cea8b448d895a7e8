"""Build the offline bundle: dist/rectify-<version>-py3.11-linux-<arch>.tar.gz (`make bundle`).

One archive an office carries onto a machine with no network: the Rectify wheel (static
assets and compiled translations inside), every dependency of uv.lock as a wheel for this
CPU (downloaded for manylinux glibc 2.28 and older, so Kylin V10 / UOS 20 take them; built
here for the few that PyPI ships only as source, such as jieba), install.sh, systemd units,
an nginx site, the environment file template, and SHA256SUMS over every file.

Downloads are checked against the hashes in uv.lock (pip --require-hashes). The dependency
wheels are cached in var/bundle-cache/<hash of uv.lock>-<arch>/, so a second build only
rebuilds the Rectify wheel.

    python scripts/build_bundle.py [--out DIR] [--arch aarch64]

Every dependency but jieba (built here, pure Python) comes as a wheel for the target CPU, so
an ARM64 bundle for Kunpeng or Phytium servers can be built on an x86_64 machine too.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
CACHE = ROOT / "var" / "bundle-cache"
BIN = Path(sys.executable).parent
GLIBC_TAGS = ["manylinux_2_28", "manylinux_2_27", "manylinux_2_17", "manylinux2014"]
# Where the bundle is installed: CPython 3.11 on Linux, any patch release.
TARGETS = [
    {
        "python_version": "3.11",
        "python_full_version": f"3.11.{patch}",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    for patch in (0, 4, 5, 99)
]
# Must be inside the Rectify wheel, or the installed site has no scripts or no Chinese.
WHEEL_MUST_HOLD = [
    "rectify/static/vendor/htmx/htmx.min.js",
    "rectify/static/vendor/echarts/echarts.min.js",
    "rectify/locale/zh_Hans/LC_MESSAGES/django.mo",
]


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], check=True, **kwargs)


def version() -> str:
    text = (ROOT / "src/rectify/__init__.py").read_text()
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def locked_requirements() -> list[tuple[str, str, str, list[str]]]:
    """(name, version, marker, hashes) of every runtime dependency in uv.lock that a Linux
    CPython 3.11 of any patch release may need."""
    exported = run(
        BIN / "uv", "export", "--frozen", "--no-dev", "--no-emit-project",
        "--format", "requirements-txt", "--no-header", "--no-annotate",
        cwd=ROOT, capture_output=True, text=True,
    ).stdout  # fmt: skip
    requirements = []
    for block in re.split(r"\n(?=\S)", exported.strip()):
        head = block.split("\\")[0].strip()
        spec, _, marker = head.partition(";")
        name, _, pinned = spec.strip().partition("==")
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
        marker = marker.strip()
        if marker and not any(Marker(marker).evaluate(env) for env in TARGETS):
            continue
        requirements.append((name, pinned, marker, hashes))
    return requirements


def source_only() -> set[str]:
    """Packages uv.lock knows no wheel of (PyPI ships them as source only)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {
        canonicalize_name(p["name"])
        for p in lock["package"]
        if not p.get("wheels") and p["name"] != "rectify"
    }


def rounds(requirements) -> list[list]:
    """The requirements in rounds with each name once (pip takes one version of a name per
    run; the lock pins two of some, by Python patch release)."""
    out: list[list] = []
    for requirement in requirements:
        name = canonicalize_name(requirement[0])
        free = next((r for r in out if name not in {canonicalize_name(x[0]) for x in r}), None)
        if free is None:
            free = []
            out.append(free)
        free.append(requirement)
    return out


def _pip_lines(requirements) -> str:
    return "\n".join(
        f"{n}=={v} " + " ".join(f"--hash=sha256:{h}" for h in hashes)
        for n, v, _, hashes in requirements
    )


def fetch_dependencies(requirements, dest: Path, arch: str) -> None:
    """Wheels for this CPU from PyPI (hash-checked), and wheels built from the sources."""
    built = source_only()
    platforms = [arg for tag in GLIBC_TAGS for arg in ("--platform", f"{tag}_{arch}")]
    with tempfile.TemporaryDirectory() as work:
        for number, batch in enumerate(rounds(requirements)):
            binary, source = Path(work, f"binary{number}.txt"), Path(work, f"source{number}.txt")
            binary.write_text(_pip_lines(r for r in batch if canonicalize_name(r[0]) not in built))
            source.write_text(_pip_lines(r for r in batch if canonicalize_name(r[0]) in built))
            run(
                BIN / "python", "-m", "pip", "download", "--quiet", "--no-deps",
                "--require-hashes", "--only-binary=:all:", "--python-version", "3.11.99",
                "--implementation", "cp", "--abi", "cp311", "--abi", "abi3", "--abi", "none",
                *platforms, "--dest", dest, "-r", binary,
            )  # fmt: skip
            if source.read_text().strip():
                run(
                    BIN / "python", "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--require-hashes", "--wheel-dir", dest, "-r", source,
                )  # fmt: skip


def dependency_wheels(requirements, arch: str) -> Path:
    """The cached wheels of this lock file and CPU, fetched when missing."""
    key = sha256(ROOT / "uv.lock")[:16]
    cache = CACHE / f"{key}-{arch}"
    if (cache / ".complete").exists():
        print(f"dependency wheels: cached in {cache}")
        return cache
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    fetch_dependencies(requirements, cache, arch)
    (cache / ".complete").write_text(key)
    return cache


def rectify_wheel(dest: Path) -> Path:
    """Build the Rectify wheel and check that the assets and translations are inside."""
    missing_here = [m for m in WHEEL_MUST_HOLD if not (ROOT / "src" / m).exists()]
    if missing_here:
        sys.exit(f"missing {missing_here}: run `make install` (assets, translations) first")
    run(BIN / "uv", "build", "--wheel", "--out-dir", dest, cwd=ROOT)
    wheel = next(dest.glob("rectify-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        missing = set(WHEEL_MUST_HOLD) - set(archive.namelist())
    if missing:
        sys.exit(f"the wheel lacks {sorted(missing)}: check [tool.hatch.build] artifacts")
    return wheel


def pinned_requirements(requirements, wheels: Path, own: Path) -> str:
    """requirements.txt of the bundle: each package pinned to the hash of its wheel here."""
    hashes: dict[tuple[str, str], list[str]] = {}
    for wheel in sorted(wheels.glob("*.whl")):
        name, ver, _, _ = parse_wheel_filename(wheel.name)
        hashes.setdefault((name, str(ver)), []).append(sha256(wheel))
    lines = [f"rectify=={version()} --hash=sha256:{sha256(own)}"]
    for name, pinned, marker, _ in requirements:
        found = hashes.get((canonicalize_name(name), pinned))
        if not found:
            sys.exit(f"no wheel of {name}=={pinned} for this platform")
        when = f" ; {marker}" if marker else ""
        lines.append(f"{name}=={pinned}{when} " + " ".join(f"--hash=sha256:{h}" for h in found))
    return "\n".join(lines) + "\n"


def stage(root: Path, requirements, deps: Path, arch: str) -> None:
    wheels = root / "wheels"
    wheels.mkdir(parents=True)
    own = rectify_wheel(wheels)
    for wheel in deps.glob("*.whl"):
        shutil.copy2(wheel, wheels)
    (root / "requirements.txt").write_text(pinned_requirements(requirements, wheels, own))
    for item in ("install.sh", "rectify.env.example", "systemd", "nginx", "README.txt"):
        source = PACKAGING / item
        if source.is_dir():
            shutil.copytree(source, root / item)
        else:
            shutil.copy2(source, root / item)
    (root / "VERSION").write_text(f"{version()} py3.11 linux {arch}\n")
    sums = [
        f"{sha256(path)}  {path.relative_to(root).as_posix()}"
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]
    (root / "SHA256SUMS").write_text("\n".join(sums) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument(
        "--arch",
        default=platform.machine(),
        choices=["x86_64", "aarch64"],
        help="CPU of the target machines (default: this one); aarch64 for Kunpeng/Phytium",
    )
    args = parser.parse_args()
    arch = args.arch
    name = f"rectify-{version()}-py3.11-linux-{arch}"
    requirements = locked_requirements()
    deps = dependency_wheels(requirements, arch)
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / name
        stage(root, requirements, deps, arch)
        args.out.mkdir(parents=True, exist_ok=True)
        archive = args.out / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(root, arcname=name)
    count = len(list(deps.glob("*.whl"))) + 1
    print(f"bundle: {archive} ({archive.stat().st_size // 1024} KiB, {count} wheels)")
    print(f"sha256: {sha256(archive)}")


if __name__ == "__main__":
    main()
