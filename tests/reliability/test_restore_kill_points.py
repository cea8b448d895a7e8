"""A restore stopped at any point leaves the target empty or complete, never half, and the
same command can be run again; its staging folder never outlives it.

In this process a failure is injected at each stage (both databases); in a subprocess
`rectify restore` is killed with SIGKILL at each stage, and stopped with SIGTERM (SQLite
file database).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectify.audit.selectors import audit_chain_verify
from rectify.core import restore
from rectify.core.backup import table_counts

from ..core.test_backup import media_files, populated, snapshot  # noqa: F401  (fixture)

STAGES = ["extracted", "migrated", "files_placed", "loaded", "committed"]


@pytest.fixture
def archive(populated, tmp_path, settings):  # noqa: F811
    path = tmp_path / "b.tar.gz"
    expected = snapshot(), media_files(Path(settings.MEDIA_ROOT))
    call_command("backup", "-o", str(path))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return path, expected


def staging_left(settings) -> list[Path]:
    root = Path(settings.RECTIFY_RESTORE_STAGING)
    return list(root.iterdir()) if root.exists() else []


@pytest.mark.parametrize("stage", STAGES)
def test_a_failure_at_each_stage_leaves_the_target_empty_or_complete(
    archive, settings, monkeypatch, stage
):
    path, (rows, files) = archive

    def fail(name):
        if name == stage:
            raise RuntimeError(f"stopped at {name}")

    monkeypatch.setattr(restore, "_stage", fail)
    with pytest.raises(RuntimeError, match=stage):
        call_command("restore", str(path))
    assert staging_left(settings) == []
    media = Path(settings.MEDIA_ROOT)
    if stage == "committed":
        assert snapshot() == rows and media_files(media) == files  # complete
        return
    assert not any(table_counts().values()) and media_files(media) == {}  # empty
    monkeypatch.setattr(restore, "_stage", lambda name: None)
    call_command("restore", str(path))  # and run again
    assert snapshot() == rows and media_files(media) == files
    assert audit_chain_verify()[1] == []


KILLER = """
import os, signal, sys
import rectify.core.restore as restore
from rectify.__main__ import main

def stage(name):
    if name == os.environ["KILL_AT"]:
        os.kill(os.getpid(), getattr(signal, os.environ["KILL_WITH"]))

restore._stage = stage
main(["rectify", "restore", sys.argv[1]])
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty, migrated target database, copied for each test (migrating takes a while)."""
    path = tmp_path_factory.mktemp("template") / "target.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{path}"}
    command = [sys.executable, "-m", "rectify", "migrate", "--verbosity", "0"]
    subprocess.run(command, env=env, check=True, timeout=300)
    return path


def run(tmp_path, archive, settings, *, kill_at="", kill_with="SIGKILL"):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}",
        "RECTIFY_DATA_DIR": str(tmp_path / "target-data"),
        "MEDIA_ROOT": str(tmp_path / "target-media"),
        "RECTIFY_BACKUP_KEY": Path(settings.RECTIFY_BACKUP_KEY_FILE).read_text().strip(),
        "RECTIFY_AUDIT_KEY": Path(settings.RECTIFY_AUDIT_KEY_FILE).read_text().strip(),
        "KILL_AT": kill_at,
        "KILL_WITH": kill_with,
    }
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def target_rows(tmp_path) -> int:
    db = sqlite3.connect(tmp_path / "target.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM measures_measure").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not even migrated
    finally:
        db.close()


@pytest.mark.parametrize("stage", ["extracted", "files_placed", "loaded", "committed"])
def test_a_restore_killed_at_each_stage_can_be_run_again(
    archive, tmp_path, settings, migrated, stage
):
    path, (_, files) = archive
    shutil.copyfile(migrated, tmp_path / "target.sqlite3")
    killed = run(tmp_path, path, settings, kill_at=stage)
    assert killed.returncode == -9, killed.stderr
    media = tmp_path / "target-media"
    staging = tmp_path / "target-data" / "restore-staging"
    assert target_rows(tmp_path) == (1 if stage == "committed" else 0)

    again = run(tmp_path, path, settings)
    if stage == "committed":  # it was complete: a second restore is refused, nothing changes
        assert again.returncode == 2 and "not empty" in again.stderr
    else:
        assert again.returncode == 0, again.stderr
    assert target_rows(tmp_path) == 1
    assert media_files(media) == files
    assert list(staging.iterdir()) == [], "the killed run's staging folder is gone"


def test_a_restore_stopped_with_sigterm_cleans_up_at_once(archive, tmp_path, settings, migrated):
    path, _ = archive
    shutil.copyfile(migrated, tmp_path / "target.sqlite3")
    stopped = run(tmp_path, path, settings, kill_at="files_placed", kill_with="SIGTERM")
    assert stopped.returncode == 128 + 15, stopped.stderr
    assert target_rows(tmp_path) == 0
    assert media_files(tmp_path / "target-media") == {}
    assert list((tmp_path / "target-data" / "restore-staging").iterdir()) == []


def test_two_restores_at_once_are_refused(archive, settings):
    path, _ = archive
    root = Path(settings.RECTIFY_RESTORE_STAGING)
    root.mkdir(parents=True)
    (root / f"{os.getppid()}-running").mkdir()  # a live process's staging folder
    with pytest.raises(CommandError, match="another restore is running"):
        call_command("restore", str(path))
