"""The repairable tree's rows as HTML, built in Python: one format per row, words translated once.

A tree of 300 nodes has some 12 000 template nodes when each row is a template; rendering
them took most of a repair's answer (0.7 s of 0.8). Here each row is one format of escaped
values (`imports/_repair.html` shows them), so a repair answers in a fraction of the time.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_ROW = (
    '<li class="repair-node repair-node--{kind} repair-node--depth-{depth}{focus_class}" '
    'data-path="{path}">'
    '<form method="post" action="{url}" hx-post="{url}" class="repair-node__form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="path" value="{path}">'
    '<input type="hidden" name="at" value="" data-split-at>'
    '<span class="tag repair-node__kind" data-kind="{kind}">{kind_label}</span> '
    '<span class="repair-node__label">{label}</span> '
    '<label class="visually-hidden" for="rt-{path}">{t_title}</label>'
    '<input id="rt-{path}" class="repair-node__title" value="{title}" readonly '
    "data-split-source{focus_attr}> "
    "{measures}"
    '<span class="repair-node__tools">'
    '<button type="submit" name="op" value="promote" title="{t_promote}" '
    'aria-label="{t_promote}">⇤</button> '
    '<button type="submit" name="op" value="demote" title="{t_demote}" '
    'aria-label="{t_demote}">⇥</button> '
    '<button type="submit" name="op" value="up" title="{t_up}" aria-label="{t_up}">↑</button> '
    '<button type="submit" name="op" value="down" title="{t_down}" '
    'aria-label="{t_down}">↓</button> '
    '<label class="visually-hidden" for="rk-{path}">{t_kind}</label>'
    '<select id="rk-{path}" name="kind">{kind_options}</select> '
    '<button type="submit" name="op" value="kind">{t_set_kind}</button> '
    '<button type="submit" name="op" value="split" data-split>{t_split}</button> '
    '<button type="submit" name="op" value="merge">{t_merge}</button> '
    '<button type="submit" name="op" value="delete">{t_delete}</button> '
    '<button type="button" data-repair-move-open aria-haspopup="dialog" hidden>'
    "{t_move_under}</button> "
    '<details class="repair-node__more"><summary>{t_more}</summary>'
    '<label for="rp-{path}">{t_move_path}</label> '
    '<input id="rp-{path}" name="target" size="6" placeholder="0.1" list="repair-targets"> '
    '<button type="submit" name="op" value="reparent">{t_move}</button> '
    '<label for="ra-{path}">{t_add_after}</label> '
    '<input id="ra-{path}" name="new_title" size="20"> '
    '<button type="submit" name="op" value="add">{t_add}</button>'
    "</details></span> "
    '<span class="small muted repair-node__path">{path}</span>'
    "</form></li>"
)


_NODE_KEYS = (
    "path", "depth", "kind", "kind_label", "kind_options", "label", "title", "measures",
    "focus_class", "focus_attr",
)  # fmt: skip


def tree_rows(
    nodes: list[dict[str, Any]], texts: dict[str, str], *, url: str, csrf: str, focus: str | None
) -> SafeString:
    """Every node's row: its kind, label, title and the tools that change it.

    The page's words, address and token are escaped once into the row's format; each row
    then escapes only its own values.
    """
    page = {f"t_{key}": escape(value) for key, value in texts.items()}
    page.update(url=escape(url), csrf=escape(csrf))
    page.update({key: "{" + key + "}" for key in _NODE_KEYS})
    row = _ROW.format(**page)
    rows = "".join(_row(row, n, focus) for n in nodes)
    return mark_safe(rows)  # noqa: S308  # nosec B308 B703 - every value escaped above


def _row(row: str, node: dict[str, Any], focus: str | None) -> str:
    focused = node["path"] == focus
    measures = (
        f'<span class="small muted">{escape(node["measures_label"])}</span> '
        if node["measures"]
        else ""
    )
    return row.format(
        path=escape(node["path"]),
        depth=int(node["depth"]),
        kind=escape(node["kind"]),
        kind_label=escape(node["kind_label"]),
        kind_options=conditional_escape(node["kind_options"]),
        label=escape(node["label"]),
        title=escape(node["title"]),
        measures=measures,
        focus_class=" repair-node--focus" if focused else "",
        focus_attr=" data-repair-focus" if focused else "",
    )


def target_options(nodes: Iterable[dict[str, Any]], top: str, *, indent: bool) -> SafeString:
    """The nodes as options of the "move under…" picker (or of the path field's list)."""
    head = format_html('<option value="">{}</option>', top)
    rows = format_html_join(
        "",
        '<option value="{}" data-depth="{}">{}{} {}</option>',
        (
            (
                n["path"],
                n["depth"],
                "\u3000" * n["depth"] if indent else "",
                n["label"],
                n["title"][:60],
            )
            for n in nodes
        ),
    )
    return head + rows
