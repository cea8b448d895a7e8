"""Template helpers for measures: status badges (symbol + text), counts, kind labels."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from rectify.core import i18n
from rectify.measures.enums import Light, LightReason, MeasureKind, MeasureStatus

register = template.Library()

# A symbol next to the text, so status never depends on colour alone.
STATUS_ICONS = {
    MeasureStatus.NOT_STARTED: "○",
    MeasureStatus.IN_PROGRESS: "◐",
    MeasureStatus.SIGNOFF_REQUESTED: "◎",
    MeasureStatus.SIGNED_OFF: "✓",
    MeasureStatus.RETURNED: "↺",
    MeasureStatus.LONG_TERM: "∞",
    MeasureStatus.WITHDRAWN: "⊘",
}


# Badges and lights are built in Python (the markup of includes/status_badge.html and
# includes/light.html): the tree, the ledger and my work show hundreds of them, and an
# inclusion tag renders a template for each.
@register.simple_tag
def status_badge(status, small=False):
    try:
        member = MeasureStatus(status)
        value, label, icon = member.value, member.label, STATUS_ICONS[member]
    except ValueError:
        value, label, icon = status, status, ""
    size = " badge--sm" if small else ""
    return format_html(
        '<span class="badge badge--{}{}"><span aria-hidden="true">{}</span> {}</span>',
        value,
        size,
        icon,
        label,
    )


COUNT_HTML = (
    '<span class="count count--{}" title="{}"><span aria-hidden="true">{}</span> {} {}</span>'
)


@register.simple_tag
def status_counts(counts):
    """Non-zero counts by status of a `reports.selectors.NodeCounts`, in workflow order
    (built in Python: every node of the finding tree shows them)."""
    if counts is None:
        return ""
    items = [
        (m.value, m.label, STATUS_ICONS[m], m.label, counts.by_status[m.value])
        for m in MeasureStatus
        if counts.by_status.get(m.value, 0)
    ]
    if not items:
        return ""
    return format_html('<span class="counts">{}</span>', format_html_join("", COUNT_HTML, items))


@register.filter
def kind_label(kind):
    try:
        return MeasureKind(kind).label
    except ValueError:
        return kind


@register.filter
def short_kind(kind):
    """立行立改 / 限期整改 / 长期坚持 — the short Chinese-style label."""
    return {
        MeasureKind.IMMEDIATE: _("Immediate"),
        MeasureKind.TIME_BOUND: _("Time-bound"),
        MeasureKind.LONG_TERM: _("Long-term"),
    }.get(kind, kind)


@register.filter
def status_label(status):
    try:
        return MeasureStatus(status).label
    except ValueError:
        return status


@register.filter
def percent(part, whole):
    try:
        whole = float(whole)
        return 0 if not whole else max(0, min(100, round(100 * float(part) / whole)))
    except (TypeError, ValueError):
        return 0


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def overdue_on(measure, today):
    """{% if m|overdue_on:today %}: past its deadline and still open."""
    return measure.is_overdue(today)


@register.simple_tag
def light_badge(light, reason):
    """预警灯 with its reason, for the tree, the ledger, my work and the measure page."""
    if not light:
        return ""
    label = Light(light).label if light in Light.values else ""
    why = LightReason(reason).label if reason in LightReason.values else ""
    return format_html(
        '<span class="light light--{}" title="{}"><span aria-hidden="true">●</span> {}'
        '<span class="visually-hidden">{}{}</span></span>',
        light,
        why,
        label,
        i18n.colon(),
        why,
    )


@register.filter
def field_label(name: str) -> str:
    """A measure field's label (“完成时限”), for readable diffs of the plan's versions."""
    from rectify.measures.models import Measure  # noqa: PLC0415  (models load after templatetags)

    try:
        return str(Measure._meta.get_field(name).verbose_name)
    except Exception:
        return name
