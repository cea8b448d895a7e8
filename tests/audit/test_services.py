"""audit_log: who did what to which object, from where, inside the caller's transaction."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import RequestFactory

from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.audit.services import audit_log
from rectify.core.request_context import RequestContextMiddleware


def test_entry_records_actor_object_and_values(cast, measure):
    entry = audit_log(
        actor=cast.office,
        code=AuditCode.MEASURE_DEADLINE_CHANGED,
        obj=measure,
        before={"deadline": "2024-06-30"},
        after={"deadline": "2024-09-30"},
        note="按区委巡察办要求调整",
    )
    entry.refresh_from_db()
    assert entry.actor == cast.office
    assert entry.actor_name == str(cast.office)  # the display name, kept if the user goes
    assert (entry.object_type, entry.object_id) == ("measures.measure", str(measure.pk))
    assert entry.object_repr == str(measure)
    assert entry.before == {"deadline": "2024-06-30"}
    assert entry.after == {"deadline": "2024-09-30"}
    assert entry.note == "按区委巡察办要求调整"
    assert entry.at is not None
    assert entry.ip_address is None  # not in a request


def test_system_actions_have_no_actor(db):
    entry = audit_log(actor=None, code=AuditCode.NOTICE_IMPORTED)
    assert entry.actor is None
    assert (entry.actor_name, entry.object_type, entry.object_id) == ("", "", "")


def test_values_are_stored_as_plain_json(cast, measure):
    audit_log(
        actor=cast.office,
        code=AuditCode.INDICATOR_UPDATED,
        obj=measure,
        after={"when": dt.date(2024, 6, 30), "value": Decimal("35.50"), "who": cast.reporter},
    )
    entry = AuditEntry.objects.get()
    assert entry.after["when"] == "2024-06-30"
    assert entry.after["value"] == "35.50"
    assert entry.after["who"] == cast.reporter.pk


def test_long_object_names_are_cut(cast, inspection):
    inspection.title = "巡" * 300
    entry = audit_log(actor=cast.office, code=AuditCode.INSPECTION_UPDATED, obj=inspection)
    assert len(entry.object_repr) == 200


def test_client_address_comes_from_the_request(cast):
    request = RequestFactory().get("/", REMOTE_ADDR="10.20.30.40")

    def view(request):
        audit_log(actor=cast.office, code=AuditCode.AUTH_LOGIN)
        return None

    RequestContextMiddleware(view)(request)
    audit_log(actor=cast.office, code=AuditCode.AUTH_LOGOUT)  # after the request: no address
    assert list(AuditEntry.objects.values_list("code", "ip_address")) == [
        ("auth.login", "10.20.30.40"),
        ("auth.logout", None),
    ]


def test_entry_is_rolled_back_with_the_callers_transaction(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED)
        raise RuntimeError("the service failed after logging")
    assert not AuditEntry.objects.exists()


def test_entries_are_append_only(cast):
    entry = audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED)
    entry.note = "改写历史"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get().note == ""
