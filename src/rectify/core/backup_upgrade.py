"""Archives written by older releases, brought to today's models before they are loaded.

A backup holds rows as the models were when it was made; `loaddata` reads them with today's
models. Each step here turns the rows (and the manifest's counts) of one older layout into
the next, so an archive of any supported release restores. Steps of release 0.1.0:

- `signoff.SignOff` became `measures.SignOff` (same fields, same table);
- `documents.ExportJob` became `reports.ExportJob`, whose status and error now live on a
  `jobs.Job` (made here as the migration `reports.0002` makes it for a live database).
"""

from __future__ import annotations

from typing import Any

MOVED_MODELS = {"signoff.signoff": "measures.signoff", "documents.exportjob": "reports.exportjob"}
EXPORT_TASK = "rectify.reports.tasks.ledger_export_task"
JOB_STATUS = {"done": "succeeded", "failed": "failed", "queued": "queued", "running": "queued"}


def _job_for_export(pk: int, export_pk: Any, fields: dict) -> dict:
    status = JOB_STATUS.get(fields.pop("status", "queued"), "queued")
    error = fields.pop("error", "") or ""
    finished = fields.get("finished_at") if status != "queued" else None
    when = fields.get("created_at")
    return {
        "model": "jobs.job",
        "pk": pk,
        "fields": {
            "task_path": EXPORT_TASK,
            "args": [export_pk],
            "status": status,
            "attempts": 0 if status == "queued" else 1,
            "run_after": when,
            "created_at": when,
            "updated_at": fields.get("updated_at", when),
            "finished_at": finished,
            "error_code": "exception" if status == "failed" else "",
            "error": error[:2000] if status == "failed" else "",
            "owner": fields.get("owner"),
        },
    }


def upgrade_rows(rows: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """Today's rows for an archive's rows; and the rows the upgrade added, by model label."""
    jobs: list[dict] = []
    for row in rows:
        row["model"] = MOVED_MODELS.get(row["model"], row["model"])
        if row["model"] == "reports.exportjob" and "status" in row["fields"]:
            job = _job_for_export(len(jobs) + 1, row["pk"], row["fields"])
            row["fields"]["job"] = job["pk"]
            jobs.append(job)
    added = {"jobs.Job": len(jobs)} if jobs else {}
    return jobs + rows, added


def upgrade_counts(tables: dict[str, int], labels: dict[str, str]) -> dict[str, int]:
    """The manifest's row counts under today's labels (`labels`: lower-case → current)."""
    upgraded: dict[str, int] = {}
    for label, count in tables.items():
        lower = MOVED_MODELS.get(label.lower(), label.lower())
        current = labels.get(lower, label)
        upgraded[current] = upgraded.get(current, 0) + count
    return upgraded
