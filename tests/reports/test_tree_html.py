"""The inspection page's finding tree built in Python shows what the template would."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from rectify.inspections.enums import FindingKind
from rectify.measures.enums import MeasureKind, MeasureStatus
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def _squeeze(html: str) -> str:
    """Whitespace beside tags is not compared (the template's includes end in newlines)."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).replace(" >", ">").strip()


@pytest.fixture
def tree(inspection, units):
    today = timezone.localdate()
    aspect = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT, label="第一方面")
    problem = FindingFactory(inspection=inspection, parent=aspect, title="违建<整治>不力 & 拖延")
    FindingFactory(inspection=inspection, parent=aspect, title="没有措施的问题")
    deep = FindingFactory(inspection=inspection, parent=problem, title="下一层")
    FindingFactory(inspection=inspection, parent=deep, title="更深一层")
    MeasureFactory(finding=problem, lead_department=units.enforcement, overdue=True)
    MeasureFactory(finding=problem, lead_department=None, deadline=None, text="无时限" * 40)
    MeasureFactory(finding=deep, kind=MeasureKind.LONG_TERM, deadline=None)
    MeasureFactory(finding=deep, status=MeasureStatus.SIGNED_OFF, deadline=today)
    MeasureFactory(finding=problem, status=MeasureStatus.WITHDRAWN, lead_department=units.party)
    return inspection


def _both(client, user, inspection):
    client.force_login(user)
    response = client.get(f"/inspections/{inspection.pk}/")
    assert response.status_code == 200
    ctx = response.context
    assert ctx["tree_html"] is not None  # a reader: the Python-built tree
    template = "".join(
        render_to_string(
            "reports/_finding_node.html",
            {
                "node": root,
                "today": ctx["today"],
                "inline": ctx["inline"],
                "can_edit_tree": False,
            },
        )
        for root in ctx["roots"]
    )
    return _squeeze(str(ctx["tree_html"])), _squeeze(template), response.content.decode()


@pytest.mark.parametrize("who", ["leader", "discipline", "reporter"])
def test_the_python_tree_is_the_template_tree(client, cast, tree, who):
    built, template, page = _both(client, getattr(cast, who), tree)
    assert built == template
    assert "违建&lt;整治&gt;不力 &amp; 拖延" in page and "<整治>" not in page


def test_the_python_tree_of_a_very_large_inspection(client, cast, tree, monkeypatch):
    from rectify.reports.views import inspections as views

    monkeypatch.setattr(views, "INLINE_MEASURES_LIMIT", 2)  # findings link to the ledger
    leaf = FindingFactory(inspection=tree, title="一个叶子")
    MeasureFactory.create_batch(2, finding=leaf)
    built, template, _page = _both(client, cast.leader, tree)
    assert built == template
    assert f"inspection={tree.pk}&amp;finding={leaf.pk}" in built
    assert "measure-row" not in built  # no rows inline


def test_editors_of_a_small_round_get_the_template_tree(client, cast, tree):
    client.force_login(cast.office)
    response = client.get(f"/inspections/{tree.pk}/")
    assert response.context["can_edit_tree"]  # the office edits the plan of this round
    assert response.context["inline"] and response.context["tree_html"] is None
    assert "reports/_finding_node.html" in [t.name for t in response.templates]


def test_editors_of_a_large_round_get_the_python_tree_with_their_tools(
    client, cast, tree, monkeypatch
):
    from rectify.reports.views import inspections as views

    monkeypatch.setattr(views, "INLINE_MEASURES_LIMIT", 2)
    client.force_login(cast.office)
    response = client.get(f"/inspections/{tree.pk}/")
    ctx = response.context
    assert ctx["can_edit_tree"] and not ctx["inline"] and ctx["tree_html"] is not None
    request = response.wsgi_request
    context = {"today": ctx["today"], "inline": False, "can_edit_tree": True}
    template = "".join(
        render_to_string("reports/_finding_node.html", {"node": root, **context}, request)
        for root in ctx["roots"]
    )
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    built = token.sub("TOKEN", _squeeze(str(ctx["tree_html"])))
    assert built == token.sub("TOKEN", _squeeze(template))
    assert built.count("tree-tools") == len(re.findall(r'<details class="node', built)) > 0


def test_the_inspection_page_reads_a_constant_number_of_statements(client, cast, tree, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rectify.reports.views import inspections as views

    monkeypatch.setattr(views, "INLINE_MEASURES_LIMIT", 2)  # an editor's Python-built tree
    client.force_login(cast.office)
    client.get(f"/inspections/{tree.pk}/")  # the first request stamps the session

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/inspections/{tree.pk}/").status_code == 200
        return len(queries)

    few = statements()
    for n in range(8):  # eight more findings with measures, each with its tools
        MeasureFactory(finding=FindingFactory(inspection=tree, title=f"问题{n}"))
    assert statements() == few
