"""The JSON shape of a parse: its keys are pinned, and from_dict reads it back exactly."""

import json
from pathlib import Path

import pytest

from rectify.parsing import (
    ParsedFindingKind,
    ParsedNotice,
    ParseError,
    SectionRole,
    WarningCode,
    parse_file,
)

SEED = Path("/work/shared/seed/haizhuang-2023-rectification-notice.txt")
FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html"))


def _seed() -> Path:
    return SEED if SEED.exists() else FIXTURES / "seed.txt"


@pytest.fixture(scope="module")
def seed_dict() -> dict:
    return parse_file(_seed()).to_dict()


def test_seed_json_keys_are_pinned(seed_dict):
    assert list(seed_dict) == [
        "title", "issuer", "date", "source", "doc_kind", "inspection", "sections", "findings",
        "figures", "institutions", "deadlines", "dates", "contacts", "warnings", "totals",
    ]  # fmt: skip
    assert list(seed_dict["inspection"]) == [
        "team", "target", "start", "end", "feedback_date", "kind",
    ]  # fmt: skip
    assert list(seed_dict["sections"][0]) == ["label", "title", "text", "parent", "role"]
    item = seed_dict["findings"][0]["children"][0]["children"][0]
    assert list(item) == [
        "label", "label_raw", "kind", "numbered", "title", "lead", "text", "path", "measures",
        "children",
    ]  # fmt: skip
    assert list(item["measures"][0]) == ["label", "text"]
    assert list(seed_dict["warnings"][0]) == ["code", "message", "message_en", "finding_path"]
    assert list(seed_dict["figures"][0]) == ["text", "value", "unit", "context", "finding_path"]
    assert list(seed_dict["institutions"][0]) == ["title", "action", "finding_path"]
    assert list(seed_dict["dates"][0]) == ["text", "date", "precision", "finding_path"]
    assert list(seed_dict["deadlines"][0]) == ["text", "date", "precision", "finding_path"]
    assert list(seed_dict["contacts"]) == ["phone", "address", "postcode", "email"]
    assert list(seed_dict["totals"]) == [
        "aspects", "problems", "items", "findings_with_measures", "measures",
    ]  # fmt: skip


def test_seed_json_holds_plain_values(seed_dict):
    """Enums go out as their plain string values (a stored draft is plain JSON)."""
    aspect = seed_dict["findings"][0]
    assert type(aspect["kind"]) is str and aspect["kind"] == "aspect"
    assert type(seed_dict["doc_kind"]) is str and seed_dict["doc_kind"] == "rectification"
    assert type(seed_dict["inspection"]["kind"]) is str
    assert {type(s["role"]) for s in seed_dict["sections"]} == {str}
    assert type(seed_dict["warnings"][0]["code"]) is str
    assert {type(d["precision"]) for d in seed_dict["dates"]} == {str}


def _round_trip(data: dict) -> dict:
    stored = json.loads(json.dumps(data, ensure_ascii=False))  # as a JSONField keeps it
    return ParsedNotice.from_dict(stored).to_dict()


def test_seed_round_trip(seed_dict):
    assert _round_trip(seed_dict) == seed_dict
    again = json.dumps(_round_trip(seed_dict), ensure_ascii=False, indent=1)
    assert again == json.dumps(seed_dict, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_fixture_round_trip(path):
    try:
        data = parse_file(path).to_dict()
    except ParseError:
        pytest.skip(f"{path.name} is an unparseable document")
    assert json.dumps(_round_trip(data), ensure_ascii=False) == json.dumps(data, ensure_ascii=False)


def test_from_dict_gives_types():
    notice = ParsedNotice.from_dict(parse_file(_seed()).to_dict())
    aspect = notice.findings[0]
    assert aspect.kind is ParsedFindingKind.ASPECT
    assert aspect.children[0].children[0].measures[0].label == "一是"
    assert notice.date.isoformat() == "2023-10-19"
    assert notice.inspection.start.isoformat() == "2022-07-26"
    assert {s.role for s in notice.sections} >= {SectionRole.PREAMBLE, SectionRole.CLOSING}
    assert notice.warnings[0].code is WarningCode.NUMBERING_GAP
    assert notice.totals()["measures"] == 82


def test_from_dict_takes_a_corrected_draft():
    """A reviewer's corrections (labels, titles, measure texts) read back as they were saved."""
    data = parse_file(_seed()).to_dict()
    node = data["findings"][0]["children"][0]
    node["title"], node["label"], node["label_raw"] = "校对后的标题", "（甲）", "（甲）"
    node["children"][0]["measures"][0]["label"] = None
    notice = ParsedNotice.from_dict(data)
    problem = notice.findings[0].children[0]
    assert (problem.title, problem.label, problem.label_raw) == ("校对后的标题", "（甲）", "（甲）")
    assert problem.children[0].measures[0].label is None
    assert notice.to_dict()["findings"] == data["findings"]


def test_from_dict_refuses_an_unknown_kind():
    data = parse_file(_seed()).to_dict()
    data["findings"][0]["kind"] = "chapter"
    with pytest.raises(ValueError, match="chapter"):
        ParsedNotice.from_dict(data)
