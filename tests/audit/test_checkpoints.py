"""The chain's head is anchored outside the database: after every request, command and job
that wrote audit entries, every hour, and on demand; the key never lives in the database."""

import json
import stat

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django_tasks import task

from rectify.__main__ import main
from rectify.audit import checks, pg
from rectify.audit.chain import entry_hash
from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditChain, AuditEntry
from rectify.audit.selectors import audit_chain_verify
from rectify.audit.services import audit_log
from rectify.jobs import registry
from rectify.jobs.services import job_enqueue

from ..conftest import PASSWORD


def checkpoints(settings) -> list[dict]:
    path = settings.RECTIFY_AUDIT_CHECKPOINT_FILE
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@task()
def audited_task(note: str) -> None:
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED, note=note)


def test_a_request_that_writes_audit_entries_ends_with_a_checkpoint(
    transactional_db, cast, client, settings
):
    client.get(reverse("login"))
    assert checkpoints(settings) == []  # nothing audited, nothing written
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    [record] = checkpoints(settings)
    head = AuditEntry.objects.order_by("-seq").first()
    assert (record["event"], record["seq"], record["hash"]) == ("request", head.seq, head.hash)
    assert record["database"] == str(AuditChain.objects.get().database_id)


def test_a_command_that_writes_audit_entries_ends_with_a_checkpoint(
    transactional_db, cast, seed_path, settings
):
    main(["rectify", "import-notice", str(seed_path), "--user", "office"])
    [record] = checkpoints(settings)
    assert record["event"] == "command"
    assert record["seq"] == AuditEntry.objects.order_by("-seq").first().seq > 1


def test_a_job_that_writes_audit_entries_ends_with_a_checkpoint(transactional_db, settings):
    job_enqueue(task=audited_task, args=["from a job"])  # immediate in tests: runs on commit
    [record] = checkpoints(settings)
    assert (record["event"], record["seq"]) == ("job", 1)


def test_every_hour_the_worker_writes_a_checkpoint(db, settings):
    periodic = registry.schedules()["audit.checkpoint"]
    assert str(periodic.when) == "every 3600s"
    assert periodic.task.call() is None  # no keyed chain yet: nothing to anchor
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED)
    assert periodic.task.call() == 1
    assert [r["event"] for r in checkpoints(settings)] == ["hourly"]


def test_the_key_is_made_once_with_mode_0600_unless_the_environment_has_it(db, settings):
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED)
    path = settings.RECTIFY_AUDIT_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text()
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED)
    assert path.read_text() == key
    assert [w.id for w in checks.audit_key_from_environment(None)] == ["rectify.W101"]
    settings.RECTIFY_AUDIT_KEY = "x" * 40
    assert checks.audit_key_from_environment(None) == []
    call_command("check", "--deploy", "--fail-level", "CRITICAL")


def test_old_entries_keep_their_hashes_and_the_keyed_chain_starts_at_a_marked_entry(db, cast):
    prev = "0" * 64
    for seq in (1, 2, 3):  # written by a release without a key
        old = AuditEntry(
            seq=seq, at=cast.office.date_joined, code="measure.updated", prev_hash=prev
        )
        old.hash = prev = entry_hash(old)
        old.save()
    assert audit_chain_verify() == (3, [])
    audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED)
    assert AuditChain.objects.get().keyed_from == 4
    assert AuditEntry.objects.get(seq=3).hash == prev, "the old entries keep their hashes"
    assert audit_chain_verify() == (4, [])

    # Editing an old entry and recomputing the plain hashes breaks the sealed link into #4.
    with transaction.atomic():
        pg.maintenance()
        AuditEntry.objects.filter(seq=2).update(note="改过")
        for e in AuditEntry.objects.filter(seq__in=[2, 3]).order_by("seq"):
            e.prev_hash = AuditEntry.objects.get(seq=e.seq - 1).hash
            AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=entry_hash(e))
    _, problems = audit_chain_verify()
    assert [(p.kind, p.seq) for p in problems] == [("rewritten", 4)]


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


@pg_only
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_postgresql_refuses_update_and_delete_on_the_audit_table(db, statement):
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED)
    for table in pg.TABLES:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement.format(t=table))


@pg_only
def test_only_the_tables_owner_may_lift_the_trigger(db):
    audit_log(actor=None, code=AuditCode.MEASURE_UPDATED)
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rectify_i11b_app')"
            " THEN CREATE ROLE rectify_i11b_app NOLOGIN; END IF; END $$"
        )
        cursor.execute("GRANT SELECT, UPDATE, DELETE ON audit_auditentry TO rectify_i11b_app")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL ROLE rectify_i11b_app")
        pg.maintenance()
        cursor.execute("DELETE FROM audit_auditentry")
    with transaction.atomic():  # the owner, on purpose (retention)
        pg.maintenance()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
    assert not AuditEntry.objects.exists()
