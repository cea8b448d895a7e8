"""Deadline gaming per unit (lead department): serial extensions, sign-off requests bunched in
the last days before the deadline, and the reopen rate after sign-off."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]
Rows = Sequence[Row]

LAST_DAYS = 3  # a request this close to the deadline is a last-day request
BUNCHED_SHARE = 0.5  # flagged when at least this share of a unit's requests are last-day
BUNCHED_MIN = 3  # … and there are at least this many requests
SERIAL = 2  # extensions of one measure that make a series


def gaming_by_unit(
    measures: Rows, extensions: Rows, requests: Rows, events: Rows
) -> dict[int, dict]:
    """`measures`: id, unit_id, deadline; `extensions`: measure_id (approved or set);
    `requests`: measure_id, requested_on (date); `events`: measure_id, transition."""
    unit_of = {m["id"]: m["unit_id"] for m in measures}
    deadline = {m["id"]: m["deadline"] for m in measures}
    out: dict[int, dict] = defaultdict(_empty)
    for m in measures:
        out[m["unit_id"]]["measures"] += 1
    per_measure: dict[int, int] = defaultdict(int)
    for row in extensions:
        per_measure[row["measure_id"]] += 1
    for measure, n in per_measure.items():
        unit = out[unit_of[measure]]
        unit["extensions"] += n
        if n >= SERIAL:
            unit["serial_extensions"].append(measure)
    for row in requests:
        unit = out[unit_of[row["measure_id"]]]
        unit["signoff_requests"] += 1
        due = deadline[row["measure_id"]]
        if due is not None and dt.timedelta(0) <= due - row["requested_on"] <= dt.timedelta(
            days=LAST_DAYS
        ):
            unit["last_days_requests"] += 1
    signed: dict[int, set] = defaultdict(set)
    reopened: dict[int, set] = defaultdict(set)
    for row in events:
        target = signed if row["transition"] == "approve_signoff" else reopened
        target[unit_of[row["measure_id"]]].add(row["measure_id"])
    for unit_id, unit in out.items():
        unit["signed_off"] = len(signed[unit_id])
        unit["reopened"] = len(reopened[unit_id])
        unit["reopen_rate"] = (
            round(100 * unit["reopened"] / unit["signed_off"], 1) if unit["signed_off"] else 0.0
        )
        share = (
            unit["last_days_requests"] / unit["signoff_requests"] if unit["signoff_requests"] else 0
        )
        unit["last_days_share"] = round(100 * share, 1)
        unit["bunched"] = unit["signoff_requests"] >= BUNCHED_MIN and share >= BUNCHED_SHARE
    return dict(out)


def _empty() -> dict:
    return {
        "measures": 0,
        "extensions": 0,
        "serial_extensions": [],
        "signoff_requests": 0,
        "last_days_requests": 0,
        "last_days_share": 0.0,
        "bunched": False,
        "signed_off": 0,
        "reopened": 0,
        "reopen_rate": 0.0,
    }
