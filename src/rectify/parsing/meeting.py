"""A feedback meeting as a news item tells it: who chaired, who attended, when it was held."""

from __future__ import annotations

import re
from typing import TypedDict

from rectify.lib.dates import find_dates
from rectify.lib.text import match_view

_CHAIR = re.compile(
    r"(?:^|[，,。；;])(?P<who>[^，,。；;]{2,40}?)(?:主持(?:召开)?(?:会议|反馈会议?)?)"
)
_ATTEND = re.compile(r"(?:^|[，,。；;])(?P<who>[^，,。；;]{2,60}?)(?:出席|参加|列席|到会指导|到会)")
_MEETING = re.compile(r"反馈会|反馈.{0,12}情况|民主生活会|动员会|见面会|推进会|会议")


class ParsedMeeting(TypedDict, total=False):
    """The meeting a news item reports (in the JSON as ``meeting`` when one is found)."""

    chair: str
    attendees: list[str]
    date: str  # ISO


def meeting(text: str, year: int | None) -> ParsedMeeting:
    """Chair, attendees and date of the first paragraphs of a news item."""
    view = match_view(text)
    found: ParsedMeeting = {}
    if not _MEETING.search(view):
        return found
    chair = _CHAIR.search(view)
    if chair:
        found["chair"] = text[chair.start("who") : chair.end("who")].strip()
    attendees = [
        text[m.start("who") : m.end("who")].strip()
        for m in _ATTEND.finditer(view)
        if not (chair and m.start("who") == chair.start("who"))
    ]
    if attendees:
        found["attendees"] = attendees
    dates = [d for d in find_dates(text.split("\n")[0], year=year) if d.date]
    if dates and found:
        found["date"] = dates[0].date.isoformat() if dates[0].date else ""
    return found
