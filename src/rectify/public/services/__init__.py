"""Writes of the public site, by task: publishing a round's notice, the public's opinions."""

from .opinions import (
    opinion_close,
    opinion_finding_open,
    opinion_forward,
    opinion_link,
    opinion_submit,
)
from .publishing import (
    publication_approve,
    publication_check,
    publication_draft,
    publication_publish,
    publication_withdraw,
)

__all__ = [
    "opinion_close",
    "opinion_finding_open",
    "opinion_forward",
    "opinion_link",
    "opinion_submit",
    "publication_approve",
    "publication_check",
    "publication_draft",
    "publication_publish",
    "publication_withdraw",
]
