"""More real-world shapes of rectification notices, feedback documents and rectification lists.

Each fixture is written in the style of published notices (provincial 巡视 progress notices,
audit 整改 reports, 环保督察 整改清单, 反馈意见, government web pages, PDF copies).
"""

from pathlib import Path

import docx
import pytest

from rectify.lib.text import normalize_for_compare
from rectify.parsing import ParseError, parse_bytes, parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
SEED_TOTALS = {"aspects": 3, "problems": 14, "findings_with_measures": 27, "measures": 82}


def _core(totals: dict) -> dict:
    return {k: totals[k] for k in SEED_TOTALS}


def _counts(notice) -> tuple[int, int, int, int, int]:
    t = notice.totals()
    return (t["aspects"], t["problems"], t["items"], t["findings_with_measures"], t["measures"])


def _codes(notice) -> list[str]:
    return [w.code for w in notice.warnings]


def _leads(notice) -> list[str]:
    return [normalize_for_compare(f.lead) for f in notice.all_findings() if f.measures]


# ------------------------------------------------------------------ provincial 巡视 notice
def test_provincial_notice_measures_in_separate_paragraphs():
    notice = parse_file(FIXTURES / "provincial_xunshi_progress.txt")
    assert notice.title == "中共江南省委关于巡视整改进展情况的通报"
    assert (notice.issuer, notice.date.isoformat()) == ("中共江南省委", "2024-02-06")
    assert _counts(notice) == (0, 3, 5, 5, 12)
    assert _codes(notice) == []
    first = notice.findings[0]
    assert first.label == "（一）"
    assert first.title == "关于贯彻落实党中央决策部署不够有力的问题"
    item = first.children[0]
    assert (item.label, item.label_raw) == ("1.", "1．")
    assert item.title == "关于推动经济高质量发展用力不足的问题"
    assert [m.label for m in item.measures] == ["一是", "二是", "三是"]
    assert item.measures[1].text.startswith("实施科技创新“揭榜挂帅”项目48个")
    assert item.measures[2].text == "开展营商环境“清障”专项行动，清理涉企不合理收费项目27项。"
    assert [len(c.measures) for p in notice.findings for c in p.children] == [3, 2, 2, 3, 2]
    roles = [(s.label, s.role) for s in notice.sections]
    assert roles == [
        (None, "preamble"),
        ("一、", "section"),
        ("二、", "findings"),
        ("三、", "section"),
        (None, "closing"),
    ]
    insp = notice.inspection
    assert (insp.team, insp.target, insp.kind) == ("中央第六巡视组", "江南省", "xunshi")
    assert (insp.start.isoformat(), insp.feedback_date.isoformat()) == ("2023-04-10", "2023-09-18")
    figs = {f["text"]: f for f in notice.figures}
    assert figs["186.4亿元"]["finding_path"] == ["（一）", "2."]
    assert figs["2.4%"]["value"] == 2.4
    assert notice.contacts["postcode"] == "310025"
    assert notice.contacts["phone"] == "0571-87051234"


def test_measures_split_over_paragraphs_report_gaps():
    text = """关于巡察整改情况的通报

一、巡察反馈问题整改情况

（一）针对制度建设滞后的问题。
一是修订《议事规则》。
三是建立督办台账。

（二）针对学习教育不深入的问题。
整改措施：一是开展专题学习；二是组织考试。
一是每季度开展一次督导。
"""
    notice = parse_text(text)
    first, second = notice.findings
    assert [m.label for m in first.measures] == ["一是", "三是"]
    assert [m.label for m in second.measures] == ["一是", "二是", "一是"]
    gaps = [w for w in notice.warnings if w.code == "numbering_gap"]
    assert [w.finding_path for w in gaps] == [["（一）"]]
    assert "二是" in gaps[0].message
    assert "repeated_label" not in _codes(notice)


# ------------------------------------------------------------------ numbered measures
def test_measures_numbered_arabic_paren_and_circled():
    notice = parse_file(FIXTURES / "measures_arabic_numbered.txt")
    assert _counts(notice) == (0, 4, 0, 4, 11)
    assert _codes(notice) == []
    labels = [[m.label for m in p.measures] for p in notice.findings]
    assert labels == [
        ["1.", "2.", "3."],
        ["（1）", "（2）", "（3）"],
        ["1.", "2.", "3."],
        ["①", "②"],
    ]
    first = notice.findings[0]
    assert first.title == "针对“三重一大”决策制度执行不严格的问题"
    assert first.measures[0].text.startswith("修订《局党组“三重一大”事项集体决策实施办法》")
    assert not first.children and not first.body
    inline = notice.findings[2]
    assert inline.lead == "针对不动产登记窗口服务效率不高的问题。"
    assert inline.measures[1].text == "开通“交房即交证”绿色通道，惠及群众4600余户"
    figs = {f["text"]: f for f in notice.figures}
    assert figs["86.7万元"]["finding_path"] == ["（二）"]
    assert figs["4600余户"]["approximate"] is True
    assert notice.institutions[0]["action"] == "修订"


def test_numbered_sub_problems_are_not_taken_for_measures():
    text = """关于巡察整改情况的通报

（一）针对财务管理不规范的问题
1.针对报销审核不严的问题。一是修订报销制度；二是开展财务培训。
2.针对往来款清理不及时的问题。已清理往来款86万元。
"""
    notice = parse_text(text)
    problem = notice.findings[0]
    assert [c.label for c in problem.children] == ["1.", "2."]
    assert problem.measures == []
    assert problem.children[1].measures[0].text == "已清理往来款86万元。"


# ------------------------------------------------------------------ audit report, labelled lines
def test_audit_report_with_labelled_lines():
    notice = parse_file(FIXTURES / "audit_labelled_lines.txt")
    assert notice.inspection.kind == "audit"
    assert notice.inspection.team == "县审计局"
    assert notice.inspection.feedback_date.isoformat() == "2023-08-15"
    assert _counts(notice) == (3, 6, 0, 6, 10)
    assert _codes(notice) == []
    problems = [p for a in notice.findings for p in a.children]
    assert [p.label for p in problems] == [f"问题{i}" for i in range(1, 7)]
    p1, p2, p3, p4, p5, p6 = problems
    assert p1.title == "部分支出原始凭证不完整，个别报销单据缺少经办人签字"
    assert len(p1.measures) == 1 and p1.measures[0].text.startswith("对2020年至2022年会计凭证")
    assert p1.body == "整改成效：财务报销审核流程更加规范，未再发生同类问题。"
    assert p1.progress == "已完成"
    assert (p2.progress, p2.owner, p2.deadline) == ("正在整改", "局计划财务股", "2024年3月31日前")
    assert [m.label for m in p2.measures] == [None]
    assert [m.label for m in p3.measures] == ["（1）", "（2）", "（3）"]
    assert p3.measures[2].text == "项目已于2023年10月通过完工验收。"
    assert p3.progress == "已完成" and not p3.children
    assert p4.progress == "已完成"
    assert [m.label for m in p5.measures] == ["一是", "二是"]
    assert p6.progress == "正在整改"
    assert [m.text for m in p6.measures][1] == "计划于2024年6月底前完成资产系统数据更新"
    deadlines = {(d["text"], d["date"], tuple(d["finding_path"])) for d in notice.deadlines}
    assert deadlines == {
        ("2024年3月31日前", "2024-03-31", ("一、", "问题2")),
        ("2024年6月底前", "2024-06-30", ("三、", "问题6")),
    }
    d = notice.to_dict()["findings"][0]["children"][1]
    assert (d["owner"], d["progress"]) == ("局计划财务股", "正在整改")


def test_hospital_notice_with_wenti_headings_and_circled_measures():
    notice = parse_file(FIXTURES / "hospital_wenti_circled.txt")
    assert notice.issuer == "中共南江市第二人民医院委员会"
    assert _counts(notice) == (2, 4, 0, 4, 10)
    assert _codes(notice) == []
    assert [a.title for a in notice.findings] == [
        "党的领导方面存在的问题",
        "党风廉政建设方面存在的问题",
    ]
    problems = [p for a in notice.findings for p in a.children]
    assert [p.label_raw for p in problems] == ["问题一：", "问题二：", "问题三：", "问题四："]
    assert [p.path for p in problems][2] == ["二、", "问题3"]
    first = problems[0]
    assert [m.label for m in first.measures] == ["①", "②", "③"]
    assert first.measures[1].text == (
        "对2022年以来的大额资金支出事项进行复核，补充履行党委会决策程序4项。"
    )
    assert [(p.owner, p.deadline, p.progress) for p in problems] == [
        ("党委办公室", "2023年12月", "已完成"),
        ("宣传科", "长期坚持", "持续推进"),
        ("药剂科、设备科、纪检监察室", "2024年3月31日前", "正在整改"),
        ("医保办、财务科", "2023年11月30日", "已完成"),
    ]
    deadlines = {d["text"]: d["date"] for d in notice.deadlines}
    assert deadlines == {
        "2023年12月": "2023-12-31",
        "长期坚持": None,
        "2024年3月31日前": "2024-03-31",
        "2023年11月30日": "2023-11-30",
    }
    assert "unparsed_date" not in _codes(notice)
    assert any(f["text"] == "98.2%" for f in notice.figures)


# ------------------------------------------------------------------ 环保督察 整改清单 tables
ENV_HEAD = ["序号", "督察反馈问题", "整改目标", "整改措施"]
ENV_HEAD += ["责任单位", "责任人", "整改时限", "整改进展"]
ENV_ROWS = [
    ("一、大气污染防治方面",),
    (
        "1",
        "城区扬尘污染管控不力，建筑工地“六个百分百”落实不到位。",
        "2023年底前，城区建筑工地扬尘防控措施落实率达到100%。",
        "1.建立建筑工地扬尘在线监测平台，接入工地126个；\n2.开展扬尘专项执法，立案查处违法"
        "行为43起；\n3.实行渣土运输车辆全密闭运输。",
        "市住房城乡建设局",
        "张某某",
        "2023年12月底前",
        "已完成",
    ),
    (
        "2",
        "部分燃煤锅炉未按期完成淘汰改造。",
        "完成35蒸吨以下燃煤锅炉淘汰。",
        "（1）对全市剩余的17台燃煤锅炉实行清单化管理；（2）落实改造补贴资金860万元。",
        "市生态环境局",
        "李某某",
        "2024年6月30日",
        "达到序时进度",
    ),
    ("二、水污染防治方面",),
    (
        "3",
        "城镇污水处理厂超负荷运行，部分污水直排。",
        "新增污水处理能力5万吨/日。",
        "一是加快城东污水处理厂扩建工程；二是完成老城区雨污分流改造23.4公里；三是对直排口"
        "实施截污纳管。",
        "市水务局",
        "王某某",
        "2024年12月31日前",
        "正在推进",
    ),
    (
        "4",
        "工业园区污水管网不完善。",
        "园区污水全收集、全处理。",
        "完成园区污水管网建设12.8公里，实现企业废水应接尽接。",
        "市水务局",
        "王某某",
        "长期坚持",
        "已完成",
    ),
]


def _env_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("临江市贯彻落实第二轮中央生态环境保护督察报告整改方案问题清单")
    table = document.add_table(rows=2, cols=8)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[7])
    title.text = "临江市督察反馈问题整改清单（截至2023年12月）"
    for cell, head in zip(table.rows[1].cells, ENV_HEAD, strict=True):
        cell.text = head
    water: list[int] = []
    for row in ENV_ROWS:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[7]).text = row[0]
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
        if row[4] == "市水务局":
            water.append(len(table.rows) - 1)
    top, bottom = water
    for col in (4, 5):  # the two 市水务局 rows share merged 责任单位 / 责任人 cells
        text = table.cell(top, col).text
        table.cell(top, col).merge(table.cell(bottom, col)).text = text
    document.save(path)


def test_environmental_rectification_list_docx_with_merged_cells(tmp_path):
    path = tmp_path / "整改清单.docx"
    _env_docx(path)
    notice = parse_file(path)
    assert notice.title == "临江市贯彻落实第二轮中央生态环境保护督察报告整改方案问题清单"
    assert notice.inspection.kind == "environmental"
    assert _counts(notice) == (2, 4, 0, 4, 9)
    air, water = notice.findings
    assert air.title == "一、大气污染防治方面" and water.title == "二、水污染防治方面"
    p1, p2 = air.children
    assert [m.label for m in p1.measures] == ["1.", "2.", "3."]
    assert p1.measures[1].text == "开展扬尘专项执法，立案查处违法行为43起"
    assert (p1.owner, p1.deadline, p1.progress) == (
        "市住房城乡建设局；张某某",
        "2023年12月底前",
        "已完成",
    )
    assert p1.body == "整改目标：2023年底前，城区建筑工地扬尘防控措施落实率达到100%。"
    assert [m.label for m in p2.measures] == ["（1）", "（2）"]
    assert p2.progress == "达到序时进度"
    p3, p4 = water.children
    assert [m.label for m in p3.measures] == ["一是", "二是", "三是"]
    assert p3.owner == p4.owner == "市水务局；王某某"
    assert p4.measures[0].label is None
    assert [p.label for p in (p1, p2, p3, p4)] == ["1.", "2.", "3.", "4."]
    deadlines = {d["text"]: d["date"] for d in notice.deadlines}
    assert deadlines == {
        "2023年底前": "2023-12-31",  # in the 整改目标 cell
        "2023年12月底前": "2023-12-31",
        "2024年6月30日": "2024-06-30",
        "2024年12月31日前": "2024-12-31",
        "长期坚持": None,
    }
    figs = {f["text"] for f in notice.figures}
    assert {"126个", "43起", "860万元", "23.4公里", "12.8公里"} <= figs


def test_environmental_list_html_table_with_rowspan():
    notice = parse_file(FIXTURES / "env_list_rowspan.html")
    assert notice.title == "青川县贯彻落实省级生态环境保护督察反馈意见整改任务清单"
    assert notice.issuer == "青川县生态环境保护委员会办公室"
    assert notice.date.isoformat() == "2024-01-10"
    insp = notice.inspection
    assert (insp.team, insp.kind) == ("省第三生态环境保护督察组", "environmental")
    assert insp.feedback_date.isoformat() == "2023-07-18"
    assert _counts(notice) == (2, 3, 0, 3, 5)
    water, air = notice.findings
    assert (water.title, air.title) == ("水污染防治", "大气污染防治")
    p1, p2 = water.children
    assert p1.owner == p2.owner == "县住房城乡建设局"
    assert (p1.deadline, p1.progress) == ("2024年6月底前", "正在推进")
    assert [m.text for m in p1.measures] == [
        "开展城区污水管网排查，修复破损管网6.3公里",
        "实施清污分流改造。",
    ]
    assert (p2.deadline, p2.progress) == ("2023年12月底前", "已完成")
    (p3,) = air.children
    assert [m.label for m in p3.measures] == ["一是", "二是"]
    assert p3.owner == "县农业农村局"
    assert "注：整改进展截至" not in str(notice.to_dict()["findings"])
    assert "版权所有" not in str(notice.to_dict())


# ------------------------------------------------------------------ 反馈意见
def test_feedback_with_main_problems_container():
    notice = parse_file(FIXTURES / "xuncha_feedback_main_problems.txt")
    assert notice.doc_kind == "feedback"
    assert _counts(notice) == (3, 8, 0, 0, 0)
    assert _codes(notice) == []
    assert [a.label for a in notice.findings] == ["（一）", "（二）", "（三）"]
    assert notice.findings[0].title == "贯彻落实党的路线方针政策和上级决策部署方面"
    assert [len(a.children) for a in notice.findings] == [3, 3, 2]
    third = notice.findings[0].children[2]
    assert third.title == "安全生产监管存在薄弱环节"
    assert [p.label for p in third.points] == ["一是", "二是", "三是"]
    second = notice.findings[0].children[1]
    assert second.body == "巡察期间发现新增违法占用耕地图斑11个，涉及面积23.6亩。"
    sections = {(s.label, s.role): s for s in notice.sections}
    assert sections[("一、", "findings")].title == "巡察发现的主要问题"
    assert ("二、", "section") in sections
    insp = notice.inspection
    assert (insp.team, insp.target) == ("县委第三巡察组", "桂溪镇党委")
    assert insp.feedback_date.isoformat() == "2023-12-08"
    figs = {f["text"]: f["finding_path"] for f in notice.figures}
    assert figs["23.6亩"] == ["（一）", "2."]


# ------------------------------------------------------------------ web page
def test_government_page_with_br_inside_paragraphs():
    notice = parse_file(FIXTURES / "gov_page_br.html")
    assert notice.title == "中共临川市卫生健康委员会党组关于市委巡察整改进展情况的通报"
    assert notice.source == "市卫生健康委"
    assert notice.date.isoformat() == "2024-01-05"
    assert notice.issuer == "中共临川市卫生健康委员会党组"
    insp = notice.inspection
    assert (insp.start.isoformat(), insp.end.isoformat()) == ("2023-04-17", "2023-06-16")
    assert insp.feedback_date.isoformat() == "2023-08-09"
    assert _counts(notice) == (0, 2, 4, 4, 9)
    first = notice.findings[0]
    assert first.title == "关于落实公立医院党委领导下的院长负责制不到位的问题"
    assert [c.title for c in first.children] == [
        "针对部分医院党委会议事规则不健全的问题",
        "针对党建与业务融合不深的问题",
    ]
    assert first.children[1].measures[0].text == "推行“党建+业务”双述职制度"
    assert notice.findings[1].children[1].measures[1].text == "新增家庭医生签约服务团队38个"
    assert [(d["text"], d["date"]) for d in notice.deadlines] == [("2024年6月底前", "2024-06-30")]
    assert notice.contacts == {
        "phone": "0794-8226123",
        "address": None,
        "postcode": None,
        "email": "lcswjw@163.com",
    }
    text = str(notice.to_dict())
    chrome_words = ("当前位置", "浏览次数", "字体", "打印本页", "关闭窗口", "上一篇")
    for chrome in (*chrome_words, "ICP备", "主办单位"):
        assert chrome not in text, chrome


def test_page_with_only_chrome_has_no_structure():
    page = """<html><body><div class="nav">首页 | 新闻</div>
<div class="position">当前位置：首页 &gt; 巡视巡察</div><p>打印本页 关闭窗口</p>
<div class="footer">版权所有：某某县人民政府 网站标识码：1234567890</div></body></html>"""
    with pytest.raises(ParseError) as info:
        parse_bytes(page.encode("utf-8"), "page.html")
    assert info.value.code in {"empty", "no_structure"}


# ------------------------------------------------------------------ PDF copies
def test_pdf_text_with_page_numbers_and_running_heads():
    notice = parse_file(FIXTURES / "pdf_page_headers.txt")
    assert notice.title == "中共云岭县委教育工作委员会关于县委巡察反馈意见整改进展情况的报告"
    assert (notice.issuer, notice.date.isoformat()) == ("中共云岭县委教育工作委员会", "2023-12-20")
    assert _counts(notice) == (0, 2, 4, 4, 9)
    assert _codes(notice) == []
    after_bourn = notice.findings[0].children[1]
    assert [m.text for m in after_bourn.measures] == [
        "全县46所中小学全部开设课后服务，学生参与率达到93.6%",
        "引入非遗、体育等特色课程120门",
        "计划于２０２４年６月底前完成课后服务经费保障办法修订。",
    ]
    quoted = notice.findings[0].children[0].measures[1].text
    assert quoted == "建立校外培训机构“黑白名单”制度，每季度向社会公布一次。"
    assert notice.inspection.feedback_date.isoformat() == "2023-06-12"
    deadlines = {d["text"]: d["date"] for d in notice.deadlines}
    assert deadlines == {"２０２４年６月底前": "2024-06-30", "２０２４年１２月底前": "2024-12-31"}
    figs = {f["text"]: f["value"] for f in notice.figures}
    assert figs["６８家次"] == 68 and figs["26.8万元"] == 26.8
    text = str(notice.to_dict())
    assert "— 2 —" not in text and "— 4 —" not in text
    assert "体中共云岭县委" not in text


def test_seed_as_pdf_copy_with_page_breaks_mid_sentence():
    lines = [x.strip() for x in SEED_TEXT.splitlines() if x.strip()]
    start = next(i for i, x in enumerate(lines) if x.startswith("根据区委统一部署"))
    out = ["中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报"]
    page = 1
    for line in lines[start:]:
        for i in range(0, len(line), 38):
            out.append(line[i : i + 38])
            if len(out) % 40 == 39:
                page += 1
                out += ["", f"— {page} —", "", "中共广州市海珠区海幢街道工作委员会", ""]
    assert page >= 6
    notice = parse_text("\n".join(out))
    assert _core(notice.totals()) == SEED_TOTALS
    assert _leads(notice) == _leads(parse_file(FIXTURES / "seed.txt"))
    assert notice.issuer == "中共广州市海珠区海幢街道工作委员会"
    assert notice.date.isoformat() == "2023-10-19"
    assert _codes(notice) == ["numbering_gap"]
    measures = [m.text for f in notice.all_findings() for m in f.measures]
    assert not any("中共广州市海珠区海幢街道工作委员会" in m for m in measures)


# ------------------------------------------------------------------ part headings
def test_notice_with_di_bufen_parts():
    notice = parse_file(FIXTURES / "part_di_sections.txt")
    assert _counts(notice) == (3, 5, 0, 5, 12)
    assert _codes(notice) == []
    assert [a.label for a in notice.findings] == ["一、", "二、", "三、"]
    assert notice.findings[1].title == "关于落实全面从严治党主体责任方面的问题"
    problem = notice.findings[0].children[1]
    assert problem.path == ["一、", "（二）"]
    assert problem.title == "关于食品安全监管存在盲区的问题"
    assert [m.label for m in problem.measures] == ["一是", "二是", "三是"]
    roles = [(s.label, s.role) for s in notice.sections]
    assert roles == [
        (None, "preamble"),
        ("第一部分", "section"),
        ("第二部分", "findings"),
        ("第三部分", "section"),
    ]
    assert notice.sections[1].title == "整改工作的组织开展情况"


def test_aspects_restart_numbering_inside_part_two():
    notice = parse_file(FIXTURES / "restart_aspects_in_part_two.txt")
    assert _counts(notice) == (2, 4, 0, 4, 8)
    assert _codes(notice) == []
    assert [(a.label, a.title) for a in notice.findings] == [
        ("一、", "关于贯彻落实上级决策部署方面的问题"),
        ("二、", "关于落实全面从严治党责任方面的问题"),
    ]
    roles = [(s.label, s.role, s.title) for s in notice.sections if s.label]
    assert roles == [
        ("一、", "section", "整改工作开展情况"),
        ("二、", "findings", "反馈问题整改落实情况"),
        ("三、", "section", "下一步工作打算"),
    ]
    assert notice.deadlines[0]["finding_path"] == ["一、", "（二）"]
    assert notice.deadlines[0]["date"] == "2024-05-31"


# ------------------------------------------------------------------ SOE, quoted problems
def test_soe_notice_with_quoted_problem_titles():
    notice = parse_file(FIXTURES / "soe_quoted_titles.txt")
    assert notice.issuer == "中共华信能源集团有限公司委员会"
    assert notice.inspection.target == "华信能源集团有限公司党委"
    assert notice.inspection.end.isoformat() == "2023-05-31"
    assert _counts(notice) == (2, 3, 5, 5, 9)
    assert _codes(notice) == []
    aspect = notice.findings[0]
    assert aspect.title == "在“服务国家和全省发展战略不够有力”方面"
    problem = aspect.children[0]
    assert problem.title == "关于“主责主业聚焦不够”问题的整改"
    item = problem.children[0]
    assert item.path == ["（一）", "1.", "（1）"]
    assert item.title == (
        "关于“非主业投资占比偏高。2020年至2022年，集团非主业投资占比超过规定比例。”的问题"
    )
    assert [m.label for m in item.measures] == ["一是", "二是"]
    plain = problem.children[1]
    assert plain.lead == "关于“科技创新投入不足，研发投入强度低于行业平均水平”的问题。"
    assert plain.measures[0].text.startswith("已设立科技创新专项基金2亿元")
    last = notice.findings[1].children[0].children[1]
    assert last.measures[0].text == "修订《业务招待管理办法》，实行招待事项事前审批、公务卡结算。"
    closing = [s.text for s in notice.sections if s.role == "closing"]
    assert closing and closing[0].startswith("下一步，集团公司党委将持续深化巡视整改")
    assert notice.deadlines == [
        {"text": "2024年6月底前", "date": "2024-06-30", "precision": "month", "finding_path": None}
    ]
    assert notice.contacts["email"] == "hxnyjt_xszg@163.com"


# ------------------------------------------------------------------ no dates, full-width digits
def test_notice_without_dates_and_with_full_width_digits():
    notice = parse_file(FIXTURES / "no_dates_fullwidth.txt")
    assert notice.date is None
    assert notice.issuer == "中共东岭镇委员会"
    insp = notice.inspection
    assert insp.team == "县委第一巡察组"
    assert (insp.start, insp.end, insp.feedback_date) == (None, None, None)
    assert _counts(notice) == (0, 2, 4, 4, 8)
    first = notice.findings[0].children[0]
    assert (first.label, first.label_raw) == ("1.", "１．")
    assert [m.label for m in first.measures] == ["一是", "二是", "三是"]
    last = notice.findings[1].children[1]
    assert [m.text for m in last.measures] == [
        "已将２处闲置养老服务站交由专业机构运营，日均服务老人１２０人次。"
    ]
    figs = {f["text"]: f["value"] for f in notice.figures}
    assert figs["６８宗"] == 68 and figs["２３．５公里"] == 23.5 and figs["３００元"] == 300
    deadlines = [(d["text"], d["date"]) for d in notice.deadlines]
    assert deadlines == [("１２月底前", None), ("６月底前", None)]
    unparsed = [w.finding_path for w in notice.warnings if w.code == "unparsed_date"]
    assert unparsed == [["一、", "1."], ["二、", "1."]]
    measures = [m.text for f in notice.all_findings() for m in f.measures]
    assert not any("中共东岭镇委员会" in m for m in measures)


# ------------------------------------------------------------------ 回头看
def test_follow_up_notice_on_previous_round():
    notice = parse_file(FIXTURES / "huitoukan_previous_round.txt")
    insp = notice.inspection
    assert insp.kind == "follow_up"
    assert (insp.team, insp.target) == ("区委第四巡察组", "区城市管理局党组")
    assert insp.feedback_date.isoformat() == "2023-12-15"
    assert _counts(notice) == (0, 2, 5, 5, 10)
    old, new = notice.findings
    assert old.title == "上轮巡察反馈问题整改不到位的问题"
    assert new.title == "巡察“回头看”发现的新问题"
    assert old.children[0].title == (
        "针对上轮巡察指出的“数字城管案件办结率偏低”问题整改不彻底的问题"
    )
    assert old.children[0].measures[1].text.endswith("案件按期办结率由82.3%提升至97.6%。")
    assert [len(c.measures) for c in old.children + new.children] == [2, 2, 2, 2, 2]
    figs = {f["text"]: f["finding_path"] for f in notice.figures}
    assert figs["214块"] == ["一、", "（二）"]


def test_follow_up_only_when_the_inspection_is_one():
    text = """关于巡察整改进展情况的通报

2023年3月，区委第一巡察组对区档案馆党支部开展了巡察。现将整改情况通报如下。

（一）针对档案数字化进度滞后的问题。一是完成档案数字化12万页；二是对整改情况适时开展“回头看”。
"""
    assert parse_text(text).inspection.kind == "xuncha"


def test_numbered_sub_problems_without_lead_words_stay_findings():
    text = """关于巡察整改情况的通报

（一）针对党组织建设薄弱的问题
1.党组会议记录不规范。已补正会议记录6份。
2.发展党员程序执行不严格。已对2名发展对象暂缓发展。
（二）针对资产管理不规范的问题
1.开展资产清查，盘点资产1862项；
2.对账实不符的资产进行账务调整。
"""
    notice = parse_text(text)
    first, second = notice.findings
    assert [c.title for c in first.children] == ["党组会议记录不规范", "发展党员程序执行不严格"]
    assert first.children[0].measures[0].text == "已补正会议记录6份。"
    assert first.measures == []
    assert not second.children
    assert [m.text for m in second.measures] == [
        "开展资产清查，盘点资产1862项",
        "对账实不符的资产进行账务调整。",
    ]


def test_labelled_progress_that_describes_work_is_a_measure():
    text = """审计发现问题整改情况的报告

问题1：会议费报销不规范。
整改进展：已召开专题会议，修订会议费管理办法。
整改进度：已完成
问题2：存量资金未及时上缴。
整改进展：已完成整改，上缴资金12万元。
责任单位：财务科、办公室
完成时限：2023年10月
"""
    notice = parse_text(text)
    p1, p2 = notice.findings
    assert [m.text for m in p1.measures] == ["已召开专题会议，修订会议费管理办法。"]
    assert p1.progress == "已完成"
    assert p2.progress == "已完成整改"
    assert [(m.label, m.text) for m in p2.measures] == [(None, "上缴资金12万元")]
    assert (p2.owner, p2.deadline) == ("财务科、办公室", "2023年10月")
    assert notice.warnings == []
    assert notice.deadlines[0]["date"] == "2023-10-31"


def test_measures_one_per_line_after_marker_and_di_enumeration():
    text = """关于巡察整改情况的通报

（一）针对制度建设滞后的问题
整改情况：
一是修订《议事规则》；
二是建立督办台账；
三是开展制度执行情况检查。

（二）针对学习教育不深入的问题
第一，开展专题学习4次。
第二，组织考试1次。
"""
    notice = parse_text(text)
    first, second = notice.findings
    assert first.title == "针对制度建设滞后的问题"
    assert [(m.label, m.text) for m in first.measures] == [
        ("一是", "修订《议事规则》"),
        ("二是", "建立督办台账"),
        ("三是", "开展制度执行情况检查。"),
    ]
    assert second.title == "针对学习教育不深入的问题"
    assert [(m.label, m.text) for m in second.measures] == [
        ("第一", "开展专题学习4次。"),
        ("第二", "组织考试1次。"),
    ]
    assert notice.warnings == []


def test_report_due_written_as_a_date_and_not_the_completion_date():
    text = (
        "市安委办关于燃气安全专项检查发现问题的反馈意见\n\n"
        "2024年6月21日，检查组反馈检查情况。\n\n（一）企业主体责任落实不到位\n"
        "①入户安检率偏低。\n②隐患台账缺失。\n\n"
        "请区政府于2024年9月30日前整改完毕，整改情况于2024年7月31日前报市安委办。\n"
    )
    due = parse_text(text).report_due()
    assert due is not None and due.isoformat() == "2024-07-31"


def test_an_audit_demand_notice_is_the_inspecting_bodys_feedback():
    for title in (
        "某县审计局关于县教育局预算执行审计发现问题的整改通知",
        "学院审计处关于后勤集团财务收支审计的意见",
    ):
        text = (
            f"{title}\n\n审计发现以下问题：\n（1）违规收取管理费38万元。\n（2）固定资产账实不符。\n"
        )
        assert parse_text(text).doc_kind.value == "feedback", title


def test_a_meta_line_led_by_a_bare_date_gives_the_page_date():
    text = (
        "县委第二巡察组巡察县住建局党组情况反馈会召开\n2023.12.08  来源：县委巡察办\n\n"
        "12月6日，县委第二巡察组向县住建局党组反馈巡察情况。\n"
    )
    notice = parse_text(text)
    assert notice.date is not None and notice.date.isoformat() == "2023-12-08"
    assert notice.source == "县委巡察办"


def test_status_line_zhenggai_qingkuang_is_progress_and_qi_yi_lists_measures():
    text = (
        "某市督察整改情况的公示\n\n一、具体问题整改情况\n"
        "（一）饮用水水源地保护区内存在违法建筑\n整改时限：2023年12月底前\n"
        "整改措施：1．拆除违法建筑14处；2．设立界标86块。\n整改情况：已完成。\n"
        "（二）医保基金使用不规范\n整改措施：其一，退回违规收取资金41.2万元；其二，上线智能审核系统。\n"
    )
    notice = parse_text(text)
    first, second = notice.findings
    assert [m.text.rstrip("。") for m in first.measures] == ["拆除违法建筑14处", "设立界标86块"]
    assert first.progress == "已完成"
    assert len(second.measures) == 2


def test_a_title_wrapped_before_de_is_one_title():
    text = (
        "市委第七巡察组关于巡察市城市管理局党组\n的反馈意见\n\n"
        "根据市委统一部署，2024年4月22日至6月21日，市委第七巡察组对市城市管理局党组开展了常规巡察。"
        "2024年8月5日，巡察组向市城市管理局党组反馈了巡察意见。\n\n"
        "一、执法规范化建设存在短板\n（一）执法程序不规范。\n"
    )
    notice = parse_text(text)
    assert notice.title == "市委第七巡察组关于巡察市城市管理局党组的反馈意见"
    assert notice.inspection.feedback_date is not None
    assert notice.inspection.feedback_date.isoformat() == "2024-08-05"


def test_an_undated_news_item_takes_its_year_from_its_first_full_date():
    text = (
        "街道党工委第二巡察组向某某社区党委反馈巡察情况\n\n"
        "9月12日下午，街道党工委第二巡察组向某某社区党委反馈巡察情况。"
        "街道党工委第二巡察组组长周敏主持会议并反馈巡察意见。\n\n"
        "2024年7月8日至8月9日，街道党工委第二巡察组对某某社区党委开展了巡察。\n"
    )
    notice = parse_text(text)
    assert notice.inspection.feedback_date is not None
    assert notice.inspection.feedback_date.isoformat() == "2024-09-12"


def test_an_audit_notice_addressed_to_the_unit_names_it_as_the_target():
    text = (
        "某某县审计局关于县教育局预算执行情况审计发现问题的整改通知\n\n县教育局：\n"
        "我局于2024年2月26日至3月29日对你单位2023年度预算执行情况进行了审计，现将问题通报如下：\n"
        "（1）违规向所属学校收取管理费38万元。\n（2）滞留资助资金73.2万元。\n"
    )
    assert parse_text(text).inspection.target == "县教育局"


def test_audit_findings_worded_without_the_usual_words_and_the_handling_section():
    text = (
        "某某省审计厅关于某集团原董事长经济责任审计结果的公告\n\n"
        "2023年10月16日至12月22日，审计厅进行了审计。\n\n一、审计发现的主要问题\n"
        "（一）预算编制不科学，年底突击支出1865万元。\n（二）违规出借资金6000万元。\n"
        "二、审计处理及整改情况\n对审计发现的问题，审计厅已下达审计决定书。\n"
    )
    notice = parse_text(text)
    assert notice.totals()["problems"] == 2
    assert notice.findings[0].title.startswith("预算编制不科学")


def test_advice_listed_inline_with_paren_numerals_and_working_day_figures():
    text = (
        "学院审计处关于后勤集团财务收支审计的意见\n\n审计发现以下问题：\n"
        "1. 收入管理方面：账外收入58.7万元。\n2. 支出管理方面：办理时长3.5个工作日。\n\n"
        "审计建议：（一）严格执行收支两条线规定；（二）完善合同管理制度；（三）开展资产清查。\n"
    )
    notice = parse_text(text)
    assert notice.recommendations == ["严格执行收支两条线规定", "完善合同管理制度", "开展资产清查"]
    assert (3.5, "个工作日") in {(float(f["value"]), f["unit"]) for f in notice.figures}


def test_numbered_measures_that_begin_with_when_they_are_done():
    text = (
        "中共某某县水利局党组关于县委巡察整改情况的通报\n\n一、反馈问题整改情况\n"
        "（一）关于农村饮水安全保障不到位的问题\n"
        "1．立行立改，对12处供水工程水质不达标问题逐一销号；\n"
        "2．2024年6月底前完成3座水厂消毒设备更新；\n3．长期坚持，建立水质季度检测制度。\n"
    )
    notice = parse_text(text)
    assert notice.totals()["measures"] == 3
    assert notice.totals()["items"] == 0


def test_a_news_items_target_is_the_inspected_unit_not_whom_the_feedback_went_to():
    text = (
        "省第四生态环境保护督察组向某某市反馈督察情况\n\n"
        "2024年10月18日，省第四生态环境保护督察组向某某市委、市政府反馈督察情况。\n\n"
        "2024年7月2日至8月2日，省第四生态环境保护督察组对某某市开展了第三轮省级生态环境保护督察。\n"
    )
    insp = parse_text(text).inspection
    assert insp.target == "某某市"
    assert insp.feedback_date is not None and insp.feedback_date.isoformat() == "2024-10-18"


def test_a_leaf_fangmian_part_of_a_feedback_document_is_a_problem():
    text = (
        "学院审计处关于后勤集团财务收支审计的意见\n\n审计发现以下问题：\n"
        "1. 收入管理方面：账外收入58.7万元。\n2. 资产管理方面：固定资产账实不符。\n"
    )
    totals = parse_text(text).totals()
    assert (totals["aspects"], totals["problems"]) == (0, 2)


def test_letter_labelled_items_under_problem_parts_are_findings():
    text = (
        "某某局关于巡察整改情况的通报\n"
        "一、关于制度执行不严的问题\n"
        "A．公务接待审批不规范。已修订《公务接待管理办法》。\n"
        "B．合同管理不严。已清理合同46份。\n"
        "二、关于工作作风不实的问题\n"
        "（a）调研走过场。已建立调研成果转化机制。\n"
    )
    notice = parse_text(text)
    t = notice.totals()
    assert (t["aspects"], t["problems"], t["items"]) == (0, 2, 3)
    first = notice.findings[0]
    assert [c.label for c in first.children] == ["A．", "B．"]
    assert first.children[1].measures[0].text == "已清理合同46份。"
    assert not [s for s in notice.sections if s.title and "关于" in s.title]
