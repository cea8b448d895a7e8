"""Warning lights (预警灯) computed in the database, with the reason for each, and rolled up
the finding tree. Every count is over a queryset the caller has scoped to the user.

red: overdue; sign-off returned twice or more; a supervision notice unanswered past its reply
date. yellow: deadline within `remind_days` and no sign-off requested; or no progress for
`stale_days`. grey: long-term. blue: signed off. green: everything else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from rectify.inspections.models import DEFAULT_THRESHOLDS, Finding, Thresholds

from .enums import LIGHT_OF_REASON, Light, LightReason, MeasureStatus
from .models import Measure, MeasureEvent, ProgressReport, overdue_q


def thresholds_by_inspection(ids: list[int] | None = None) -> dict[int, Thresholds]:
    """The inspections that set their own thresholds (all others use the defaults)."""
    rows = Thresholds.objects.all()
    if ids is not None:
        rows = rows.filter(inspection_id__in=ids)
    return {row.inspection_id: row for row in rows}


def _near(today: dt.date, th: Thresholds) -> Q:
    return Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=th.remind_days)) & ~Q(
        status=MeasureStatus.SIGNOFF_REQUESTED
    )


def _stale(today: dt.date, th: Thresholds) -> Q:
    return Q(_last_progress__lt=today - dt.timedelta(days=th.stale_days))


def _per_threshold(rule, today: dt.date, custom: dict[int, Thresholds]) -> list[Q]:
    """`rule` under each inspection's own thresholds, and the defaults for the rest."""
    conditions = [Q(inspection_id=pk) & rule(today, th) for pk, th in custom.items()]
    rest = rule(today, DEFAULT_THRESHOLDS)
    conditions.append(~Q(inspection_id__in=list(custom)) & rest if custom else rest)
    return conditions


def with_lights(
    qs: QuerySet[Measure], *, today: dt.date, custom: dict[int, Thresholds] | None = None
) -> QuerySet[Measure]:
    """Annotate `light_reason` on every measure of `qs` (one query); `Measure.light` reads it."""
    custom = thresholds_by_inspection() if custom is None else custom
    returns = (
        MeasureEvent.objects.filter(measure=OuterRef("pk"), transition="return_signoff")
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = (
        ProgressReport.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(d=Max("report_date"))
        .values("d")
    )
    qs = qs.annotate(
        _returns=Coalesce(Subquery(returns, output_field=IntegerField()), 0),
        _last_progress=Coalesce(Subquery(last), TruncDate("created_at")),
    )
    near = _per_threshold(_near, today, custom)
    stale = _per_threshold(_stale, today, custom)
    reason = Case(
        When(status=MeasureStatus.SIGNED_OFF, then=Value(LightReason.SIGNED_OFF)),
        When(status=MeasureStatus.WITHDRAWN, then=Value(LightReason.WITHDRAWN)),
        When(status=MeasureStatus.LONG_TERM, then=Value(LightReason.LONG_TERM)),
        When(overdue_q(today), then=Value(LightReason.OVERDUE)),
        When(_returns__gte=2, then=Value(LightReason.RETURNED_TWICE)),
        When(notice_reply_due__lt=today, then=Value(LightReason.NOTICE_UNANSWERED)),
        *[When(c, then=Value(LightReason.DEADLINE_NEAR)) for c in near],
        *[When(c, then=Value(LightReason.STALE)) for c in stale],
        default=Value(LightReason.ON_TRACK),
        output_field=CharField(),
    )
    # Only the reason is computed by the database; its light is `LIGHT_OF_REASON` of it
    # (`Measure.light`, `light_of`, `reasons_of`): a second CASE over the first made every
    # query compile the reason's expression four more times.
    return qs.annotate(light_reason=reason)


def light_of(reason: str | None) -> str | None:
    return LIGHT_OF_REASON.get(reason) if reason else None  # type: ignore[call-overload]


def reasons_of(light: str) -> list[str]:
    """The reasons that show `light` (to filter on the annotated reason)."""
    return [reason for reason, lit in LIGHT_OF_REASON.items() if lit == light]


def light_totals(qs: QuerySet[Measure], *, today: dt.date) -> dict[str, int]:
    """How many measures of `qs` have each light (every light present, zeros included)."""
    counts = dict.fromkeys(Light.values, 0)
    lit = with_lights(qs.in_plan().order_by(), today=today)
    rows = lit.values("light_reason").annotate(n=Count("pk"))  # type: ignore[misc]  # annotated
    for row in rows:
        counts[light_of(row["light_reason"])] += row["n"]
    return counts


def light_tree(qs: QuerySet[Measure], *, inspection_id: int, today: dt.date) -> dict[int, Counter]:
    """Per finding of one inspection: the lights of every measure in its subtree."""
    scoped = with_lights(qs.filter(inspection_id=inspection_id).in_plan().order_by(), today=today)
    own: dict[int, Counter] = defaultdict(Counter)
    rows = scoped.values("finding_id", "light_reason").annotate(n=Count("pk"))  # type: ignore[misc]
    for row in rows:
        own[row["finding_id"]][light_of(row["light_reason"])] += row["n"]
    parents = dict(
        Finding.objects.filter(inspection_id=inspection_id).values_list("pk", "parent_id")
    )
    rolled: dict[int, Counter] = defaultdict(Counter)
    for finding_id, counts in own.items():
        node: int | None = finding_id
        while node is not None:
            rolled[node].update(counts)
            node = parents.get(node)
    return rolled


def worst(counts: Counter) -> str | None:
    """The light a node shows: its worst measure's (red before yellow before green …)."""
    for colour in (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY, Light.BLUE):
        if counts.get(colour):
            return colour
    return None
