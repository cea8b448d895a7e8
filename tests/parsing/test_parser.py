"""The seed notice parses to the hand-counted structure in expected-structure.json."""

import json
from pathlib import Path

import pytest

from rectify.parsing import ParsedNotice, parse_file, parse_text
from rectify.parsing.outline import render_outline

SEED_DIR = Path("/work/shared/seed")
SEED = SEED_DIR / "haizhuang-2023-rectification-notice.txt"
FIXTURES = Path(__file__).parent / "fixtures"


def _seed_path() -> Path:
    if SEED.exists():
        return SEED
    return FIXTURES / "seed.txt"


@pytest.fixture(scope="module")
def notice() -> ParsedNotice:
    return parse_file(_seed_path())


@pytest.fixture(scope="module")
def expected() -> dict:
    path = SEED_DIR / "expected-structure.json"
    if not path.exists():
        path = FIXTURES / "expected-structure.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_metadata(notice):
    assert notice.title == "中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报"
    assert notice.issuer == "中共广州市海珠区海幢街道工作委员会"
    assert notice.date.isoformat() == "2023-10-19"
    assert notice.source == "中共广州市海珠区海幢街道工作委员会"


def test_inspection(notice):
    insp = notice.to_dict()["inspection"]
    assert insp["team"] == "海珠区委第一巡察组"
    assert insp["target"] == "海幢街道党工委"
    assert (insp["start"], insp["end"]) == ("2022-07-26", "2022-10-14")
    assert insp["feedback_date"] == "2023-01-16"
    assert insp["kind"] == "xuncha"


def test_totals(notice, expected):
    totals = notice.totals()
    assert totals["aspects"] == expected["totals"]["aspects"] == 3
    assert totals["problems"] == expected["totals"]["problems"] == 14
    assert totals["findings_with_measures"] == expected["totals"]["leaf_findings"] == 27
    assert totals["measures"] == expected["totals"]["measures"] == 82
    numbered = [f for f in notice.all_findings() if f.kind == "item" and f.numbered]
    assert len(numbered) == expected["totals"]["numbered_subproblems"] == 24


def test_tree_matches_expected(notice, expected):
    assert len(notice.findings) == len(expected["aspects"])
    for aspect, exp_aspect in zip(notice.findings, expected["aspects"], strict=True):
        assert aspect.kind == "aspect"
        assert aspect.title == exp_aspect["title"]
        assert len(aspect.children) == len(exp_aspect["problems"])
        for problem, exp_problem in zip(aspect.children, exp_aspect["problems"], strict=True):
            assert problem.kind == "problem"
            assert problem.title == exp_problem["title"]
            assert len(problem.children) == len(exp_problem["items"])
            for item, exp_item in zip(problem.children, exp_problem["items"], strict=True):
                assert item.lead == exp_item["lead"]
                assert item.numbered is exp_item["numbered"]
                assert len(item.measures) == exp_item["measure_count"]


def test_paths_and_labels(notice):
    second = notice.findings[1]
    assert second.label == "第二方面"
    assert second.children[0].label == "（一）"
    assert second.children[0].label_raw == "(一)"
    assert second.children[0].children[1].path == ["第二方面", "（一）", "2."]


def test_measures_keep_full_text_without_prefix(notice):
    item = notice.findings[0].children[0].children[0]
    assert item.measures[0].label == "一是"
    assert item.measures[0].text.startswith("召开街办企业脱钩专题工作会议")
    assert item.measures[3].text.endswith("剩余2间计划于2023年12月前完成注销。")
    last = notice.findings[2].children[4].children[1]
    assert [m.label for m in last.measures] == ["一是", "二是", "四是", "五是"]
    second = last.measures[1].text
    assert second.startswith("加强干部职工日常管理。制定印发《")
    assert "鼓励更多干部积极作为。" in second


def test_single_measure_without_label(notice):
    problem = notice.findings[2].children[0]
    assert problem.title == "针对纪检监察体制改革“三转”执行不严的问题"
    (item,) = problem.children
    assert not item.numbered
    assert item.lead == "针对纪工委书记临时分管党政综合办、党建办工作的问题。"
    assert len(item.measures) == 1
    assert item.measures[0].label is None
    assert item.measures[0].text.startswith("2022年7月8日党工委会议")


def test_numbering_gap_warning(notice):
    gaps = [w for w in notice.warnings if w.code == "numbering_gap"]
    assert len(gaps) == 1
    assert gaps[0].finding_path == ["第三方面", "（五）", "2."]
    assert "三是" in gaps[0].message
    assert gaps[0].message_en


def test_sections(notice):
    sections = notice.to_dict()["sections"]
    labels = [(s["label"], s["role"]) for s in sections]
    assert ("一、", "section") in labels
    assert ("二、", "findings") in labels
    assert ("三、", "section") in labels
    sub = [s for s in sections if s["parent"] == "一、"]
    assert [s["label"] for s in sub] == ["（一）", "（二）", "（三）", "（四）"]
    assert sub[0]["title"] == "加强组织领导,坚决落实整改要求"
    assert sub[0]["text"].startswith("收到巡察反馈意见后")
    part3 = next(s for s in sections if s["label"] == "三、")
    assert part3["text"].startswith("巡察整改只有“进行时”")
    assert any(s["role"] == "closing" and "欢迎广大干部群众" in s["text"] for s in sections)
    all_text = "\n".join(s["text"] for s in sections)
    assert "所在位置" not in all_text and "分享到" not in all_text and "字号" not in all_text


def _fig(notice, text):
    return [f for f in notice.figures if f["text"] == text]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("68宗", 68, "宗"),
        ("35宗", 35, "宗"),
        ("33宗", 33, "宗"),
        ("18953.64平方米", 18953.64, "平方米"),
        ("8866.68平方米", 8866.68, "平方米"),
        ("8.78万元", 8.78, "万元"),
        ("104人次", 104, "人次"),
        ("90场次", 90, "场次"),
        ("15栋", 15, "栋"),
        ("8间", 8, "间"),
        ("6间", 6, "间"),
        ("2间", 2, "间"),
        ("3处", 3, "处"),
    ],
)
def test_figures(notice, text, value, unit):
    (fig,) = _fig(notice, text)
    assert fig["value"] == value
    assert fig["unit"] == unit
    assert text in fig["context"]


def test_figure_context_and_path(notice):
    (fig,) = _fig(notice, "68宗")
    assert fig["context"] == "核实相关工单涉及历史违建68宗"
    assert fig["finding_path"] == ["第二方面", "（一）", "2."]
    assert _fig(notice, "15栋")[0]["finding_path"] == ["第二方面", "（五）"]


def test_no_false_figures(notice):
    texts = " ".join(f["text"] for f in notice.figures)
    for bad in ("2023", "2022", "12345", "0001", "10号", "09"):
        assert not any(f["text"].startswith(bad) for f in notice.figures), (bad, texts)
    assert all(isinstance(f["value"], int | float) for f in notice.figures)


def test_institutions(notice):
    titles = [i["title"] for i in notice.institutions]
    assert len(titles) == 19
    by_title = {i["title"]: i for i in notice.institutions}
    assert by_title["海幢街发票管理员与收费员管理制度"]["action"] == "修订"
    assert by_title["海幢街道排水户监督方案"]["action"] == "制定"
    assert by_title["历史违法建设治理清单"]["action"] == "制作"
    assert by_title["海幢街道以“钉钉子精神”推动工作落实规则"]["action"] == "执行"
    assert by_title["海幢街道干部、职工考勤和请休假管理制度"]["action"] == "制定印发"
    assert by_title["谈话提醒登记表"]["action"] is None
    assert by_title["中国共产党巡视工作条例"]["finding_path"] is None
    assert by_title["海幢街道排水户监督方案"]["finding_path"] == ["第二方面", "（四）"]


def test_deadlines_and_dates(notice):
    assert notice.deadlines == [
        {
            "text": "2023年12月前",
            "date": "2023-12-31",
            "precision": "month",
            "finding_path": ["第一方面", "（一）", "1."],
        }
    ]
    dates = {(d["text"], d["date"]) for d in notice.dates}
    assert ("2022年7月26日", "2022-07-26") in dates
    assert ("2023年1月16日", "2023-01-16") in dates
    assert ("2022年7月8日", "2022-07-08") in dates
    assert ("2023年2月", "2023-02-01") in dates


def test_contacts(notice):
    assert notice.contacts == {
        "phone": "020-89998901",
        "address": "广州市海珠区宝岗路1号",
        "postcode": "510220",
        "email": "haizhuangjiedzb@163.com",
    }


def test_to_dict_is_json(notice):
    data = notice.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    again = json.loads(text)
    assert set(again) >= {
        "title",
        "issuer",
        "date",
        "inspection",
        "sections",
        "findings",
        "figures",
        "institutions",
        "deadlines",
        "dates",
        "contacts",
        "warnings",
    }
    first = again["findings"][0]["children"][0]["children"][0]
    assert set(first) >= {"label", "title", "lead", "measures", "children"}
    assert first["measures"][0]["label"] == "一是"
    warning = again["warnings"][0]
    assert set(warning) >= {"code", "message", "message_en", "finding_path"}


def test_outline(notice):
    out = render_outline(notice)
    assert out.splitlines()[0] == notice.title
    assert "第二方面" in out and "[4 条措施]" in out
    assert "82 条措施" in out
    assert "numbering_gap" in out


def test_parse_text_equals_parse_file(notice):
    again = parse_text(_seed_path().read_text(encoding="utf-8"))
    assert again.totals() == notice.totals()
    assert again.to_dict()["findings"] == notice.to_dict()["findings"]
