"""What a fresh clone promises: the licence it names, the README's roles, the console script's
`help`, and a `make install` that runs again only when its inputs change."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_licence_the_readme_names_is_there_in_full():
    assert "Apache-2.0" in (ROOT / "README.md").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "9. Accepting Warranty or Additional Liability." in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_the_readme_says_a_reporter_may_request_sign_off(cast, measure):
    """The roles table agrees with the policy: a department's 经办人 requests sign-off."""
    from rectify.measures.policy import Action, may

    assert may(cast.reporter, Action.REQUEST_SIGNOFF, measure)
    assert may(cast.reporter, Action.REQUEST_EXTENSION, measure)

    row = next(
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| 经办人")
    )
    assert "request" in row and "sign-off" in row and "extension" in row


@pytest.mark.parametrize("argv", [["help", "import-notice"], ["import-notice", "--help"]])
def test_help_takes_the_hyphenated_command_name(argv):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "RECTIFY_TESTING": "true"}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    done = subprocess.run(
        [sys.executable, "-m", "rectify", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown command" not in done.stdout + done.stderr
    assert "usage: rectify import_notice" in done.stdout and "--dry-run" in done.stdout


@pytest.fixture
def clone(tmp_path):
    """A copy of the Makefile with stand-ins for its inputs and an installed venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("uv.lock", "pyproject.toml", "assets.lock.json"):
        (tmp_path / name).write_text("x")
    po = tmp_path / "src/rectify/locale/zh_Hans/LC_MESSAGES/django.po"
    po.parent.mkdir(parents=True)
    po.write_text("x")
    (tmp_path / ".venv/bin").mkdir(parents=True)
    (tmp_path / ".venv/bin/python").write_text("")
    past = time.time() - 100
    for path in [*tmp_path.rglob("*")]:
        os.utime(path, (past, past))
    (tmp_path / ".venv/.rectify-installed").write_text("")  # installed after all of them
    return tmp_path


def make_plan(clone: Path) -> str:
    """What `make install` would run (a dry run: nothing is executed)."""
    done = subprocess.run(
        ["make", "-n", "install"], cwd=clone, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    "changed",
    [
        "uv.lock",
        "pyproject.toml",
        "assets.lock.json",
        "src/rectify/locale/zh_Hans/LC_MESSAGES/django.po",
    ],
)
def test_install_runs_again_only_when_an_input_changed(clone, changed):
    assert "uv sync" not in make_plan(clone)  # nothing changed: nothing to do
    (clone / changed).write_text("changed")  # now newer than the stamp
    plan = make_plan(clone)
    assert "uv sync" in plan and "fetch_assets.py" in plan and "compile_messages.py" in plan
