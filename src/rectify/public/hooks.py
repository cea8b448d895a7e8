"""What the public site adds to the notices app: the count of the public's opinions in the
notice's summary ("收到群众意见建议…条，已办结…条")."""

import datetime as dt

from rectify.inspections.models import Inspection
from rectify.notices.content import SUMMARY_FIGURES

from .selectors import opinion_counts


def opinion_figures(inspection: Inspection, today: dt.date) -> str:
    received, closed = opinion_counts(inspection=inspection)
    if not received:
        return ""
    return f"收到群众意见建议{received}条，已办结{closed}条。"


def register() -> None:
    if opinion_figures not in SUMMARY_FIGURES:
        SUMMARY_FIGURES.append(opinion_figures)
