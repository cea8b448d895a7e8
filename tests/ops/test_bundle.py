"""The offline bundle (`make bundle`) installs with no package index and runs.

The bundle is built once per test session (the dependency wheels are cached per uv.lock in
var/bundle-cache/, so only the Rectify wheel is rebuilt), installed by its own install.sh
into a fresh venv with the network cut off (`unshare -n` where the machine allows it, and
pip pointed at no index in any case), then `rectify check --deploy`, `rectify migrate` and
`rectify demo --no-serve` run from that venv against the suite's kind of database.
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from .sides import PostgresSide

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src/rectify/settings.py"
ENV_TEMPLATE = ROOT / "packaging/rectify.env.example"


def _offline_prefix() -> list[str]:
    """`unshare -n` (a network namespace with nothing in it) when this machine allows it."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def _clean_env(**extra) -> dict:
    drop = {"RECTIFY_TESTING", "DEBUG", "PYTHONPATH", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PIP_")}
    env.update(extra)
    return env


def _run(command: list, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in command], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, ROOT / "scripts/build_bundle.py", "--out", out], dict(os.environ), 1800)
    (archive,) = out.glob("rectify-*-py3.11-linux-*.tar.gz")
    return archive


def _unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (folder,) = into.iterdir()
    return folder


def test_the_env_template_documents_every_setting():
    text = SETTINGS.read_text() + SETTINGS.with_name("settings_env.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z0-9_]+)"', text))
    documented = set(re.findall(r"^#?([A-Z0-9_]+)=", ENV_TEMPLATE.read_text(), re.M))
    assert read and read - documented == set(), "add these to packaging/rectify.env.example"


def test_install_refuses_a_bundle_that_does_not_match_its_manifest(bundle, tmp_path):
    folder = _unpack(bundle, tmp_path)
    wheel = next((folder / "wheels").glob("django-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    done = subprocess.run(
        [folder / "install.sh", tmp_path / "venv"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "does not match SHA256SUMS" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_the_bundle_installs_offline_and_runs(bundle, tmp_path, request):
    folder = _unpack(bundle, tmp_path / "bundle")
    names = {p.name for p in (folder / "wheels").iterdir()}
    assert any(n.startswith("jieba-") and n.endswith(".whl") for n in names)  # built here
    for part in ("install.sh", "SHA256SUMS", "rectify.env.example", "nginx/rectify.conf"):
        assert (folder / part).is_file(), part
    assert {p.name for p in (folder / "systemd").iterdir()} >= {
        "rectify-web.service",
        "rectify-worker.service",
        "rectify-backup.timer",
    }
    venv = tmp_path / "venv"
    nowhere = _clean_env(
        PYTHON=sys.executable, PIP_NO_INDEX="1", PIP_INDEX_URL="http://127.0.0.1:9/nowhere/"
    )
    _run([*_offline_prefix(), folder / "install.sh", venv], nowhere)

    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'rectify.sqlite3'}"
    else:
        side = PostgresSide(f"{connection.settings_dict['NAME']}_bundle"[:63])
        request.addfinalizer(side.drop)
        url = side.url
    env = _clean_env(
        DATABASE_URL=url,
        RECTIFY_DATA_DIR=str(tmp_path / "data"),
        SECRET_KEY="bundle-test-" + "k" * 50,
        RECTIFY_DATA_KEYS="k1:" + "A" * 43 + "=",
        ALLOWED_HOSTS="rectify.example.gov.cn,testserver",
        CSRF_TRUSTED_ORIGINS="https://rectify.example.gov.cn",
        BEHIND_TLS_PROXY="true",
    )
    rectify = venv / "bin" / "rectify"
    where = _run([venv / "bin/python", "-c", "import rectify; print(rectify.__file__)"], env)
    assert where.stdout.startswith(str(venv))  # the installed package, not this checkout
    _run([rectify, "check", "--deploy"], env)
    _run([rectify, "migrate", "--noinput"], env)
    demo = _run([rectify, "demo", "--no-serve", "--password", "Zhenggai#2026x"], env).stdout
    assert "措施 82" in demo
    _run([rectify, "collectstatic", "--noinput"], env)
    _run([rectify, "check", "--deploy"], env)
    # the page comes in Chinese (the compiled catalogue is in the wheel) and htmx is served
    probe = (
        "import django, re; django.setup(); from django.test import Client; c = Client(); "
        "page = c.get('/accounts/login/', secure=True).content.decode(); "
        "js = re.search(r'/static/vendor/htmx/[^\"]+', page).group(0); "
        "print(c.get('/healthz', secure=True).status_code, '登录' in page, "
        "c.get(js, secure=True).status_code)"
    )
    env_probe = {**env, "DJANGO_SETTINGS_MODULE": "rectify.settings"}
    assert _run([venv / "bin/python", "-c", probe], env_probe).stdout.split() == [
        "200",
        "True",
        "200",
    ]
