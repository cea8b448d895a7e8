"""The upload → review → confirm pages, the notice download and the checks page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.imports.models import ImportDraft, ImportRecord
from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from tests.seed import SEED


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def ledger_rows():
    return (
        Inspection.objects.count(),
        Finding.objects.count(),
        Measure.objects.count(),
        ImportRecord.objects.count(),
    )


def test_office_uploads_reviews_corrects_and_confirms(client, cast, units, seed_bytes):
    client.force_login(cast.office)
    response = client.post(
        reverse("imports:import_upload"), {"file": upload(SEED.name, seed_bytes)}
    )
    draft = ImportDraft.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:import_review", args=[draft.pk])
    assert ledger_rows() == (0, 0, 0, 0)  # nothing written before confirming

    page = client.get(response.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "针对未如期完成企业脱钩的问题" in content
    assert "历史违建" in content and "68" in content  # the indicator
    assert "2023-12-31" in content  # the deadline read from 计划于2023年12月前完成
    assert "numbering" not in content or "一是、二是、四是、五是" in content

    corrected = client.post(
        response.url,
        {"f-0-title": "贯彻落实上级部署要求有落差，执行力度不够强（已校对）", "save": "1"},
    )
    assert corrected.status_code == 302
    assert ledger_rows() == (0, 0, 0, 0)
    done = client.post(response.url, {"m-0.0.0-0-text": "召开专题会议（已校对）。", "confirm": "1"})
    inspection = Inspection.objects.get()
    assert done.status_code == 302
    assert Finding.objects.filter(kind="aspect", title__endswith="（已校对）").exists()
    assert Measure.objects.filter(text="召开专题会议（已校对）。", label="一是").exists()
    assert Measure.objects.count() == 82
    assert not ImportDraft.objects.exists()
    assert inspection.inspected_unit == units.street
    assert AuditEntry.objects.filter(code="notice.imported").exists()


def test_reupload_of_the_same_file_changes_nothing(client, cast, imported, seed_bytes):
    client.force_login(cast.office)
    url = reverse("imports:import_upload", args=[imported.inspection.pk])
    response = client.post(url, {"file": upload(SEED.name, seed_bytes)})
    before = ledger_rows()
    page = client.get(response.url)
    assert "already imported" in page.content.decode() or "已导入" in page.content.decode()
    client.post(response.url, {"confirm": "1"})
    assert ledger_rows() == before


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b"0" * (150 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "empty": ("empty.txt", b""),
    "binary": ("garbage.txt", bytes(range(256)) * 64),
    "zip_bomb": ("bomb.docx", None),
    "unknown_encoding": ("weird.txt", "巡察整改".encode("utf-16-le")[1:] * 300 + b"\xff\xfe\x00"),
    "wrong_type": ("notice.pdf", b"%PDF-1.4 hello"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_uploads_get_a_form_error_and_write_nothing(client, cast, units, case):
    name, content = BAD_FILES[case]
    if content is None:
        content = zip_bomb()
    client.force_login(cast.office)
    response = client.post(reverse("imports:import_upload"), {"file": upload(name, content)})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors, case
    assert ledger_rows() == (0, 0, 0, 0)
    assert not ImportDraft.objects.exists()


def test_a_file_over_the_limit_is_refused(client, cast, units, settings):
    settings.RECTIFY_IMPORT_MAX_BYTES = 1024
    client.force_login(cast.office)
    response = client.post(
        reverse("imports:import_upload"), {"file": upload("big.txt", b"a" * 4096)}
    )
    assert response.status_code == 400
    assert "过大" in str(response.context["form"].errors)
    assert not ImportDraft.objects.exists()


def test_errors_are_in_english_when_the_ui_is_english(client, cast, units):
    client.force_login(cast.office)
    response = client.post(
        reverse("imports:import_upload"),
        {"file": upload("empty.txt", b"")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leader", 403), ("discipline", 403), ("outsider", 404), ("sysadmin", 404)],
)
def test_only_the_office_of_the_inspected_unit_may_import(client, cast, inspection, who, status):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("imports:import_upload", args=[inspection.pk]))
    assert response.status_code == status


def test_someone_elses_draft_is_not_found(client, cast, units, seed_bytes):
    client.force_login(cast.office)
    client.post(reverse("imports:import_upload"), {"file": upload(SEED.name, seed_bytes)})
    draft = ImportDraft.objects.get()
    client.force_login(cast.outsider)
    assert client.get(reverse("imports:import_review", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("imports:import_review", args=[draft.pk]), {"confirm": "1"}).status_code
        == 404
    )
    assert ledger_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize("fmt", ["docx", "html", "txt"])
def test_notice_downloads(client, cast, imported, fmt):
    client.force_login(cast.leader)
    url = reverse("notices:notice", args=[imported.inspection.pk])
    response = client.get(url, {"format": fmt, "public": "1"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content


@pytest.mark.parametrize(
    ("who", "status"), [("discipline", 200), ("party_reporter", 404), ("outsider", 404)]
)
def test_notice_is_readable_by_who_can_read_the_inspection(client, cast, imported, who, status):
    client.force_login(getattr(cast, who))
    url = reverse("notices:notice", args=[imported.inspection.pk])
    assert client.get(url, {"format": "txt"}).status_code == status


def test_notice_page_and_checks(client, cast, imported):
    client.force_login(cast.office)
    pk = imported.inspection.pk
    page = client.get(reverse("notices:notice", args=[pk]))
    assert page.status_code == 200
    # Issue 9: problems counted as the inspection page counts them (14; the notice said 27).
    assert "反馈问题14个、整改措施82项" in page.content.decode()
    checks = client.get(reverse("notices:notice_check", args=[pk]))
    assert checks.status_code == 200
    assert "measure_no_owner" in checks.content.decode()
    draft = "核实历史违建68宗,已完成整治35宗,剩余30宗正在跟进。联系人张三,手机13912345678。"
    response = client.post(reverse("notices:notice_check", args=[pk]), {"text": draft})
    content = response.content.decode()
    assert response.status_code == 200
    assert "sum_mismatch" in content and "personal_data" in content
    assert "139****5678" in content


def test_checks_page_refuses_an_unreadable_file(client, cast, imported):
    client.force_login(cast.office)
    url = reverse("notices:notice_check", args=[imported.inspection.pk])
    response = client.post(url, {"file": upload("x.docx", b"PK\x03\x04broken")})
    assert response.status_code == 400


def test_office_edits_the_notice_text(client, cast, imported):
    inspection = imported.inspection
    section = inspection.sections.get(placement="after", label="（一）")
    url = reverse("notices:notice_edit", args=[inspection.pk])
    client.force_login(cast.leader)
    assert client.get(url).status_code == 403
    client.force_login(cast.office)
    page = client.get(url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({f"s{section.pk}-text": "继续压实责任。", "phone": "020-12345678"})
    data["notice_date"] = "2023-10-20"
    response = client.post(url, data)
    assert response.status_code == 302
    text = client.get(
        reverse("notices:notice", args=[inspection.pk]), {"format": "txt"}
    ).content.decode()
    assert "（一）继续抓好责任落实。继续压实责任。" in text
    assert "电话020-12345678" in text and "2023年10月20日" in text
    stale = client.post(url, data)  # the same version again: refused, nothing lost
    assert stale.status_code == 400
    assert AuditEntry.objects.filter(code="notice.text_updated").count() == 1


def _selected(content: str, name: str) -> str:
    import re

    select = re.search(
        rf'<select id="{re.escape(name)}" name="{re.escape(name)}">(.*?)</select>', content, re.S
    )
    assert select, name
    return re.search(r'<option value="(\w+)" selected>', select.group(1)).group(1)


def test_the_review_preselects_the_suggested_kind_and_category_a_person_confirms(
    client, cast, units, seed_bytes
):
    """Each new measure's kind and category are pre-selected from its wording, marked as a
    suggestion with the words they were read from; what the person leaves or changes there
    is what the import writes. A file imported without the review (the command) keeps the
    defaults."""
    from rectify.lib.measure_wording import suggest_category, suggest_kind
    from rectify.parsing import ParsedNotice

    client.force_login(cast.office)
    response = client.post(
        reverse("imports:import_upload"), {"file": upload(SEED.name, seed_bytes)}
    )
    draft = ImportDraft.objects.get()
    content = client.get(response.url + "?part=corrections").content.decode()
    from rectify.imports.drafts import draft_paths

    measures = [
        (f"m-{path}-{n}", m.text)
        for path, node in draft_paths(ParsedNotice.from_dict(draft.parsed))
        for n, m in enumerate(node.measures)
    ]
    for base, text in measures:
        assert _selected(content, f"{base}-kind") == suggest_kind(text).value
        assert _selected(content, f"{base}-category") == suggest_category(text).value
    long_term = next(b for b, t in measures if suggest_kind(t).value == "long_term")
    assert "Suggested" in content or "建议" in content
    first, first_text = measures[0]
    posted = {f"{first}-kind": "immediate", f"{first}-category": "rules", "save": "1"}
    assert client.post(response.url, posted).status_code == 302
    draft.refresh_from_db()
    assert draft.choices[first_text.strip()] == {"kind": "immediate", "category": "rules"}
    content = client.get(response.url + "?part=corrections").content.decode()
    assert _selected(content, f"{first}-kind") == "immediate"  # the person's choice is kept
    confirm = {
        f"{b}-{k}": _selected(content, f"{b}-{k}")
        for b, _t in measures
        for k in ("kind", "category")
    }
    client.post(response.url, {**confirm, "confirm": "1"})
    made = Measure.objects.get(text=first_text.strip())
    assert (made.kind, made.category) == ("immediate", "rules")
    lt_text = dict(measures)[long_term].strip()
    made = Measure.objects.get(text=lt_text)
    assert (made.kind, made.status) == ("long_term", "long_term")
    for _base, text in measures:
        made = Measure.objects.filter(text=text.strip()).first()
        if made is not None and text != first_text:
            assert made.category == suggest_category(text).value
