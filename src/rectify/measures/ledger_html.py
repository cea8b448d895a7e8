"""The ledger's rows as HTML built in Python.

Fifty rows rendered through the template language were most of the ledger's time (and of its
throughput); here each row is one `format_html` of escaped values with the same markup as
`measures/_ledger_row.html`, which stays the reference (tests/measures/test_ledger_html.py
renders both and compares them).
"""

import datetime as dt

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectify.core import i18n

from .templatetags.measure_ui import light_badge, short_kind, status_badge

_ROW = (
    '<tr{}><td class="ledger__problem" data-label="{}"><span class="path">{}{}</span>'
    '<span class="clip" title="{}">{}</span></td>'
    '<td class="ledger__measure" data-label="{}"><a href="{}"><strong>{}</strong>{}</a></td>'
    '<td data-label="{}">{}</td><td data-label="{}"><span class="name">{}</span>{}</td>'
    '<td data-label="{}"><span class="name">{}</span>{}</td>'
    '<td class="nowrap" data-label="{}">{}{}</td><td data-label="{}">{}{} {}</td></tr>'
)


def deadline_html(m) -> SafeString:
    """A measure's deadline cell (measures/_deadline.html): the date, 长期, or a missing mark."""
    if m.deadline:
        day = m.deadline.isoformat()
        return format_html('<time datetime="{}">{}</time>', day, day)
    if m.kind == "long_term":
        return format_html("{}", short_kind(m.kind))
    return format_html('<span class="mark mark--missing">{}</span>', _("No deadline"))


def _extended(n: int) -> SafeString:
    if not n:
        return format_html("")
    words = ngettext("extended", "extended ×%(n)s", n) % {"n": n}
    return format_html(
        '<span class="mark mark--extended" title="{}">{}</span>', _("Deadline changed"), words
    )


def _co_units(m) -> SafeString:
    """“with A、B” after the lead department: co-departments, then units outside the tree."""
    inside, outside = list(m.co_departments.all()), list(m.co_outside_units.all())
    sep = i18n.listsep()
    parts = []
    if inside:
        names = format_html_join(sep, '<span class="name">{}</span>', ((u.label,) for u in inside))
        parts.append(format_html('<span class="muted small co"> {} {}</span>', _("with"), names))
    if outside:
        lead = format_html("{} ", _("with")) if not inside else format_html("{}", sep)
        names = format_html_join(sep, '<span class="name">{}</span>', ((u.label,) for u in outside))
        parts.append(format_html('<span class="muted small co"> {}{}</span>', lead, names))
    return format_html_join("", "{}", ((p,) for p in parts))


def _leader(m) -> SafeString:
    if not m.responsible_leader:
        return format_html("")
    return format_html(
        '<span class="muted small block">{}{}<span class="name">{}</span></span>',
        _("Leader"),
        i18n.colon(),
        m.responsible_leader,
    )


def overdue_flag_html(n: int) -> SafeString:
    """⚑ with the number overdue (includes/overdue_flag.html); n=0 says only “overdue”."""
    words = ngettext("%(counter)s overdue", "%(counter)s overdue", n) % {"counter": n}
    text = words if n else _("Overdue")
    return format_html(
        '<span class="flag flag--overdue"><span aria-hidden="true">⚑</span> {}</span>', text
    )


def _labels() -> dict:
    """The words every row repeats, translated once per page (not eight times a row)."""
    return {
        "problem": _("Problem"),
        "measure": _("Measure"),
        "kind": _("Kind"),
        "lead": _("Lead department"),
        "person": _("Responsible person"),
        "deadline": _("Deadline"),
        "status": _("Status"),
        "overdue": format_html(" {}", overdue_flag_html(0)),
        # /measures/<pk>/ with the key put in per row: one reverse() per page.
        "url": reverse("measures:detail", args=[0]).removesuffix("0/"),
    }


def _row(m, today: dt.date, words: dict) -> SafeString:
    overdue = m.is_overdue(today)
    finding = m.finding
    return format_html(
        _ROW,
        format_html(' class="is-overdue"') if overdue else "",
        words["problem"],
        finding.parent.label if finding.parent else "",
        finding.label,
        finding.title,
        Truncator(finding.title).chars(48),
        words["measure"],
        f"{words['url']}{m.pk}/",
        m.label,
        Truncator(m.text).chars(70),
        words["kind"],
        short_kind(m.kind),
        words["lead"],
        (m.lead_department.label if m.lead_department else "") or "—",
        _co_units(m),
        words["person"],
        m.responsible_person or "—",
        _leader(m),
        words["deadline"],
        deadline_html(m),
        _extended(getattr(m, "extension_count", 0)),
        words["status"],
        status_badge(m.status, small=True),
        words["overdue"] if overdue else "",
        light_badge(m.light, m.light_reason),
    )


def ledger_rows_html(measures, *, today: dt.date) -> SafeString:
    words = _labels()
    return format_html_join("", "{}", ((_row(m, today, words),) for m in measures))
