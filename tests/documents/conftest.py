"""Fixtures for the documents tests: the seed notice, imported once per test that needs it."""

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
SEED = (
    Path(__file__).resolve().parents[2]
    / "src/rectify/documents/demo_data"
    / ("haizhuang-2023-rectification-notice.txt")
)


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def imported(cast, units, seed_bytes):
    """The seed notice imported by the street's rectification office."""
    from rectify.documents.importer import notice_import

    return notice_import(path_or_bytes=seed_bytes, filename=SEED.name, actor=cast.office)
