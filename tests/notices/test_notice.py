"""The generated notice: numbers from the ledger, latest progress, GB/T 9704 .docx, safe HTML."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure
from rectify.notices.docx import LINE_PITCH, title_lines
from rectify.notices.generate import notice_generate
from tests.report_helpers import report_on


def text_of(inspection, **kwargs) -> str:
    return notice_generate(inspection=inspection, fmt="txt", **kwargs).content.decode()


def test_summary_line_comes_from_the_ledger(imported):
    inspection = imported.inspection
    # Issue 9: the problems counted as the inspection page counts them (it said 27, not 14).
    assert "巡察反馈问题14个、整改措施82项、已完成0项。" in text_of(inspection)
    Measure.objects.filter(pk__in=Measure.objects.values("pk")[:5]).update(
        status=MeasureStatus.SIGNED_OFF
    )
    assert "整改措施82项、已完成5项。" in text_of(inspection)


def test_internal_progress_is_never_printed_in_place_of_the_measure(imported, cast):
    """Issue 9: the notice printed the latest internal progress note instead of the measure."""
    measure = Measure.objects.get(text__startswith="协调采购方重新增设4个垃圾分类投放点")
    report_on(measure, cast.office, text="已增设6个垃圾分类投放点并移交物业")
    text = text_of(imported.inspection)
    assert "已增设6个垃圾分类投放点并移交物业" not in text
    assert "三是协调采购方重新增设4个垃圾分类投放点" in text


def test_preamble_sections_contacts_issuer_and_date(imported):
    text = text_of(imported.inspection)
    lines = [line for line in text.split("\n") if line]
    assert lines[0] == "中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报"
    assert lines[1].startswith("根据区委统一部署，2022年7月26日")
    assert "一、提高政治站位，强化整改责任，深入推进巡察整改工作" in lines
    assert "二、强化政治担当，突出问题导向，逐项落实巡察整改措施" in lines
    assert "三、加强整治引领，保持整改力度，巩固深化巡察整改成效" in lines
    assert "联系方式：电话020-89998901；邮政信箱广州市海珠区宝岗路1号" in text
    assert lines[-2:] == ["中共广州市海珠区海幢街道工作委员会", "2023年10月19日"]


def test_edited_general_sections_are_used(imported):
    section = imported.inspection.sections.get(placement="after", label="（一）")
    section.text = "继续压实责任。"
    section.save()
    assert "（一）继续抓好责任落实。继续压实责任。" in text_of(imported.inspection)


def test_public_version_masks_personal_data_but_keeps_the_office_phone(imported, cast):
    measure = Measure.objects.get(text__startswith="协调采购方重新增设4个垃圾分类投放点")
    # The measure's own text (progress notes are never printed; issue 9).
    measure.text = "约谈业主张三(手机13912345678,身份证11010519491231002X)"
    measure.save()
    public = text_of(imported.inspection, public=True)
    assert "13912345678" not in public and "139****5678" in public
    assert "11010519491231002X" not in public and "110105********002X" in public
    assert "业主张某" in public
    assert "电话020-89998901" in public
    internal = text_of(imported.inspection)
    assert "13912345678" in internal


def test_html_is_standalone_and_escaped(imported, cast):
    measure = Measure.objects.first()
    measure.text = '<script>alert("x")</script> & 完成'
    measure.save()
    html = notice_generate(inspection=imported.inspection, fmt="html").content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp; 完成" in html
    assert "http" not in html.replace("http-equiv", "")  # no external assets
    assert "<link" not in html and "src=" not in html
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html


def test_docx_follows_gb_t_9704(imported):
    content = notice_generate(inspection=imported.inspection, fmt="docx").content
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]

    def mm(*lengths):
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)  # A4
    assert mm(section.top_margin, section.bottom_margin) == (37, 35)
    assert mm(section.left_margin, section.right_margin) == (28, 26)
    normal = doc.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    lines = (297 - 37 - 35) / 25.4 * 72 / normal.paragraph_format.line_spacing.pt
    assert 28 <= int(lines) <= 30
    assert normal.paragraph_format.line_spacing == LINE_PITCH
    title = doc.paragraphs[0]
    assert title.style.name == "Notice Title"
    assert title.style.font.size == Pt(22)
    title_fonts = title.style.element.rPr.find(qn("w:rFonts"))
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER or (
        title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    h1 = doc.styles["Notice Heading 1"].element.rPr.find(qn("w:rFonts"))
    h2 = doc.styles["Notice Heading 3"].element.rPr.find(qn("w:rFonts"))
    assert (h1.get(qn("w:eastAsia")), h2.get(qn("w:eastAsia"))) == ("黑体", "楷体_GB2312")
    assert doc.settings.odd_and_even_pages_header_footer
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and "— " in footer.text and " —" in footer.text
        run_fonts = footer.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert run_fonts.get(qn("w:eastAsia")) == "宋体"
        assert footer.runs[0].font.size == Pt(14)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "三是对2019年至2022年期间12345投诉工单涉及历史违建进行重点整治" in body


def test_long_titles_break_before_guanyu():
    title = "中共广州市海珠区海幢街道工作委员会关于巡察整改进展情况的通报"
    assert title_lines(title) == [
        "中共广州市海珠区海幢街道工作委员会",
        "关于巡察整改进展情况的通报",
    ]
    assert title_lines("关于整改的通报") == ["关于整改的通报"]


def test_the_summary_is_dated_the_day_the_ledger_was_counted(imported):
    """Issue 9: it said 截至2023年10月19日 (the notice date) while counting today's ledger."""
    import datetime as dt

    from rectify.notices.content import notice_for

    notice = notice_for(inspection=imported.inspection, today=dt.date(2024, 3, 1))
    assert notice.summary.startswith("截至2024年3月1日，")
