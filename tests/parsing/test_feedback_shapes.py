"""Shapes of feedback documents found by the corpus's unseen documents, each checked alone.

A problem list with no measures in a table, a summary table that is no list, groups of
problems named by unit, problems listed inline after their heading, the advice run on into
the reporting request, and a flattened list whose items follow one another after "；".
"""

from rectify.parsing import parse_bytes, parse_text
from rectify.parsing.feedback import recommendations
from rectify.parsing.flatten import unflatten
from rectify.parsing.model import Para

_TABLE = """<html><body><h1>区委第一巡察组关于巡察区教育局党组的反馈问题清单</h1>
<p>2024年3月4日至4月30日，区委第一巡察组对区教育局党组开展了巡察，2024年5月20日反馈了巡察意见。</p>
<table>
<tr><td>序号</td><td>问题类别</td><td>问题描述</td></tr>
<tr><td>1</td><td>党建工作</td><td>3个基层党支部未按期开展组织生活会。</td></tr>
<tr><td>2</td><td>财务管理</td><td>违规列支招待费用1.2万元，报销凭证不全。</td></tr>
</table><p>区委第一巡察组</p><p>2024年5月20日</p></body></html>"""

_SUMMARY = """<html><body><h1>区委巡察办关于本轮巡察整改情况的通报</h1>
<p>区委第三轮巡察共反馈问题36个，已整改30个。</p>
<table>
<tr><td>序号</td><td>被巡察单位</td><td>反馈问题数</td><td>已整改数</td></tr>
<tr><td>1</td><td>区教育局</td><td>20</td><td>18</td></tr>
<tr><td>2</td><td>区卫健局</td><td>16</td><td>12</td></tr>
</table></body></html>"""


def test_a_problem_list_without_measures_in_a_table_gives_its_problems():
    notice = parse_bytes(_TABLE.encode(), "list.html")
    assert [f.title for f in notice.findings] == ["党建工作", "财务管理"]
    assert [c.title for f in notice.findings for c in f.children] == [
        "3个基层党支部未按期开展组织生活会",
        "违规列支招待费用1.2万元，报销凭证不全",
    ]


def test_a_summary_table_of_counts_is_not_a_problem_list():
    notice = parse_bytes(_SUMMARY.encode(), "summary.html")
    assert notice.totals()["problems"] == 0


def test_a_heading_that_names_no_shortcoming_groups_the_problems_under_it():
    notice = parse_text(
        "县委第二巡察组关于巡察县文旅局的反馈意见\n"
        "巡察发现的主要问题如下：\n"
        "1．局机关\n"
        "（1）公务用车管理不规范。\n"
        "（2）会议费报销不严。\n"
        "2．县图书馆\n"
        "（1）图书采购未经集体研究。\n"
    )
    t = notice.totals()
    assert (t["aspects"], t["problems"]) == (2, 3)


def test_problems_listed_inline_after_a_heading_are_its_children():
    notice = parse_text(
        "市委第二巡察组关于巡察市民政局党组的反馈意见\n"
        "巡察发现的主要问题如下：\n"
        "一、落实主体责任不力。主要存在以下问题：一是监管缺位；二是制度执行不严。\n"
        "二、服务群众不到位。具体表现在：1．救助审核不严；2．养老机构监管薄弱。\n"
    )
    assert [f.title for f in notice.findings] == ["落实主体责任不力", "服务群众不到位"]
    assert [len(f.children) for f in notice.findings] == [2, 2]
    t = notice.totals()
    assert (t["aspects"], t["problems"]) == (2, 4)


def test_advice_run_on_into_the_reporting_request_keeps_each_advice():
    tail = [
        Para(
            "巡察组建议：一是压实政治责任；二是健全长效机制。请在收到反馈意见后两个月内报送整改报告。"
        )
    ]
    assert recommendations(tail) == ["压实政治责任", "健全长效机制"]


def test_a_labelled_advice_that_starts_with_jianyi_is_advice_not_a_heading():
    tail = [
        Para("四、审计处理意见和建议"),
        Para("（一）责令追回资金。"),
        Para("（二）建议加强预算管理。"),
    ]
    assert recommendations(tail) == ["责令追回资金。", "建议加强预算管理。"]


def test_a_flattened_list_is_cut_at_each_item_and_the_advice():
    flat = (
        "某某局的反馈意见 — 1 — 主要问题：1．制度不全；2．执行不严；3．监督不力，办结率仅 7 1 %。"
        " 巡察组建议：一是健全制度；二是严格执行。"
    ) + "说明文字。" * 60
    lines = [p.text for p in unflatten(Para(flat))]
    assert lines[1:4] == ["主要问题：", "1．制度不全；", "2．执行不严；"]
    assert lines[4].startswith("3．监督不力") and lines[4].endswith("71%。")
    assert lines[5].startswith("巡察组建议：")


def test_a_report_due_to_the_hospitals_office_is_found():
    notice = parse_text(
        "院巡察办关于反馈院内巡察发现问题的通知\n"
        "现将巡察发现的主要问题反馈如下：\n"
        "1．门诊预约管理不严。\n"
        "请有关党支部于2025年1月15日前将整改落实情况报院巡察办。\n"
        "院巡察办\n"
        "2024年12月5日\n"
    )
    due = notice.report_due()
    assert due is not None and due.isoformat() == "2025-01-15"


_NEUTRAL = "县委第一巡察组关于县林业局党组巡察情况的通报\n{body}县委第一巡察组\n2024年5月8日\n"
_PROBLEMS = (
    "一、落实森林防火责任不到位\n（一）防火检查流于形式。\n（二）2个林场未配备专职护林员。\n"
    "二、财务管理不规范\n（一）违规列支培训费1.6万元。\n"
)
_WORK_DONE = (
    "一、落实森林防火责任不到位\n（一）防火检查流于形式。已建立防火检查台账。\n"
    "（二）2个林场未配备专职护林员。已新招聘护林员6名。\n"
)


def test_a_tree_of_problems_without_measures_is_feedback_when_the_wording_says_neither():
    notice = parse_text(_NEUTRAL.format(body=_PROBLEMS))
    assert notice.doc_kind == "feedback"
    t = notice.totals()
    assert (t["aspects"], t["problems"], t["measures"]) == (2, 3, 0)
    assert "problems_only" not in [w.code for w in notice.warnings]


def test_the_same_tree_with_work_done_is_a_progress_notice():
    notice = parse_text(_NEUTRAL.format(body=_WORK_DONE))
    assert notice.doc_kind == "rectification"
    assert notice.recommendations == []


def test_wording_still_decides_before_structure():
    title = "县林业局党组关于县委巡察反馈意见整改进展情况的通报\n"
    notice = parse_text(title + _PROBLEMS + "县林业局党组\n2024年8月8日\n")
    assert notice.doc_kind == "rectification"  # a progress notice that lists no measures
