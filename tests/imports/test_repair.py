"""The repairs of a kept parse (imports.repair): pure functions on the parsed tree."""

from pathlib import Path

import pytest

from rectify.imports.repair import RepairError, apply_operation
from rectify.parsing import parse_file

CORPUS = Path(__file__).parent.parent / "parsing" / "corpus"


@pytest.fixture
def parsed():
    # 3 aspects; the first: （一） with items 1. 2., （二） with items 1. 2.
    return parse_file(CORPUS / "town_feedback_three_levels.txt")


def _shape(parsed):
    t = parsed.totals()
    return t["aspects"], t["problems"], t["items"]


def _titles(nodes):
    return [n.title for n in nodes]


def test_demote_then_promote_is_the_round_trip(parsed):
    second = parsed.findings[1].title
    path = apply_operation(parsed, "demote", "1")
    assert path == "0.2" and parsed.findings[0].children[2].title == second
    assert parsed.findings[0].children[2].kind == "problem"
    assert parsed.findings[0].children[2].children[0].kind == "item"
    assert _shape(parsed) == (2, 5, 12)  # its problems are items now
    assert apply_operation(parsed, "promote", "0.2") == "1"
    assert parsed.findings[1].title == second and _shape(parsed) == (3, 6, 10)


def test_a_wrong_level_fixed_by_promoting_an_item(parsed):
    assert apply_operation(parsed, "promote", "0.0.1") == "0.1"
    node = parsed.findings[0].children[1]
    assert node.kind == "problem" and node.title.startswith("招商引资")
    assert _shape(parsed) == (3, 7, 9)


def test_kind_changes_including_measure_and_section(parsed):
    apply_operation(parsed, "kind", "2", "problem")
    assert parsed.findings[2].kind == "problem"
    assert parsed.findings[2].children[0].kind == "item"
    apply_operation(parsed, "kind", "0.0.0", "measure")
    assert parsed.findings[0].children[0].measures[0].text.startswith("2个片区")
    sections = len(parsed.sections)
    apply_operation(parsed, "kind", "0.0.0", "section")  # the other item
    assert len(parsed.sections) == sections + 1 and parsed.sections[-1].role == "section"
    with pytest.raises(RepairError):
        apply_operation(parsed, "kind", "0", "measure")  # has children


def test_move_reparent_split_merge_delete_add(parsed):
    first, second = _titles(parsed.findings[0].children)
    assert apply_operation(parsed, "down", "0.0") == "0.1"
    assert _titles(parsed.findings[0].children) == [second, first]
    with pytest.raises(RepairError):
        apply_operation(parsed, "down", "0.1")
    moved = parsed.findings[0].children[0].children[0].title
    assert apply_operation(parsed, "reparent", "0.0.0", "2.1") == "2.1.1"
    assert parsed.findings[2].children[1].children[1].title == moved
    with pytest.raises(RepairError):
        apply_operation(parsed, "reparent", "0", "0.1")
    title = parsed.findings[1].title
    assert apply_operation(parsed, "split", "1", "4") == "2"
    assert parsed.findings[1].title == title[:4] and parsed.findings[2].title == title[4:]
    assert parsed.findings[2].children and not parsed.findings[1].children
    assert apply_operation(parsed, "merge", "1") == "1"
    assert parsed.findings[1].title == title and len(parsed.findings) == 3
    assert apply_operation(parsed, "delete", "2") == "1"
    assert len(parsed.findings) == 2
    assert apply_operation(parsed, "add", "1", "新增的方面问题") == "2"
    assert parsed.findings[2].title == "新增的方面问题" and parsed.findings[2].kind == "aspect"


def test_the_repaired_parse_survives_its_json(parsed):
    apply_operation(parsed, "promote", "0.0.1")
    again = type(parsed).from_dict(parsed.to_dict())
    assert again.totals() == parsed.totals()


@pytest.mark.parametrize(
    ("op", "path", "arg"),
    [("promote", "0", ""), ("demote", "0", ""), ("up", "0", ""), ("split", "0", "0"),
     ("merge", "2", ""), ("delete", "9", ""), ("add", "0", " "), ("kind", "0", "x"),
     ("nope", "0", ""), ("up", "a.b", "")],
)  # fmt: skip
def test_refusals(parsed, op, path, arg):
    before = parsed.to_dict()
    with pytest.raises(RepairError):
        apply_operation(parsed, op, path, arg)
    assert parsed.to_dict() == before
