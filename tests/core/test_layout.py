"""One layout for every page: landmarks, navigation, language switch, no inline script,
error pages, login and admin."""

import re

import pytest
from django.urls import reverse

from tests.factories import FindingFactory, MeasureFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.fixture
def pages(inspection, measure):
    return [
        reverse("inspections:list"),
        reverse("inspections:detail", args=[inspection.pk]),
        reverse("measures:ledger"),
        reverse("measures:my_work"),
        reverse("measures:detail", args=[measure.pk]),
        reverse("measures:edit", args=[measure.pk]),
        reverse("reports:problems"),
        reverse("reports:tasks"),
        reverse("reports:responsibility"),
        reverse("password_change"),
    ]


def test_every_page_has_the_layout_and_no_inline_code(client, cast, pages):
    client.force_login(cast.office)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="skip-link" href="#main"' in html, url
        assert '<main id="main"' in html and 'role="banner"' in html, url
        assert 'name="htmx-config"' in html and "vendor/htmx/htmx.min.js" in html, url
        assert 'hx-headers=\'{"X-CSRFToken": "' in html, url
        assert reverse("measures:ledger") in html and reverse("reports:responsibility") in html
        assert 'action="/i18n/setlang/"' in html, url
        assert 'action="/accounts/logout/"' in html, url
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_HANDLER.search(html), url
        assert not INLINE_STYLE.search(html), url
        # No asset or link comes from a CDN (random CSRF tokens may spell "cdn": not checked).
        assert not re.search(r'(?:src|href|action)="[^"]*cdn', html, re.I), url
        assert not re.search(r"https?://[^\s\"'<>]*cdn", html, re.I), url


def test_current_section_is_marked(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("measures:my_work")).content.decode()
    assert re.search(r'href="/measures/mine/"\s+aria-current="page"', html)


def test_login_page_and_login(client, cast):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_username"' in html and 'for="id_password"' in html
    response = client.post(reverse("login"), {"username": "reporter", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    response = client.post(
        reverse("login"), {"username": "reporter", "password": "Passw0rd!x"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("inspections:list")


def test_logout_is_a_post(client, cast):
    client.force_login(cast.office)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("inspections:list")).status_code == 302


def test_language_switch_to_english_and_back(client, cast):
    client.force_login(cast.office)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("measures:ledger")).content.decode()
    assert '<html lang="en">' in html
    assert "Rectification ledger" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("measures:ledger")).content.decode()
    assert '<html lang="zh-hans">' in html


def test_chinese_is_the_default(client, cast, settings):
    from pathlib import Path

    mo = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    if not mo.exists():
        pytest.skip("translations not compiled (make install runs compilemessages)")
    client.force_login(cast.office)
    html = client.get(reverse("measures:ledger")).content.decode()
    assert "整改台账" in html and "我的工作" in html and "责任清单" in html


def test_404_page_uses_the_layout(client, cast):
    client.force_login(cast.office)
    response = client.get("/measures/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="error-page"' in html and 'class="skip-link"' in html


def test_403_page(client, cast, measure):
    client.force_login(cast.reporter)
    response = client.get(reverse("measures:edit", args=[measure.pk]))
    assert response.status_code == 403
    assert 'class="error-page"' in response.content.decode()


def test_500_template_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "500" in html and "系统出现错误" in html


def test_phone_navigation_toggle_is_accessible(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("inspections:list")).content.decode()
    assert 'aria-controls="site-nav"' in html and 'aria-expanded="false"' in html


def test_admin_registrations(client, inspection, units):
    admin_client = client
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    finding = FindingFactory(inspection=inspection)
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement)
    for name in (
        "orgs_orgunit",
        "orgs_user",
        "orgs_membership",
        "inspections_inspection",
        "inspections_finding",
        "measures_measure",
        "measures_indicator",
        "measures_measureevent",
        "audit_auditentry",
    ):
        response = admin_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    assert (
        admin_client.get(reverse("admin:measures_measure_change", args=[measure.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert admin_client.get(reverse("admin:measures_measureevent_add")).status_code == 403


def test_chinese_by_default_even_for_an_english_browser(client, cast):
    client.force_login(cast.office)
    response = client.get("/inspections/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/inspections/"})
    response = client.get("/inspections/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert 'lang="en"' in response.content.decode()
