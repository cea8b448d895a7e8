import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from rectify.audit import pg
from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditCheckpoint, AuditEntry
from rectify.audit.selectors import audit_chain_verify
from rectify.audit.services import audit_log


@pytest.fixture
def chain(cast):
    for n in range(5):
        audit_log(
            actor=cast.office, code=AuditCode.MEASURE_UPDATED, before={"n": n}, after={"n": n + 1}
        )
    return list(AuditEntry.objects.order_by("seq"))


def test_intact_chain_verifies(chain):
    checked, problems = audit_chain_verify()
    assert checked == len(chain)
    assert problems == []
    assert chain[1].prev_hash == chain[0].hash


def test_altered_record_is_named(chain, capsys):
    victim = chain[2]
    pg.maintenance()
    AuditEntry.objects.filter(pk=victim.pk).update(after={"n": 999})
    _, problems = audit_chain_verify()
    assert [(p.seq, p.kind) for p in problems] == [(victim.seq, "altered")]
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert f"#{victim.seq}" in capsys.readouterr().err
    assert "FAILED" in str(exc.value)


def test_removed_record_is_found(chain):
    pg.maintenance()
    AuditEntry.objects.filter(pk=chain[1].pk)._raw_delete(AuditEntry.objects.db)
    _, problems = audit_chain_verify()
    kinds = {p.kind for p in problems}
    assert "removed" in kinds
    assert any(p.seq == chain[1].seq for p in problems)


def test_reordered_records_are_found(chain):
    a, b = chain[1], chain[2]
    pg.maintenance()
    AuditEntry.objects.filter(pk=a.pk).update(seq=1000)
    AuditEntry.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEntry.objects.filter(pk=a.pk).update(seq=b.seq)
    _, problems = audit_chain_verify()
    assert problems, "swapping two records must break the chain"


def test_entries_are_append_only(chain):
    entry = chain[0]
    entry.note = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_prune_keeps_chain_verifiable(cast):
    long_ago = timezone.now() - dt.timedelta(days=400)
    with mock.patch("rectify.audit.services.timezone.now", return_value=long_ago):
        for n in range(2):
            audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED, after={"n": n})
    for n in range(3):
        audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED, after={"n": n})
    assert audit_chain_verify() == (5, [])
    call_command("audit", "prune", "--days", "365")
    assert AuditEntry.objects.count() == 3
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.seq == 2 and checkpoint.mac
    assert audit_chain_verify() == (3, [])
    with pytest.raises(CommandError):
        call_command("audit", "prune", "--days", "30")


def test_a_forged_retention_checkpoint_is_named(cast):
    for n in range(4):
        audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED, after={"n": n})
    with transaction.atomic():
        pg.maintenance()
        last = AuditEntry.objects.get(seq=2)
        AuditCheckpoint.objects.create(seq=2, hash=last.hash, pruned_count=2)
        AuditEntry.objects.filter(seq__lte=2)._raw_delete(AuditEntry.objects.db)
    _, problems = audit_chain_verify()
    assert [p.kind for p in problems] == ["retention"]
