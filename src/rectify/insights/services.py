"""Writes of insights: the sign-off gates of an inspection, the recurring findings kept for
the inspection page and the rounds' figures kept for the dashboards (audited)."""

from django.db import transaction
from django.utils import timezone

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.inspections import policy as inspection_policy
from rectify.inspections.models import Inspection
from rectify.orgs.models import User

from .models import (
    DEFAULT_GATES,
    GATE_FIELDS,
    FindingMatch,
    GateConfig,
    InspectionFigures,
    MeasureChecks,
    RoundChecks,
)
from .recurrence import match_rounds
from .selectors import finding_rows

CHUNK = 500  # ids per statement (SQLite's limit on parameters)


@transaction.atomic
def gates_set(*, inspection: Inspection, actor: User, values: dict[str, bool]) -> GateConfig:
    """Turn the inspection's sign-off gates on or off (the office of the inspected unit)."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT, inspection)
    config = GateConfig.objects.select_for_update().filter(inspection=inspection).first()
    before = {f: getattr(config or DEFAULT_GATES, f) for f in GATE_FIELDS}
    after = {f: bool(values.get(f, before[f])) for f in GATE_FIELDS}
    if config is None:
        config = GateConfig.objects.create(inspection=inspection, **after)
    else:
        GateConfig.objects.filter(pk=config.pk).update(**after)
        config.refresh_from_db()
    changed = {f for f in GATE_FIELDS if before[f] != after[f]}
    audit_log(
        actor=actor,
        code=AuditCode.INSIGHTS_GATES_SET,
        obj=inspection,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return config


def _changed(kept: FindingMatch, found) -> bool:
    return (kept.earlier_finding_id, kept.similarity, kept.explicit) != (
        found.earlier_finding,
        found.similarity,
        found.explicit,
    )


@transaction.atomic
def finding_matches_refresh(*, units: list[int] | None = None) -> int:
    """Match the findings of every round to the earlier rounds of the same inspected unit
    again (every unit, or the given ones) and keep the result for the inspection page;
    returns how many matches changed. Run by the hourly job and after an import: a match is
    shown to people, it decides nothing."""
    found = {r.finding: r for r in match_rounds(finding_rows(units), {})}
    scope = FindingMatch.objects.all()
    if units is not None:
        scope = scope.filter(unit_id__in=units)
    kept = {m.finding_id: m for m in scope.select_for_update()}
    stale = [pk for pk, m in kept.items() if pk not in found or _changed(m, found[pk])]
    for start in range(0, len(stale), CHUNK):
        FindingMatch.objects.filter(finding_id__in=stale[start : start + CHUNK]).delete()
    now, gone = timezone.now(), set(stale)
    new = [
        FindingMatch(
            finding_id=r.finding,
            earlier_finding_id=r.earlier_finding,
            unit_id=r.unit,
            similarity=r.similarity,
            explicit=r.explicit,
            matched_at=now,
        )
        for pk, r in found.items()
        if pk not in kept or pk in gone
    ]
    FindingMatch.objects.bulk_create(new, batch_size=CHUNK)
    if stale or new:
        audit_log(
            actor=None,
            code=AuditCode.INSIGHTS_MATCHES_REFRESHED,
            after={"units": units, "matches": len(found), "removed": len(stale), "added": len(new)},
        )
    return len(stale) + len(new)


@transaction.atomic
def inspection_figures_keep(*, figures: dict[int, dict], computed_at) -> int:
    """Keep the dashboards' figures of these rounds (`figures.live_figures`), computed at
    `computed_at`; returns how many rounds' figures changed. Written by the job
    `insights.figures`, which computes them outside this short transaction."""
    kept = {
        row.inspection_id: row
        for row in InspectionFigures.objects.select_for_update().filter(
            inspection_id__in=list(figures)
        )
    }
    changed = [pk for pk, values in figures.items() if pk not in kept or kept[pk].figures != values]
    for row in kept.values():
        row.figures, row.computed_at = figures[row.inspection_id], computed_at
    InspectionFigures.objects.bulk_update(list(kept.values()), ["figures", "computed_at"])
    InspectionFigures.objects.bulk_create(
        [
            InspectionFigures(inspection_id=pk, figures=values, computed_at=computed_at)
            for pk, values in figures.items()
            if pk not in kept
        ]
    )
    if changed:
        audit_log(
            actor=None,
            code=AuditCode.INSIGHTS_FIGURES_KEPT,
            after={"rounds": len(figures), "changed": len(changed)},
        )
    return len(changed)


@transaction.atomic
def round_checks_keep(*, inspection_id: int, computed_at, shares: dict[int, dict]) -> bool:
    """Keep one round's copy, photo and wording checks (`rounds`), computed from `computed_at`: each
    flagged measure's share replaces the round's previous rows. A computation older than the
    one kept is dropped. Returns whether anything changed (then audited)."""
    kept = RoundChecks.objects.select_for_update().filter(inspection_id=inspection_id).first()
    if kept is not None and kept.computed_at > computed_at:
        return False
    rows = MeasureChecks.objects.filter(inspection_id=inspection_id)
    before = {r["measure_id"]: (r["copies"], r["photos"], r["wording"]) for r in rows.values()}
    after = {pk: (s["copies"], s["photos"], s["wording"]) for pk, s in shares.items()}
    rows.delete()
    MeasureChecks.objects.bulk_create(
        MeasureChecks(measure_id=pk, inspection_id=inspection_id, copies=c, photos=p, wording=w)
        for pk, (c, p, w) in after.items()
    )
    RoundChecks.objects.update_or_create(
        inspection_id=inspection_id, defaults={"computed_at": computed_at}
    )
    if before != after:
        audit_log(
            actor=None,
            code=AuditCode.INSIGHTS_ROUND_CHECKS_KEPT,
            after={"inspection": inspection_id, "measures_flagged": len(after)},
        )
    return before != after
