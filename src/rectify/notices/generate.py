"""Generate the progress notice (通报) of an inspection as txt, html or docx."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectify.inspections.models import Inspection

from .blocks import notice_blocks
from .content import Notice, notice_for
from .docx import render_docx
from .privacy import masker
from .render import render_html, render_txt

FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class RenderedNotice:
    content: bytes
    content_type: str
    filename: str
    notice: Notice


def render_notice(notice: Notice, fmt: str, *, public: bool = False) -> tuple[bytes, list]:
    """Bytes of ``notice`` in ``fmt``; ``public`` masks personal data (not the contact block)."""

    keep = {notice.contact_phone} if notice.contact_phone else set()
    mask = masker(keep=keep) if public else None
    blocks = notice_blocks(notice, mask=mask)
    if fmt == "txt":
        return render_txt(blocks).encode("utf-8"), blocks
    if fmt == "html":
        return render_html(blocks, title=notice.title).encode("utf-8"), blocks
    if fmt == "docx":
        return render_docx(blocks, title=notice.title, author=notice.issuer), blocks
    raise ValueError(f"unknown format {fmt!r}")


def notice_generate(
    *,
    inspection: Inspection,
    fmt: str,
    public: bool = False,
    renumber: bool = False,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> RenderedNotice:
    """The notice of ``inspection`` from the ledger as of ``as_of`` (default today), rendered;
    the caller checked access."""
    notice = notice_for(inspection=inspection, today=today, renumber=renumber, as_of=as_of)
    content, _blocks = render_notice(notice, fmt, public=public)
    date = notice.date.strftime("%Y%m%d") if notice.date else ""
    suffix = "-公开版" if public else ""
    filename = f"整改进展情况通报-{inspection.pk}-{date}{suffix}.{fmt}"
    return RenderedNotice(content, FORMATS[fmt], filename, notice)
