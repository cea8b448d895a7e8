"""A request whose session has ended goes to a whole log-in page and comes back to its page
(issue 12, 1); the browser side (the form filled in again) is in tests/e2e."""

import time
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from rectify.orgs.middleware import SESSION_SEEN_AT


def next_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path == reverse("login")
    return parse_qs(parts.query)["next"][0]


def test_a_form_posted_after_the_session_ended_comes_back_to_its_page(client, measure):
    page = f"http://testserver/measures/{measure.pk}/"
    response = client.post(f"/measures/{measure.pk}/report/", {"text": "x"}, HTTP_REFERER=page)
    assert response.status_code == 302
    assert next_of(response["Location"]) == f"/measures/{measure.pk}/?restore=draft"
    login = client.get(response["Location"])
    assert "会话已过期" in login.content.decode()


def test_htmx_is_told_to_load_the_whole_log_in_page(client, measure):
    response = client.post(
        f"/measures/{measure.pk}/report/",
        {"text": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/measures/{measure.pk}/",
    )
    assert response.status_code == 200 and response.content == b""
    assert next_of(response["HX-Redirect"]) == f"/measures/{measure.pk}/?restore=draft"
    polled = client.get(
        "/measures/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/measures/?q=x"
    )
    assert next_of(polled["HX-Redirect"]) == "/measures/?q=x"


def test_a_page_from_elsewhere_is_not_a_place_to_come_back_to(client, measure):
    response = client.post(
        f"/measures/{measure.pk}/report/", {}, HTTP_REFERER="https://evil.example/x"
    )
    assert next_of(response["Location"]) == "/?restore=draft"


def test_a_plain_visit_keeps_djangos_redirect(client, measure):
    response = client.get(f"/measures/{measure.pk}/")
    assert next_of(response["Location"]) == f"/measures/{measure.pk}/"


def test_the_idle_timeout_on_a_form_also_comes_back(client, cast, measure, settings):
    client.force_login(cast.reporter)
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - settings.RECTIFY_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.post(
        f"/measures/{measure.pk}/report/",
        {"text": "x"},
        HTTP_REFERER=f"http://testserver/measures/{measure.pk}/",
    )
    assert next_of(response["Location"]) == f"/measures/{measure.pk}/?restore=draft"
    page = client.get(response["Location"]).content.decode()
    assert "30" in page and "填回" in page  # why, and that the text is kept
