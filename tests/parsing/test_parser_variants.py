"""Variants of the seed (encodings, widths, .docx, .html) and other notices in official style."""

import html
from pathlib import Path

import docx

from rectify.lib.text import normalize_for_compare, to_fullwidth_punct
from rectify.parsing import parse_bytes, parse_file

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
SEED_TOTALS = {"aspects": 3, "problems": 14, "findings_with_measures": 27, "measures": 82}


def _core(totals: dict) -> dict:
    return {k: totals[k] for k in SEED_TOTALS}


def _leads(notice) -> list[str]:
    return [normalize_for_compare(f.lead) for f in notice.all_findings() if f.measures]


SEED_LEADS = _leads(parse_file(FIXTURES / "seed.txt"))


# ------------------------------------------------------------------ seed variants
def test_seed_gbk_bytes():
    notice = parse_bytes(SEED_TEXT.encode("gb18030"), "notice.txt")
    assert _core(notice.totals()) == SEED_TOTALS
    assert notice.title.endswith("关于巡察整改进展情况的通报")
    assert notice.contacts["phone"] == "020-89998901"


def test_seed_utf8_bom():
    notice = parse_bytes(b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"), "notice.txt")
    assert _core(notice.totals()) == SEED_TOTALS
    assert not notice.title.startswith("\ufeff")


def test_seed_utf16_bom():
    notice = parse_bytes(SEED_TEXT.encode("utf-16"), "notice.txt")
    assert _core(notice.totals()) == SEED_TOTALS


def test_seed_full_width_punctuation():
    text = to_fullwidth_punct(SEED_TEXT.replace("1.", "1．").replace("2.", "2．"))
    assert "（一）" in text and "，" in text and "1．" in text
    notice = parse_bytes(text.encode("utf-8"), "full.txt")
    assert _core(notice.totals()) == SEED_TOTALS
    assert _leads(notice) == SEED_LEADS
    first = notice.findings[0].children[0].children[0]
    assert first.label == "1." and first.label_raw == "1．"
    assert notice.findings[0].children[0].label_raw == "（一）"
    assert [w.code for w in notice.warnings] == ["numbering_gap"]
    assert notice.contacts["email"] == "haizhuangjiedzb@163.com"


def test_seed_docx_paragraphs(tmp_path):
    document = docx.Document()
    for line in SEED_TEXT.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "seed.docx"
    document.save(path)
    notice = parse_file(path)
    assert _core(notice.totals()) == SEED_TOTALS
    assert _leads(notice) == SEED_LEADS
    assert notice.inspection.team == "海珠区委第一巡察组"
    assert len(notice.institutions) == 19


def test_docx_auto_numbering_is_rebuilt(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于巡察反馈问题整改情况的报告")
    document.add_paragraph("一、整改落实情况")
    document.add_paragraph("（一）针对制度执行不严的问题")
    for text in (
        "针对会议记录不规范的问题。一是修订会议制度；二是开展培训。",
        "针对档案管理混乱的问题。一是整理档案120卷；二是建立台账。",
    ):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    notice = parse_file(path)
    problem = notice.findings[0]
    assert problem.title == "针对制度执行不严的问题"
    assert [c.label for c in problem.children] == ["1.", "2."]
    assert notice.totals()["measures"] == 4


ROWS = [
    ("一、党的建设方面", None, None, None, None),
    (
        "1",
        "“三会一课”制度落实不到位，部分支部会议记录缺失。",
        "一是开展专项检查；\n二是对3个支部书记进行约谈；\n三是建立季度通报制度。",
        "党建办",
        "2023年12月底前",
    ),
    (
        "2",
        "发展党员程序不规范。",
        "1.对2019年以来党员档案逐一核查\n2.补正档案材料",
        "组织办",
        "2023年9月",
    ),
    ("二、财务管理方面", None, None, None, None),
    (
        "3",
        "公务接待审批手续不全。",
        "修订《公务接待管理办法》，严格执行审批。",
        "财务科",
        "长期坚持",
    ),
]


def _table_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("中共某某街道工作委员会关于巡察反馈问题整改清单")
    document.add_paragraph(
        "根据区委统一部署，区委第二巡察组对某某街道党工委开展了巡察，现将整改清单公布如下。"
    )
    table = document.add_table(rows=1, cols=5)
    for cell, head in zip(
        table.rows[0].cells, ["序号", "存在问题", "整改措施", "责任单位", "完成时限"], strict=True
    ):
        cell.text = head
    for row in ROWS:
        cells = table.add_row().cells
        if row[1] is None:
            merged = cells[0].merge(cells[4])
            merged.text = row[0]
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.save(path)


def test_docx_table_rectification_list(tmp_path):
    path = tmp_path / "list.docx"
    _table_docx(path)
    notice = parse_file(path)
    assert notice.totals()["aspects"] == 2
    assert notice.totals()["problems"] == 3
    assert notice.totals()["measures"] == 3 + 2 + 1
    first = notice.findings[0].children[0]
    assert notice.findings[0].title == "一、党的建设方面"
    assert first.label == "1."
    assert first.title == "“三会一课”制度落实不到位，部分支部会议记录缺失"
    assert [m.label for m in first.measures] == ["一是", "二是", "三是"]
    assert first.measures[1].text == "对3个支部书记进行约谈"
    assert first.owner == "党建办"
    assert first.deadline == "2023年12月底前"
    second = notice.findings[0].children[1]
    assert [m.text for m in second.measures] == ["对2019年以来党员档案逐一核查", "补正档案材料"]
    deadlines = {d["text"]: d["date"] for d in notice.deadlines}
    assert deadlines["2023年12月底前"] == "2023-12-31"
    assert deadlines["2023年9月"] == "2023-09-30"
    assert deadlines["长期坚持"] is None
    assert notice.institutions[0]["title"] == "公务接待管理办法"
    assert notice.institutions[0]["action"] == "修订"


def test_seed_html_with_chrome():
    body_lines = [line.strip() for line in SEED_TEXT.splitlines()[8:] if line.strip()]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body_lines)
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>通报_海珠区</title>
<style>p {{ margin: 0 }}</style><script>var share = "分享到";</script></head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/xw">新闻</a></div>
<div class="breadcrumb">所在位置:首页 &gt; 巡视巡察 &gt; 巡察整改情况</div>
<h1>中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报</h1>
<ul class="info"><li>来源: 中共广州市海珠区海幢街道工作委员会</li><li>2023-10-19 18:00</li>
<li>【字号:大 中 小】</li><li class="bdshare">分享到 微信 微博</li></ul>
<div class="article-content">{paragraphs}</div>
<div class="share-box">分享到：</div>
<footer>版权所有：广州市海珠区人民政府 粤ICP备00000000号</footer></body></html>"""
    notice = parse_bytes(page.encode("utf-8"), "notice.html")
    assert notice.title == "中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报"
    assert _core(notice.totals()) == SEED_TOTALS
    assert notice.issuer == "中共广州市海珠区海幢街道工作委员会"
    assert notice.date.isoformat() == "2023-10-19"
    text = str(notice.to_dict())
    for chrome in ("所在位置", "分享到", "字号", "版权所有", "var share", "首页"):
        assert chrome not in text


def test_html_gbk_meta_charset():
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "</head><body>"
        + "".join(f"<p>{html.escape(x)}</p>" for x in SEED_TEXT.splitlines() if x.strip())
        + "</body></html>"
    )
    notice = parse_bytes(page.encode("gb18030"), "page.htm")
    assert _core(notice.totals()) == SEED_TOTALS


# ------------------------------------------------------------------ other documents
def test_xunshi_feedback():
    notice = parse_file(FIXTURES / "xunshi_feedback.txt")
    assert notice.doc_kind == "feedback"
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["items"]) == (4, 7, 10)
    assert totals["measures"] == 0
    assert [a.label for a in notice.findings] == ["一、", "二、", "三、", "四、"]
    assert notice.findings[0].title == "贯彻落实党中央决策部署和省委工作要求方面"
    item = notice.findings[1].children[0].children[0]
    assert item.title == "管党治党宽松软问题仍然存在"
    assert [p.label for p in item.points] == ["一是", "二是", "三是"]
    assert notice.findings[0].children[0].children[1].body.startswith("政府隐性债务化解进度滞后")
    assert not [w for w in notice.warnings if w.code == "no_measures"]
    assert any(s["label"] == "五、" for s in notice.to_dict()["sections"])
    insp = notice.inspection
    assert (insp.team, insp.target, insp.kind) == ("省委第二巡视组", "中共清河市委员会", "xunshi")
    assert insp.feedback_date.isoformat() == "2023-07-12"
    assert {f["text"] for f in notice.figures} >= {"1.2%", "70%", "23起", "28人"}


def test_county_notice_without_aspects():
    notice = parse_file(FIXTURES / "county_xuncha_no_aspect.txt")
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["items"]) == (0, 3, 9)
    assert (totals["findings_with_measures"], totals["measures"]) == (7, 14)
    first = notice.findings[0]
    assert first.label == "（一）" and first.title == "关于落实教育优先发展战略不到位的问题"
    sub = first.children[0].children[0]
    assert sub.path == ["（一）", "1.", "（1）"]
    circled = notice.findings[1].children[0].children
    assert [c.label for c in circled] == ["①", "②"]
    assert circled[1].measures[0].label is None
    assert circled[1].measures[0].text.startswith("已于2023年10月将校舍维修资金420万元")
    assert notice.deadlines[0]["date"] == "2024-08-31"
    assert notice.deadlines[0]["finding_path"] == ["（一）", "1.", "（1）"]
    assert notice.contacts == {
        "phone": "0731-5512345",
        "address": "青山县人民路88号县教育局办公室",
        "postcode": "411100",
        "email": "qsxjyj@163.com",
    }
    assert notice.inspection.feedback_date.isoformat() == "2023-08-02"
    assert notice.inspection.target == "县教育局党组"


def test_audit_report_with_wenti_headings():
    notice = parse_file(FIXTURES / "audit_rectification.txt")
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["measures"]) == (3, 5, 10)
    problems = [p for a in notice.findings for p in a.children]
    assert [p.label for p in problems] == ["问题1", "问题2", "问题3", "问题4", "问题5"]
    assert problems[0].title == "部分项目预算编制不够细化，年初预算到位率偏低"
    assert problems[1].measures[0].text == "已于2023年9月将结余资金238.6万元上缴区财政。"
    assert not [w for w in notice.warnings if w.code == "numbering_gap"]
    assert {d["date"] for d in notice.deadlines} == {"2023-12-31", "2024-03-31"}
    assert notice.inspection.kind == "audit"
    assert notice.inspection.team == "区审计局"
    assert notice.inspection.end.isoformat() == "2023-05-31"
    assert any(f["text"] == "86.5%" and f["value"] == 86.5 for f in notice.figures)


def test_environmental_inspection():
    notice = parse_file(FIXTURES / "environmental_inspection.txt")
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["measures"]) == (3, 5, 12)
    figs = {f["text"]: f for f in notice.figures}
    assert figs["90.5%"]["unit"] == "%" and figs["90.5%"]["finding_path"] is None
    assert "整改完成率" in figs["90.5%"]["context"]
    assert figs["1.2亿元"]["unit"] == "亿元"
    assert figs["3万吨"]["value"] == 3 and figs["3万吨"]["unit"] == "万吨"
    assert figs["2.3万平方米"]["unit"] == "万平方米"
    assert figs["286万元"]["finding_path"] == ["（一）", "1."]
    assert notice.inspection.kind == "environmental"
    assert notice.inspection.team == "中央第四生态环境保护督察组"
    assert notice.inspection.feedback_date.isoformat() == "2022-01-06"
    assert [d["date"] for d in notice.deadlines] == ["2023-12-31", "2024-06-30"]
    assert ("截至2023年9月底" in SEED_TEXT) is False
    assert any(d["text"] == "2023年9月底" and d["date"] == "2023-09-30" for d in notice.dates)


def test_school_notice_with_chinese_numeral_dates():
    notice = parse_file(FIXTURES / "school_cn_dates.txt")
    assert notice.title == "中共江城市第一中学委员会关于市委第五巡察组巡察反馈意见整改情况的通报"
    assert notice.date.isoformat() == "2023-12-26"
    assert notice.issuer == "中共江城市第一中学委员会"
    insp = notice.inspection
    assert (insp.start.isoformat(), insp.end.isoformat()) == ("2023-03-13", "2023-05-12")
    assert insp.feedback_date.isoformat() == "2023-06-20"
    totals = notice.totals()
    assert (totals["problems"], totals["items"], totals["measures"]) == (2, 4, 9)
    assert notice.deadlines[0]["text"] == "二○二三年十二月底前"
    assert notice.deadlines[0]["date"] == "2023-12-31"


def test_numbering_with_dun_and_paren():
    notice = parse_file(FIXTURES / "numbering_dun_paren.txt")
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["items"], totals["measures"]) == (
        0,
        3,
        5,
        11,
    )
    assert [p.label_raw for p in notice.findings] == ["1、", "2、", "3、"]
    assert [p.label for p in notice.findings] == ["1.", "2.", "3."]
    assert notice.findings[1].children[1].path == ["2.", "（2）"]
    assert notice.findings[1].children[1].measures[2].text.startswith("对1名程序不规范")
    assert any(f["text"] == "3200亩" for f in notice.figures)


def test_pdf_copy_with_mixed_width_and_wrapped_lines():
    notice = parse_file(FIXTURES / "pdf_copied_mixed_width.txt")
    totals = notice.totals()
    assert (totals["problems"], totals["items"], totals["measures"]) == (2, 4, 8)
    item = notice.findings[0].children[0]
    assert item.lead == "针对校园周边食品经营监管存在盲区的问题。"
    assert (
        item.measures[0].text == "开展校园周边食品安全专项检查，检查经营主体326家次，立案查处12宗"
    )
    assert notice.findings[1].label_raw == "(二)"
    last = notice.findings[1].children[1]
    assert last.measures[0].text.endswith("6家气瓶充装单位专项检查，责令整改问题17个。")
    figs = {f["text"]: f["value"] for f in notice.figures}
    assert figs["1,280家"] == 1280
    assert notice.inspection.start.isoformat() == "2023-04-03"
    assert "- 2 -" not in str(notice.to_dict())


def test_no_structure_is_a_warning():
    notice = parse_file(FIXTURES / "no_structure.txt")
    assert notice.totals()["problems"] == 0
    warning = notice.warnings[0]
    assert warning.code == "no_tree"
    assert "手工录入" in warning.message and "entered by hand" in warning.message_en


def test_document_without_parts_and_with_unnumbered_paragraphs():
    text = """关于整改情况的说明

针对会议纪要不规范的问题，一是修订会议制度；二是开展培训。

针对档案管理混乱的问题，一是整理档案120卷；二是建立台账；三是明确专人管理。
"""
    notice = parse_bytes(text.encode("utf-8"), "x.txt")
    assert notice.totals()["problems"] == 2
    assert notice.totals()["measures"] == 5
    assert all(not f.numbered for f in notice.findings)


def test_big5_traditional_text():
    text = """關於巡察反饋問題整改情況的通報

（一）關於黨建工作方面

1.針對會議記錄不規範的問題。一是修訂會議制度；二是開展培訓。

2.針對檔案管理混亂的問題。一是整理檔案120卷；二是建立台賬。

（二）關於財務管理方面

1.針對報銷審核不嚴的問題。已於2023年9月完成整改。
"""
    notice = parse_bytes(text.encode("big5"), "big5.txt")
    totals = notice.totals()
    assert (totals["aspects"], totals["problems"], totals["measures"]) == (2, 3, 5)
    assert notice.findings[0].title == "關於黨建工作方面"
