"""What happened to each measure since the feedback: its transitions (as the workflow's table
allows them, each with its event and audit entry), sign-off requests and decisions, deadline
extensions, indicators, co-departments, progress reports and their evidence files."""

import datetime as dt
import hashlib
import io
from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from rectify.measures.enums import Decision, ExtensionStatus, MeasureKind
from rectify.measures.enums import MeasureStatus as S
from rectify.measures.models import (
    DeadlineExtension,
    Evidence,
    Indicator,
    Measure,
    MeasureEvent,
    ProgressReport,
    SignOff,
)
from rectify.measures.workflow import TRANSITIONS

from .audit import audit_chain_write
from .bulk import Table
from .ledger import Planned
from .vocabulary import EVIDENCE, INDICATORS, Words

# The transitions that lead from 未启动 to each status.
PATHS = {
    S.NOT_STARTED: [],
    S.IN_PROGRESS: ["start"],
    S.LONG_TERM: ["start", "mark_long_term"],
    S.SIGNOFF_REQUESTED: ["start", "request_signoff"],
    S.RETURNED: ["start", "request_signoff", "return_signoff"],
    S.SIGNED_OFF: ["start", "request_signoff", "approve_signoff"],
}


def _check_paths() -> None:
    for target, names in PATHS.items():
        status = S.NOT_STARTED
        for name in names:
            assert status in TRANSITIONS[name].sources, (name, status)
            status = TRANSITIONS[name].target
        assert status == target, (target, status)


_check_paths()


COLUMNS = {
    "reports": "id created_at updated_at version measure_id report_date text author_id",
    "evidence": "id created_at updated_at report_id file original_name content_type size sha256 "
    "uploaded_by_id",
    "events": "id measure_id transition from_status to_status actor_id note at",
    "signoffs": "id created_at updated_at version measure_id requested_by_id request_note "
    "reviewer_id decision opinion decided_at",
    "extensions": "id created_at updated_at measure_id old_deadline new_deadline reason "
    "requested_by_id status decided_by_id decided_at decision_note",
    "indicators": "id created_at updated_at measure_id position name unit target_value "
    "current_value",
}


class History:
    """The tables a city's histories fill, and the audit entries kept to chain at the end."""

    def __init__(self, words: Words):
        self.words = words
        self.reports = Table(ProgressReport, COLUMNS["reports"].split())
        self.evidence = Table(Evidence, COLUMNS["evidence"].split())
        self.events = Table(MeasureEvent, COLUMNS["events"].split())
        self.signoffs = Table(SignOff, COLUMNS["signoffs"].split())
        self.extensions = Table(DeadlineExtension, COLUMNS["extensions"].split())
        self.indicators = Table(Indicator, COLUMNS["indicators"].split())
        self.co = Table(Measure.co_departments.through, ["id", "measure_id", "orgunit_id"])
        self.audit: list[tuple] = []
        self.files = _evidence_files()

    def chain_audit(self, names: dict[int, str]) -> int:
        """Write the kept audit entries in time order, hash-chained after the last one."""
        return audit_chain_write(self.audit, names)

    def tables(self) -> list[Table]:
        return [
            self.reports,
            self.evidence,
            self.events,
            self.signoffs,
            self.extensions,
            self.indicators,
            self.co,
        ]

    def write(self, planned: list[Planned], quota: int, today: dt.date) -> None:
        """The histories of one inspection's measures, with `quota` progress reports."""
        rows: dict[str, list] = {t.name: [] for t in self.tables()}
        counts = self._report_counts(planned, quota)
        for m in planned:
            dates = self._transitions(m, today, rows)
            self._reports(m, counts.get(m.id, 0), dates, today, rows)
            self._extras(m, today, rows)
        for table in self.tables():
            table.insert(rows[table.name])

    def _report_counts(self, planned: list[Planned], quota: int) -> Counter:
        started = [m for m in planned if m.status != S.NOT_STARTED]
        counts = Counter({m.id: 1 for m in started[:quota]})  # the report that started it
        rest = quota - len(counts)
        if rest > 0 and started:
            weights = [3 if m.status in (S.SIGNED_OFF, S.LONG_TERM) else 2 for m in started]
            for m in self.words.rng.choices(started, weights, k=rest):
                counts[m.id] += 1
        return counts

    def _transitions(self, m: Planned, today: dt.date, rows) -> dict[str, dt.datetime]:
        rng = self.words.rng
        at = _moment(m.feedback + dt.timedelta(days=rng.randint(4, 20)), rng)
        dates, status, previous = {}, S.NOT_STARTED, None
        span = max(1, ((m.deadline or today) - at.date()).days)
        for name in PATHS[m.status]:
            if name in ("request_signoff", "mark_long_term"):
                at += dt.timedelta(days=rng.randint(min(10, span), max(10, span)))
            elif name != "start":
                at += dt.timedelta(days=rng.randint(1, 12))
            at = min(at, _moment(today, rng) - dt.timedelta(days=1))
            if previous is not None:  # the cap to yesterday never puts a step before the last
                at = max(at, previous + dt.timedelta(minutes=1))
            previous = at
            actor = m.person if name in ("start", "request_signoff", "mark_long_term") else m.leader
            target = TRANSITIONS[name].target
            rows[self.events.name].append(
                (self.events.ids(1)[0], m.id, name, status, target, actor, "", at)
            )
            self.audit.append((at, actor, f"measure.{name}", m.id, status, target))
            dates[name], status = at, target
        self._signoff(m, dates, rows)
        return dates

    def _signoff(self, m: Planned, dates, rows) -> None:
        requested = dates.get("request_signoff")
        if requested is None:
            return
        decided = dates.get("approve_signoff") or dates.get("return_signoff")
        decision = {S.SIGNED_OFF: Decision.APPROVED, S.RETURNED: Decision.RETURNED}.get(
            m.status, Decision.PENDING
        )
        opinion = "佐证材料不足，请补充整改前后对比材料。" if decision == Decision.RETURNED else ""
        rows[self.signoffs.name].append(
            (
                self.signoffs.ids(1)[0],
                requested,
                decided or requested,
                1,
                m.id,
                m.person,
                "已按整改方案完成整改，申请销号。",
                m.leader if decided else None,
                decision,
                opinion,
                decided,
            )
        )

    def _reports(self, m: Planned, n: int, dates, today, rows) -> None:
        if not n:
            return
        rng = self.words.rng
        first = dates["start"]
        last = dates.get("request_signoff") or _moment(today, rng) - dt.timedelta(hours=1)
        span = max(0, int((last - first).total_seconds()))
        moments = sorted(
            [first] + [first + dt.timedelta(seconds=rng.randint(0, span)) for _ in range(n - 1)]
        )
        with_evidence = len(moments) - 1 if "request_signoff" in dates else -1
        text = None
        for k, at in enumerate(moments):
            pk = self.reports.ids(1)[0]
            text = self.words.progress(earlier=text)
            rows[self.reports.name].append((pk, at, at, 1, m.id, at.date(), text, m.person))
            if k == with_evidence or rng.random() < 0.25:
                name, kind, path, size, sha = rng.choice(self.files)
                rows[self.evidence.name].append(
                    (self.evidence.ids(1)[0], at, at, pk, path, name, kind, size, sha, m.person)
                )

    def _extras(self, m: Planned, today: dt.date, rows) -> None:
        rng = self.words.rng
        created = _moment(m.feedback + dt.timedelta(days=3), rng)
        if rng.random() < 0.2 and len(m.unit.departments) > 1:
            others = [d for d in m.unit.departments if d != m.department]
            for d in rng.sample(others, min(len(others), rng.choice((1, 1, 2)))):
                rows[self.co.name].append((self.co.ids(1)[0], m.id, d))
        if rng.random() < 0.08:
            name, unit = rng.choice(INDICATORS)
            target = rng.randint(5, 200)
            done = target if m.status == S.SIGNED_OFF else rng.randint(0, target)
            rows[self.indicators.name].append(
                (
                    self.indicators.ids(1)[0],
                    created,
                    created,
                    m.id,
                    1,
                    name,
                    unit,
                    Decimal(target),
                    Decimal(done),
                )
            )
        if m.kind == MeasureKind.TIME_BOUND and m.status != S.NOT_STARTED and rng.random() < 0.08:
            asked = min(_moment(m.deadline - dt.timedelta(days=10), rng), _moment(today, rng))
            rows[self.extensions.name].append(
                (
                    self.extensions.ids(1)[0],
                    asked,
                    asked,
                    m.id,
                    m.deadline - dt.timedelta(days=60),
                    m.deadline,
                    "涉及多部门协调，需延长整改时限。",
                    m.person,
                    ExtensionStatus.APPROVED,
                    m.leader,
                    asked + dt.timedelta(days=2),
                    "同意延期。",
                )
            )


def _moment(day: dt.date, rng) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(1 + rng.randint(0, 9), rng.randint(0, 59)), dt.UTC)


def _photo(n: int) -> bytes:
    """A small real JPEG (a pattern of its own per file), so the photo checks read photos."""
    image = Image.new("RGB", (96, 64), (200, 200, 190))
    draw = ImageDraw.Draw(image)
    for k in range(6):
        x, y = (k * 17 + n * 29) % 80, (k * 11) % 50
        draw.rectangle([x, y, x + 12 + n * 3, y + 10], fill=(40 * k, 90, 160))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _evidence_files() -> list[tuple]:
    """One small real file per kind of evidence, stored where evidence lives (content-addressed
    like an upload), so every evidence row downloads and its checksum verifies."""
    files = []
    for n, (name, kind) in enumerate(EVIDENCE):
        content = _photo(n) if kind == "image/jpeg" else f"整改佐证材料（样例）：{name}\n".encode()
        sha = hashlib.sha256(content).hexdigest()
        path = f"evidence/{sha[:2]}/{sha}"
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))
        files.append((name, kind, path, len(content), sha))
    return files
