"""schemathesis against a live server (SQLite, the demo data), with a bearer token.

Runs once per `make test`: on the SQLite run only (the server's database is its own SQLite
file whatever the suite uses). All checks; bounded by --max-examples (about two minutes on
two cores). It must end with no server error and no answer that breaks the schema.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.schemathesis,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
        reason="run once per `make test`: on the SQLite run",
    ),
]

BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = os.environ.get("RECTIFY_SCHEMATHESIS_EXAMPLES", "10")

TOKEN_SCRIPT = """
from rectify.api.services import api_token_create
from rectify.orgs.models import User
_token, secret = api_token_create(user=User.objects.get(username="zhenggaiban"), name="st", days=1)
print(secret)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args, env, timeout) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # the server answered (401 without a token)
                return
            time.sleep(0.3)
    raise AssertionError(f"the server did not answer at {url}")


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("schemathesis")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATABASE_URL": f"sqlite:///{data}/db.sqlite3",
        "RECTIFY_DATA_DIR": str(data),
        "RECTIFY_TESTING": "",
        "DEBUG": "true",
        "RECTIFY_API_RATE": "100000/minute",
    }
    demo = _run([BIN / "rectify", "demo", "--no-serve"], env, timeout=300)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    token = _run([BIN / "rectify", "shell", "-c", TOKEN_SCRIPT], env, timeout=120)
    assert token.returncode == 0, token.stderr
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "rectify.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(data / "server.log", "w"),  # noqa: SIM115 - closed with the server
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(f"{url}/api/openapi.json", 60)
        yield url, token.stdout.strip().splitlines()[-1], data
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server_url):
    url, secret, data = live_server_url
    started = time.monotonic()
    result = _run(
        [
            BIN / "st",
            "--config-file",
            CONFIG,
            "run",
            f"{url}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {secret}",
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            "15",
            "--request-timeout",
            "30",
            "--report",
            "junit",
            "--report-dir",
            str(data / "report"),
        ],
        {**os.environ, "NO_COLOR": "1"},
        timeout=240,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    log = (data / "server.log").read_text(errors="replace")
    assert result.returncode == 0, f"{output}\n--- server log (tail) ---\n{log[-4000:]}"
    assert "Traceback" not in log, log[-4000:]
    assert elapsed < 180, f"schemathesis took {elapsed:.0f}s (bound: 180s)"
