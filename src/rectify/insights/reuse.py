"""Evidence reused across measures or rounds: the same file (SHA-256) or a near-identical
photo (perceptual hash, `imagehash.phash`, confirmed by the photo's layout: a before and an
after photo of one site share their phash bits but not the region where a structure went).

Perceptual hashes depend only on a file's bytes, so they are cached by SHA-256. Photos are
compared inside one inspected unit (the blocking), all pairs of a block at once with numpy.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage

log = logging.getLogger(__name__)

PHOTO_DISTANCE = 8  # bits of 64; above this two photos are different
# The layout: the photo shrunk to LAYOUT_CELLS × LAYOUT_CELLS colour cells, each channel
# brought to mean 0 and deviation 1 (so re-saving, brightening or resizing barely moves it).
# Two photos within PHOTO_DISTANCE are the same photo only if no cell differs by more than
# LAYOUT_DIFFERENCE deviations (tuned on tests/insights/data/photos.py: re-filed ≤ 0.28,
# before/after of one site ≥ 1.12). Known gap: a greyscale copy of a colour photo changes its
# per-channel layout and is missed (held-out recall 0.875, tests/insights/test_heldout.py).
LAYOUT_CELLS = 8
LAYOUT_DIFFERENCE = 0.6
# On brightness alone (either photo grey), tuned on the same set's greyscale pairs: copies
# ≤ 0.31, before/after of one site ≥ 0.56.
GREY_LAYOUT_DIFFERENCE = 0.45
_LAYOUT_SCALE = 16  # deviations → int8 steps in the cached layout
CHUNK = 512
SAME_FILE = "reused_file"
SIMILAR_PHOTO = "similar_photo"


Row = Mapping[str, Any]
Rows = Sequence[Row]


@dataclass(frozen=True)
class Reuse:
    evidence: int
    other_evidence: int
    measure: int
    other_measure: int
    report: int
    other_report: int
    kind: str
    distance: int

    def as_json(self) -> dict:
        return {
            "evidence": self.evidence,
            "other_evidence": self.other_evidence,
            "measure": self.measure,
            "other_measure": self.other_measure,
            "kind": self.kind,
            "distance": self.distance,
        }


def _pair(a: Row, b: Row, kind: str, distance: int) -> list[Reuse]:
    one = Reuse(
        a["id"],
        b["id"],
        a["measure_id"],
        b["measure_id"],
        a["report_id"],
        b["report_id"],
        kind,
        distance,
    )
    two = Reuse(
        b["id"],
        a["id"],
        b["measure_id"],
        a["measure_id"],
        b["report_id"],
        a["report_id"],
        kind,
        distance,
    )
    return [one, two]


def same_files(rows: Rows) -> list[Reuse]:
    """One file under two measures (or two rounds of one): each is flagged naming the other."""
    by_hash: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_hash[row["sha256"]].append(row)
    found = []
    for group in by_hash.values():
        first = group[0]
        for other in group[1:]:
            if (
                other["measure_id"] != first["measure_id"]
                or other["report_id"] != first["report_id"]
            ):
                found += _pair(first, other, SAME_FILE, 0)
    return found


def photo_hash(row: Row) -> int | None:
    """The 64-bit perceptual hash of an image evidence file (cached by its SHA-256)."""
    key = f"insights:phash:{row['sha256']}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    import imagehash  # noqa: PLC0415  (numpy and PIL: imported where photos are hashed)
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    value = 0
    try:
        with default_storage.open(row["file"]) as handle, Image.open(handle) as image:
            value = int(str(imagehash.phash(image)), 16)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        log.info("no perceptual hash for evidence %s: %s", row["id"], exc)
    cache.set(key, value, None)
    return value or None


def layout(image) -> bytes:
    """A PIL image's layout (see LAYOUT_CELLS) as LAYOUT_CELLS² × 4 signed bytes: the three
    colour channels, then the brightness, each normalised on its own."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    cells = image.convert("RGB").resize((LAYOUT_CELLS, LAYOUT_CELLS), Image.Resampling.BOX)
    colour = np.asarray(cells, dtype=np.float64)
    grey = np.asarray(cells.convert("L"), dtype=np.float64)[:, :, None]
    values = np.concatenate([colour, grey], axis=2)
    values = (values - values.mean(axis=(0, 1))) / (values.std(axis=(0, 1)) + 1e-6)
    return bytes(np.clip(np.round(values * _LAYOUT_SCALE), -127, 127).astype(np.int8).tobytes())


def _is_grey(planes) -> bool:
    """Whether the three colour planes are one (a greyscale photo, or a scan)."""
    return bool(abs(planes[:, :3].max(axis=1) - planes[:, :3].min(axis=1)).max() <= 2)


def same_layout(a: bytes, b: bytes) -> bool:
    """Whether two layouts differ by at most LAYOUT_DIFFERENCE in every cell: on the colour
    planes, or on brightness alone when either photo is grey (a greyscale copy of a colour
    photo is the same photo)."""
    import numpy as np  # noqa: PLC0415

    first = np.frombuffer(a, np.int8).astype(np.int16).reshape(-1, 4)
    second = np.frombuffer(b, np.int8).astype(np.int16).reshape(-1, 4)
    if _is_grey(first) or _is_grey(second):
        grey = np.abs(first[:, 3] - second[:, 3])
        return bool(grey.max() <= GREY_LAYOUT_DIFFERENCE * _LAYOUT_SCALE)
    colour = np.abs(first[:, :3] - second[:, :3]).mean(axis=1)
    return bool(colour.max() <= LAYOUT_DIFFERENCE * _LAYOUT_SCALE)


def photo_layout(row: Row) -> bytes | None:
    """An image evidence file's layout (cached by its SHA-256); None when unreadable or when
    the row names no file (hashes given without files, as bench_insights gives them)."""
    if not row.get("file"):
        return None
    key = f"insights:layout4:{row['sha256']}"  # 4 planes (a 3-plane one was kept before)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    value = b""
    try:
        with default_storage.open(row["file"]) as handle, Image.open(handle) as image:
            value = layout(image)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        log.info("no layout for evidence %s: %s", row["id"], exc)
    cache.set(key, value, None)
    return value or None


def _same_photo(a: Row, b: Row) -> bool:
    """A phash match confirmed by the layouts (kept when either layout cannot be read)."""
    first, second = photo_layout(a), photo_layout(b)
    return first is None or second is None or same_layout(first, second)


def similar_photos(rows: Rows, hashes: dict[int, int]) -> list[Reuse]:
    """Photos of different files within PHOTO_DISTANCE bits and of the same layout, inside
    one inspected unit and across measures; the Hamming distances of a block are computed by
    numpy, CHUNK rows at a time (12 000 photos: 144 million comparisons in about a second,
    memory bounded), and only the pairs within PHOTO_DISTANCE have their layouts compared."""
    import numpy as np  # noqa: PLC0415  (not in every web process: only here)

    found = []
    by_unit: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row["id"] in hashes:
            by_unit[row["unit_id"]].append(row)
    for unit_rows in by_unit.values():
        values = np.array([hashes[row["id"]] for row in unit_rows], dtype=np.uint64)
        for start in range(0, len(unit_rows), CHUNK):
            block = values[start : start + CHUNK, None] ^ values[None, :]
            near = np.argwhere(np.bitwise_count(block) <= PHOTO_DISTANCE)
            for i, j in near:
                a, b = unit_rows[start + int(i)], unit_rows[int(j)]
                if (
                    start + i >= j
                    or a["sha256"] == b["sha256"]
                    or a["measure_id"] == b["measure_id"]
                    or not _same_photo(a, b)
                ):
                    continue
                found += _pair(a, b, SIMILAR_PHOTO, (hashes[a["id"]] ^ hashes[b["id"]]).bit_count())
    return found
