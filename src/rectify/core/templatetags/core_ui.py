"""Layout helpers used by every page (no business knowledge here)."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from rectify.core import i18n

register = template.Library()


@register.simple_tag
def page_numbers(page, on_each_side=2, on_ends=1):
    """Page numbers around the current page, with "…" for the gaps."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.filter
def filesize_cn(size):
    """1536 → "1.5 KB": short, unambiguous sizes for evidence files."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


@register.simple_tag
def colon():
    """“：” after a label in Chinese, “: ” in English (`{% translate "Finding" %}{% colon %}`)."""
    return i18n.colon()


@register.simple_tag
def semicolon():
    """“；” between items in Chinese, “; ” in English."""
    return i18n.semicolon()


@register.simple_tag
def listsep():
    """Between names in a list: “、” in Chinese, “, ” in English."""
    return i18n.listsep()


@register.simple_tag
def paren(text):
    """An aside in brackets: “（万元）” in Chinese, “ (万元)” in English."""
    return format_html("（{}）", text) if i18n.colon() == "：" else format_html(" ({})", text)


@register.simple_tag
def site_title():
    """The configured site name (auth views put their own `site_name` in the context)."""

    return settings.RECTIFY_SITE_NAME


FILE_KINDS = {
    "pdf": "pdf",
    "ofd": "pdf",
    "jpg": "img",
    "jpeg": "img",
    "png": "img",
    "gif": "img",
    "webp": "img",
    "doc": "doc",
    "docx": "doc",
    "xls": "xls",
    "xlsx": "xls",
}


@register.inclusion_tag("includes/file_ext.html")
def file_ext(name):
    """A small coloured label with the file's extension (PDF, DOCX…)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    return {"ext": ext.upper()[:4] or "FILE", "kind": FILE_KINDS.get(ext, "other")}
