"""Recurrence across rounds, evidence reuse, deadline gaming, forecasts, and the command."""

import datetime as dt
import io
import json
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw, ImageEnhance

from rectify.insights.recurrence import match_rounds
from rectify.insights.reuse import PHOTO_DISTANCE
from rectify.insights.selectors import (
    evidence_reuse,
    forecasts,
    gaming,
    insights_for,
    measures_in_reach,
    recurrences,
)
from rectify.insights.text import RECURRENCE_THRESHOLD, finding_similarity
from rectify.measures.enums import ExtensionStatus, MeasureStatus
from rectify.measures.models import IndicatorValue, MeasureEvent, SignOff
from rectify.measures.services import progress_report_submit

from ..factories import (
    DeadlineExtensionFactory,
    FindingFactory,
    IndicatorFactory,
    InspectionFactory,
    MeasureFactory,
    ProgressReportFactory,
)
from .data import photos
from .test_labelled import load, photo_signature, precision_recall

pytestmark = pytest.mark.django_db


def test_recurrence_precision_and_recall_on_the_labelled_pairs():
    rows = load("recurrence_pairs.jsonl")
    predicted = [finding_similarity(r["earlier"], r["later"]) >= RECURRENCE_THRESHOLD for r in rows]
    precision, recall = precision_recall(predicted, [r["label"] for r in rows])
    print(f"recurrence_pairs.jsonl: n={len(rows)} precision={precision:.3f} recall={recall:.3f}")
    assert len(rows) >= 200 and precision >= 0.9 and recall >= 0.9


@pytest.fixture
def two_rounds(inspection, units, cast):
    earlier = InspectionFactory(
        inspected_unit=units.street, feedback_date=dt.date(2020, 5, 1), title="上一轮巡察"
    )
    old = FindingFactory(
        inspection=earlier, title="违规发放津贴补贴，向机关干部违规发放加班补贴12万元。"
    )
    other_old = FindingFactory(inspection=earlier, title="河道沿线垃圾堆放问题突出。")
    old_measure = MeasureFactory(finding=old, status=MeasureStatus.SIGNED_OFF)
    SignOff.objects.create(
        measure=old_measure,
        requested_by=cast.office,
        reviewer=cast.leader,
        decision="approved",
        decided_at=timezone.now(),
    )
    new = FindingFactory(
        inspection=inspection, title="仍存在违规发放津贴补贴问题，以值班费名义向干部发放补贴8万元。"
    )
    unrelated = FindingFactory(inspection=inspection, title="选人用人工作不规范，程序执行不严格。")
    MeasureFactory(finding=new, lead_department=units.enforcement)
    MeasureFactory(finding=unrelated, lead_department=units.enforcement)
    return locals()


def test_a_signed_off_problem_that_comes_back_is_linked_to_its_signoff(two_rounds, cast):
    found = recurrences(
        measures=measures_in_reach(user=None, inspection=two_rounds["inspection"].pk)
    )
    assert [(r.finding, r.earlier_finding) for r in found] == [
        (two_rounds["new"].pk, two_rounds["old"].pk)
    ]
    assert found[0].signed_off and found[0].signed_off_by == str(cast.leader.display_name)


def test_recurrence_stays_inside_one_inspected_unit():
    rows = [
        {
            "id": 1,
            "inspection_id": 1,
            "unit_id": 1,
            "round": (dt.date(2020, 1, 1), 1),
            "title": "违规发放津贴补贴",
            "text": "",
            "previous_finding_id": None,
        },
        {
            "id": 2,
            "inspection_id": 2,
            "unit_id": 2,
            "round": (dt.date(2023, 1, 1), 2),
            "title": "违规发放津贴补贴",
            "text": "",
            "previous_finding_id": None,
        },
    ]
    assert match_rounds(rows, {}) == []


def scene(seed: int) -> Image.Image:
    """A made-up site photo: coloured blocks on a grey ground."""
    rng = random.Random(seed)
    image = Image.new("RGB", (320, 240), (120, 140, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.randrange(300), rng.randrange(220)
        box = (x, y, x + rng.randrange(20, 90), y + rng.randrange(10, 60))
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def encoded(image: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, quality=70) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def retaken(image: Image.Image) -> bytes:
    """The same picture resized, brightened and saved as JPEG: another file, the same photo."""
    return encoded(ImageEnhance.Brightness(image.resize((300, 225))).enhance(1.06), "JPEG")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    kind = "image/jpeg" if name.endswith(".jpg") else "image/png"
    return SimpleUploadedFile(name, data, content_type=kind)


def test_reused_file_and_near_identical_photo_flagged_naming_both(inspection, units, cast):
    a, b, c = (
        MeasureFactory(
            finding=FindingFactory(inspection=inspection), lead_department=units.enforcement
        )
        for _ in range(3)
    )
    same = encoded(scene(1))
    progress_report_submit(
        measure=a, actor=cast.office, text="已拆除。", files=[upload("现场.png", same)]
    )
    progress_report_submit(
        measure=b, actor=cast.office, text="已清理。", files=[upload("照片.png", same)]
    )
    progress_report_submit(
        measure=c,
        actor=cast.office,
        text="已整治。",
        files=[upload("整治后.jpg", retaken(scene(1)))],
    )
    # A different photo on the same measure is before/after, not reuse.
    different = progress_report_submit(
        measure=c, actor=cast.office, text="已验收。", files=[upload("不同.png", encoded(scene(2)))]
    )
    found = evidence_reuse(measures=measures_in_reach(user=None))
    pairs = {(r.measure, r.other_measure, r.kind) for r in found}
    assert (a.pk, b.pk, "reused_file") in pairs and (b.pk, a.pk, "reused_file") in pairs
    assert (a.pk, c.pk, "similar_photo") in pairs or (b.pk, c.pk, "similar_photo") in pairs
    assert all(r.measure != r.other_measure for r in found)
    other_photo = different.evidence.get().pk
    assert all(other_photo not in (r.evidence, r.other_evidence) for r in found)


def test_before_and_after_photos_of_one_site_are_not_reuse(inspection, units, cast):
    """Their phashes are within PHOTO_DISTANCE, but the structure's region of the layout is not."""
    before, after = (
        encoded(photos.with_structure(207)),
        encoded(photos.without_structure(207), "JPEG"),
    )
    assert (photo_signature(before)[0] ^ photo_signature(after)[0]).bit_count() <= PHOTO_DISTANCE
    a, b = (
        MeasureFactory(
            finding=FindingFactory(inspection=inspection), lead_department=units.enforcement
        )
        for _ in range(2)
    )
    progress_report_submit(
        measure=a, actor=cast.office, text="拆除前。", files=[upload("拆除前.png", before)]
    )
    progress_report_submit(
        measure=b, actor=cast.office, text="拆除后。", files=[upload("拆除后.jpg", after)]
    )
    assert evidence_reuse(measures=measures_in_reach(user=None)) == []


def test_gaming_serial_extensions_bunched_requests_and_reopen_rate(inspection, units, cast):
    today = timezone.localdate()
    measures = [
        MeasureFactory(
            finding=FindingFactory(inspection=inspection),
            deadline=today,
            lead_department=units.enforcement,
        )
        for _ in range(4)
    ]
    for _ in range(2):
        DeadlineExtensionFactory(measure=measures[0], status=ExtensionStatus.APPROVED)
    for m in measures[:3]:  # requested today, the deadline: last-day requests
        SignOff.objects.create(measure=m, requested_by=cast.office, decision="approved")
    for m in measures[:2]:
        MeasureEvent.objects.create(
            measure=m,
            transition="approve_signoff",
            from_status="a",
            to_status="b",
            actor=cast.leader,
        )
    MeasureEvent.objects.create(
        measure=measures[0], transition="reopen", from_status="a", to_status="b", actor=cast.leader
    )
    unit = gaming(measures=measures_in_reach(user=None))[units.enforcement.pk]
    assert unit["serial_extensions"] == [measures[0].pk]
    assert unit["last_days_requests"] == 3 and unit["bunched"]
    assert unit["reopen_rate"] == 50.0


def test_forecast_from_history_and_from_the_feedback_date(inspection, units, cast):
    today = timezone.localdate()
    m = MeasureFactory(
        finding=FindingFactory(inspection=inspection), lead_department=units.enforcement
    )
    with_history = IndicatorFactory(measure=m, target_value=Decimal(68), current_value=Decimal(35))
    for days_ago, value in ((61, 5), (0, 35)):  # 30 in about two months: 15 a month
        report = ProgressReportFactory(measure=m, report_date=today - dt.timedelta(days=days_ago))
        IndicatorValue.objects.create(report=report, indicator=with_history, value=Decimal(value))
    none_yet = IndicatorFactory(measure=m, target_value=Decimal(10), current_value=None)
    result = {f.indicator: f for f in forecasts(measures=measures_in_reach(user=None), today=today)}
    f1 = result[with_history.pk]
    assert f1.remaining == 33 and f1.basis == "history"
    assert Decimal(14) < f1.rate_per_month < Decimal(16)
    assert dt.timedelta(days=60) < f1.expected_finish - today < dt.timedelta(days=72)
    assert "还差 33 宗" in f1.sentence()
    f2 = result[none_yet.pk]
    assert f2.basis == "feedback" and f2.rate_per_month == 0 and f2.expected_finish is None


def test_the_command_prints_the_issue_json_shape(two_rounds, capsys):
    call_command("insights", str(two_rounds["inspection"].pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"formalism", "evidence_reuse", "recurrence", "gaming", "forecasts"}
    assert data["recurrence"][0]["finding"] == two_rounds["new"].pk
    assert set(data["recurrence"][0]) >= {
        "finding",
        "earlier_finding",
        "signed_off_by",
        "similarity",
    }
    for flag in data["formalism"]:
        assert set(flag) == {"measure", "report", "other_report", "reason", "score"}
    same = insights_for(
        measures=measures_in_reach(user=None, inspection=two_rounds["inspection"].pk),
        today=timezone.localdate(),
    )
    assert data == json.loads(json.dumps(same, ensure_ascii=False))
