"""The seed, imported and generated again as text, gives back part 二 of the seed."""

import json
import re

from rapidfuzz import fuzz

from rectify.lib.text import normalize_for_compare
from rectify.notices.generate import notice_generate
from tests.seed import DATA, SEED


def part_two(text: str) -> str:
    """From the line starting "二、" up to the line starting "三、"."""
    match = re.search(r"^二、.*?(?=^三、)", text, flags=re.S | re.M)
    assert match, "no part 二 found"
    return match.group(0)


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(normalize_for_compare(a), normalize_for_compare(b)) / 100


def test_seed_round_trip_text_matches_part_two(imported):
    generated = notice_generate(inspection=imported.inspection, fmt="txt").content.decode()
    score = similarity(part_two(SEED.read_text(encoding="utf-8")), part_two(generated))
    print(f"round-trip similarity of part 二: {score:.4f}")
    assert score >= 0.98


def test_seed_structure_matches_the_hand_count(imported):
    expected = json.loads((DATA / "expected-structure.json").read_text(encoding="utf-8"))
    notice = notice_generate(inspection=imported.inspection, fmt="txt").notice
    aspects = notice.findings
    assert len(aspects) == expected["totals"]["aspects"]
    problems = [p for a in aspects for p in a.children]
    assert len(problems) == expected["totals"]["problems"]
    leaves = [n for n in notice.nodes() if n.measures]
    assert len(leaves) == expected["totals"]["leaf_findings"]
    assert sum(len(n.measures) for n in leaves) == expected["totals"]["measures"]
    numbered = [n for p in problems for n in p.children if n.numbered]
    assert len(numbered) == expected["totals"]["numbered_subproblems"]
    shape = [
        [
            [(item.numbered, len(item.measures)) for item in problem.children]
            for problem in a.children
        ]
        for a in aspects
    ]
    want = [
        [[(i["numbered"], i["measure_count"]) for i in p["items"]] for p in a["problems"]]
        for a in expected["aspects"]
    ]
    assert shape == want
    leads = [item.title for p in problems for item in p.children]
    want_leads = [
        i["lead"].rstrip("。")
        for a in expected["aspects"]
        for p in a["problems"]
        for i in p["items"]
    ]
    assert leads == want_leads


def test_unnumbered_leads_and_the_numbering_gap_come_back_as_written(imported):
    text = notice_generate(inspection=imported.inspection, fmt="txt").content.decode()
    assert "\n针对生态环境宣传教育效果不明显" in text
    assert "\n针对纪工委书记临时分管党政综合办、党建办工作的问题。2022年7月8日" in text
    last = text[text.index("2．针对个别干部职工有令不行") :].split("\n")[0]
    assert list(re.findall("[一二三四五]是", last)) == ["一是", "二是", "四是", "五是"]
    renumbered = notice_generate(inspection=imported.inspection, fmt="txt", renumber=True)
    last = renumbered.content.decode()
    last = last[last.index("2．针对个别干部职工有令不行") :].split("\n")[0]
    assert re.findall("[一二三四五]是", last) == ["一是", "二是", "三是", "四是"]
