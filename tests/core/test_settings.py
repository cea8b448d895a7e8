"""Settings without SECRET_KEY: offline commands run, serving and encryption refuse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from rectify.core import crypto

SEED = Path(__file__).resolve().parents[2] / "src/rectify/demo/demo_data"


def _env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "RECTIFY_TESTING", "DATABASE_URL"}
    }
    return {**env, **extra}


def test_parse_runs_without_secret_key(tmp_path):
    seed = next(SEED.glob("*.txt"))
    done = subprocess.run(
        [sys.executable, "-m", "rectify", "parse", str(seed), "--format", "outline"],
        env=_env(RECTIFY_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "海幢街道党工委" in done.stdout


def test_serving_refuses_without_secret_key(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import rectify.wsgi"],
        env=_env(RECTIFY_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="rectify.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_encryption_refuses_a_throwaway_key(settings):
    settings.SECRET_KEY_EPHEMERAL = True
    settings.RECTIFY_DATA_KEYS = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("13812345678")
