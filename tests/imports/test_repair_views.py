"""The import preview repairs the tree before saving (issue 8, item 7), through its pages.

The office of 海幢街道 (cast.office) uploads a feedback document, fixes one wrong level and
confirms: the ledger holds exactly the tree shown. Another office may not touch the draft.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.imports.models import ImportDraft
from rectify.inspections.models import Finding, Inspection

CORPUS = Path(__file__).parent.parent / "parsing" / "corpus"
FEEDBACK = (CORPUS / "town_feedback_three_levels.txt").read_bytes()


@pytest.fixture
def draft(client, cast, units):
    client.force_login(cast.office)
    client.post(reverse("imports:import_upload"), {"file": SimpleUploadedFile("fb.txt", FEEDBACK)})
    return ImportDraft.objects.get()


def _repair(client, draft, htmx=True, **data):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("imports:import_repair", args=[draft.pk]), data, **headers)


def test_review_shows_the_full_tree_and_its_counts(client, draft):
    page = client.get(reverse("imports:import_review", args=[draft.pk])).content.decode()
    assert "3 个方面, 6 个问题, 10 个具体表现" in page or "3 aspects, 6 problems" in page
    assert page.count('class="repair-node ') == 19
    assert "人居环境整治不彻底" in page


def test_one_wrong_level_fixed_is_saved_as_shown(client, draft):
    response = _repair(client, draft, op="promote", path="0.0.1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 个方面, 7 个问题, 9 个具体表现" in page or "3 aspects, 7 problems" in page
    assert "data-repair-focus" in page
    client.post(reverse("imports:import_review", args=[draft.pk]), {"confirm": "1"})
    inspection = Inspection.objects.get()
    moved = Finding.objects.get(inspection=inspection, title__startswith="招商引资")
    assert moved.kind == "problem" and moved.parent.kind == "aspect"
    assert Finding.objects.filter(kind="problem").count() == 7
    assert Finding.objects.filter(kind="item").count() == 9
    assert AuditEntry.objects.filter(code="import_draft.repaired").exists()


def test_undo_takes_back_the_last_change(client, draft):
    before = draft.parsed
    _repair(client, draft, op="delete", path="1")
    _repair(client, draft, op="kind", path="0", kind="problem")
    draft.refresh_from_db()
    assert len(draft.parsed["findings"]) == 2
    _repair(client, draft, op="undo")
    _repair(client, draft, op="undo")
    draft.refresh_from_db()
    assert draft.parsed == before and draft.undo == []
    page = _repair(client, draft, op="undo").content.decode()
    assert "nothing to undo" in page or "没有可撤销" in page


def test_a_refused_repair_says_why_and_changes_nothing(client, draft):
    before = draft.parsed
    page = _repair(client, draft, op="promote", path="0").content.decode()
    assert "已是最高一级" in page
    draft.refresh_from_db()
    assert draft.parsed == before
    assert _repair(client, draft, htmx=False, op="promote", path="0").status_code == 400


def test_without_htmx_the_page_is_reloaded(client, draft):
    response = _repair(client, draft, htmx=False, op="demote", path="1")
    assert response.status_code == 302
    assert response.url == reverse("imports:import_review", args=[draft.pk])


def test_split_merge_add_and_section_through_the_page(client, draft):
    _repair(client, draft, op="split", path="2", at="4")
    _repair(client, draft, op="merge", path="2")
    _repair(client, draft, op="add", path="", new_title="新增：干部作风方面问题")
    _repair(client, draft, op="kind", path="0.0.0", kind="section")
    client.post(reverse("imports:import_review", args=[draft.pk]), {"confirm": "1"})
    inspection = Inspection.objects.get()
    assert Finding.objects.filter(title="新增：干部作风方面问题", parent=None).exists()
    assert inspection.sections.filter(title__startswith="2个片区").exists()
    assert Finding.objects.filter(kind="item").count() == 9


def test_another_office_cannot_repair_the_draft(client, draft, cast):
    client.force_login(cast.leader)
    response = _repair(client, draft, op="delete", path="0")
    assert response.status_code == 404
    draft.refresh_from_db()
    assert len(draft.parsed["findings"]) == 3


def test_a_repair_answers_with_the_tree_and_loads_the_correction_form_when_seen(client, draft):
    page = _repair(client, draft, op="promote", path="0.0.1").content.decode()
    assert '<div id="review-live">' in page and "<html" not in page
    assert 'name="f-0-title"' not in page
    lazy = reverse("imports:import_review", args=[draft.pk]) + "?part=corrections"
    assert f'hx-get="{lazy}"' in page and 'hx-swap-oob="true"' in page
    form = client.get(lazy).content.decode()
    assert form.startswith('<form method="post" novalidate id="corrections"')
    assert 'name="f-0.1-title" value="招商引资' in form  # the paths of the repaired tree
    assert "repair-node" not in form


def test_move_under_a_node_chosen_in_the_picker(client, draft):
    page = client.get(reverse("imports:import_review", args=[draft.pk])).content.decode()
    picker = page[page.index("<dialog") : page.index("</dialog>")]
    assert 'name="op" value="reparent"' in picker
    assert picker.count("<option value=") == 20  # the top level and the 19 nodes
    assert page.count("data-repair-move-open") == 19
    # The picker posts the node's path and the chosen parent: the last item of （一） moves
    # under the second aspect.
    _repair(client, draft, op="reparent", path="0.0.1", target="1")
    draft.refresh_from_db()
    moved = draft.parsed["findings"][1]["children"][-1]
    assert moved["title"].startswith("招商引资") and moved["kind"] == "problem"
    page = _repair(client, draft, op="reparent", path="1", target="1.0").content.decode()
    assert "不能移到自身或其下级之下" in page
