"""The inspection page's finding tree as HTML built in Python, for readers.

Rendered node by node through `reports/_finding_node.html` the tree took most of the page's
time (some 80 % on a round of a city). Here each node and measure row is one `format_html`
of escaped values, with the same markup as the template; the template still renders the tree
for editors of a round small enough to show its measures inline (their rows carry forms).
"""

import datetime as dt

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectify.measures.enums import MeasureStatus
from rectify.measures.ledger_html import deadline_html, overdue_flag_html
from rectify.measures.templatetags.measure_ui import (
    light_badge,
    status_badge,
    status_counts,
)

_NODE = (
    '<details class="node node--{}{}" id="finding-{}" {}>'
    '<summary><span class="node__title"><span class="node__label">{}</span>{}</span>'
    '<span class="node__meta">{}{}</span></summary><div class="node__body">{}{}{}{}</div></details>'
)
_MARK = (
    '<li class="node__mark"><span class="badge badge--sm badge--{}">{}</span> {} '
    '<a href="{}">{}</a></li>'
)
_BADGE = '<span class="badge badge--sm badge--{}" title="{}">{}</span> '
_ROW = (
    '<li class="measure-row{}{}"><a class="measure-row__text" href="{}"><strong>{}</strong>{}</a>'
    '<span class="measure-row__meta"><span>{}</span><span>{}</span>{} {} {}</span></li>'
)


def _meta(node, ledger: str) -> SafeString:
    if node.withdrawn_at:
        return format_html(
            '<span class="badge badge--sm badge--withdrawn">⊘ {}</span>',
            _("Withdrawn from the plan"),
        )
    if not node.counts:
        return format_html('<span class="muted small">{}</span>', _("No measures"))
    total = node.counts.total
    parts = [
        format_html(
            '<span class="node__total">{}</span>',
            ngettext("%(n)s measure", "%(n)s measures", total) % {"n": total},
        ),
        status_counts(node.counts),
    ]
    if node.counts.overdue:
        href = f"{ledger}?inspection={node.inspection_id}&finding={node.pk}&overdue=on"
        parts.append(
            format_html(
                '<a class="flag-link" href="{}" data-overdue-link>{}</a>',
                href,
                overdue_flag_html(node.counts.overdue),
            )
        )
    if node.light:
        parts.append(light_badge(node.light, ""))
    return format_html_join(" ", "{}", ((p,) for p in parts))


def _marks(node) -> SafeString:
    """What later apps mark on the finding (`reports.marks`): a badge, its meaning, a link."""
    if not node.marks:
        return mark_safe("")  # nosec B308 B703: empty
    items = format_html_join(
        "",
        _MARK,
        ((m.css, m.label, m.text, m.url, m.link_text) for m in node.marks),
    )
    return format_html('<ul class="node__marks" role="list">{}</ul>', items)


def _mark_badges(node) -> SafeString:
    return format_html_join("", _BADGE, ((m.css, m.text, m.label) for m in node.marks or ()))


def _row(m, today: dt.date) -> SafeString:
    overdue = m.is_overdue(today)
    withdrawn = m.status == MeasureStatus.WITHDRAWN
    return format_html(
        _ROW,
        " is-overdue" if overdue else "",
        " is-withdrawn" if withdrawn else "",
        reverse("measures:detail", args=[m.pk]),
        m.label,
        Truncator(m.text).chars(90),
        m.lead_department.label if m.lead_department else _("No department"),
        deadline_html(m),
        status_badge(m.status, small=True),
        overdue_flag_html(0) if overdue else "",
        "" if withdrawn else light_badge(m.light, m.light_reason),
    )


def _body(node, today: dt.date, inline: bool, ledger: str, edit: bool) -> SafeString:
    if node.measure_list:
        rows = format_html_join("", "{}", ((_row(m, today),) for m in node.measure_list))
        return format_html('<ul class="measure-rows" role="list">{}</ul>', rows)
    if not inline and node.counts and not node.child_nodes:
        total = node.counts.total
        words = ngettext(
            "Show its %(n)s measure in the ledger", "Show its %(n)s measures in the ledger", total
        ) % {"n": total}
        href = f"{ledger}?inspection={node.inspection_id}&finding={node.pk}"
        return format_html(
            '<p><a class="button button--sm button--secondary" href="{}">{}</a></p>', href, words
        )
    if not node.child_nodes and node.counts:
        return format_html(
            '<p class="muted small">{}</p>',
            _("The measures of this finding are outside your department."),
        )
    if edit and node.kind != "aspect" and not node.child_nodes:
        return format_html('<p class="muted small">{}</p>', _("No measures yet."))
    return mark_safe("")  # nosec B308 B703: empty


def finding_tree_html(roots, *, today: dt.date, inline: bool, tools=None) -> SafeString:
    """The dressed tree (`_dress` in views.inspections) as the template would show it.

    `tools(node)`, for an editor, gives a node's tools (`reports/_tree_tools.html`); measure
    rows never carry tools here, so an editor's tree comes from here only when not inline.
    """
    ledger = reverse("measures:ledger")

    def node_html(node) -> SafeString:
        children = format_html_join("", "{}", ((node_html(c),) for c in node.child_nodes))
        return format_html(
            _NODE,
            node.kind,
            " is-withdrawn" if node.withdrawn_at else "",
            node.pk,
            "open" if node.depth < 2 else "",
            node.label,
            node.title,
            _mark_badges(node),
            _meta(node, ledger),
            _marks(node),
            tools(node) if tools else "",
            _body(node, today, inline, ledger, edit=tools is not None),
            children,
        )

    return format_html_join("", "{}", ((node_html(root),) for root in roots))
