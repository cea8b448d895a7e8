"""Word documents of supervision in the house style of the notice (GB/T 9704): the 督办单
and the discipline office's reminder letter or interview notice."""

from __future__ import annotations

from rectify.supervision.models import DisciplineRecord, SupervisionNotice

from .blocks import Block, Run
from .docx import render_docx

COLOUR_WORDS = {"blue": "蓝色", "yellow": "黄色", "red": "红色"}
STEP_TITLES = {
    "reminder": "提醒谈话通知书",
    "interview": "约谈通知书",
    "referral": "问题线索移送函",
}


def _p(text: str, style: str = "body") -> Block:
    return Block(style, [Run(text)])


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


def supervision_notice_docx(notice: SupervisionNotice) -> bytes:
    measure = notice.measure
    inspection = measure.finding.inspection
    colour = COLOUR_WORDS.get(notice.colour, "")
    owner = measure.responsible_person or measure.lead_department or "责任单位"
    blocks = [
        _p(f"{colour}督办单", "title"),
        _p(notice.number, "date"),
        _p(f"{owner}："),
        _p(
            f"根据{inspection.title}整改工作安排，你单位承担的整改措施“{measure.text}”"
            f"完成时限为{_date(measure.deadline)}，现予{colour}督办。"
        ),
        _p(f"请于{_date(notice.reply_due)}前书面报告整改进展，并附佐证材料。"),
        _p(inspection.inspected_unit.name, "signature"),
        _p(_date(notice.issued_on), "date"),
    ]
    return render_docx(blocks, title=f"{colour}督办单 {notice.number}")


def discipline_record_docx(record: DisciplineRecord) -> bytes:
    title = STEP_TITLES.get(record.step, "谈话通知书")
    blocks = [
        _p(title, "title"),
        _p(f"{record.whom}："),
        _p(f"事由：{record.reason}"),
    ]
    measures = list(record.measures.all())
    if measures:
        items = "；".join(m.text for m in measures)
        blocks.append(_p(f"涉及整改措施：{items}"))
    if record.step == "referral" and record.referred_to:
        blocks.append(_p(f"现将有关问题线索移送{record.referred_to}依规依纪处理。"))
    else:
        blocks.append(_p(f"请于{_date(record.held_on)}按时参加谈话，如实说明有关情况。"))
    if record.follow_up_on:
        blocks.append(_p(f"整改情况跟踪日期：{_date(record.follow_up_on)}。"))
    blocks += [_p(record.unit.name, "signature"), _p(_date(record.held_on), "date")]
    return render_docx(blocks, title=title)
