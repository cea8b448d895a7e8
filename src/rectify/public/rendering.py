"""The public version of a round's notice, as stored on a publication: the masked notice the
notices app generates, rendered as an HTML fragment with a stable anchor per problem (P<id>)
and measure (M<id>), its plain text for the checks, and the list of references."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from rectify.inspections.models import Inspection
from rectify.notices.blocks import Block
from rectify.notices.content import notice_for
from rectify.notices.generate import render_notice
from rectify.notices.render import render_txt

_TAGS = {"title": "h1", "h1": "h2", "h2": "h3", "h3": "h4"}
_RUN_CLASSES = {"h2": "runin", "lead": "lead"}


@dataclass
class PublicVersion:
    title: str
    html: str
    text: str
    references: list[dict]
    progress: dict


def _runs_html(block: Block) -> str:
    out = []
    for run in block.runs:
        css = _RUN_CLASSES.get(run.role)
        attrs = (f' class="{css}"' if css else "") + (f' id="{run.anchor}"' if run.anchor else "")
        text = escape(run.text)
        out.append(f"<span{attrs}>{text}</span>" if attrs else text)
    return "".join(out)


def body_html(blocks: list[Block]) -> str:
    """The notice's paragraphs, escaped; the title is the page's own heading, not repeated."""
    out = []
    for block in blocks:
        if not block.text or block.style == "title":
            continue
        tag = _TAGS.get(block.style, "p")
        css = f' class="notice-{block.style}"' if block.style in {"signature", "date"} else ""
        anchor = f' id="{block.anchor}"' if block.anchor else ""
        out.append(f"<{tag}{css}{anchor}>{_runs_html(block)}</{tag}>")
    return "\n".join(out)


def _references(blocks: list[Block]) -> list[dict]:
    refs = []
    for block in blocks:
        if block.anchor:
            lead = block.runs[0].text if block.runs else ""
            refs.append({"code": block.anchor, "kind": "problem", "text": lead[:80]})
        for run in block.runs:
            if run.anchor:
                refs.append({"code": run.anchor, "kind": "measure", "text": run.text[:80]})
    return refs


def public_version(*, inspection: Inspection, today: dt.date) -> PublicVersion:
    """The masked public notice of ``inspection`` from the ledger, as of ``today``."""
    notice = notice_for(inspection=inspection, today=today)
    _content, blocks = render_notice(notice, "txt", public=True)
    measures = notice.stats["measures"]
    progress = {
        "total": measures["total"],
        "done": measures["done"],
        "done_rate": measures["done_rate"],
        "by_status": measures["by_status"],
        "problems": notice.stats["problems"],
    }
    return PublicVersion(
        title=notice.title,
        html=body_html(blocks),
        text=render_txt(blocks),
        references=_references(blocks),
        progress=progress,
    )
