"""The 13 ways of tampering with the audit trail, each done by someone who can write the
database (as the table's owner, past the PostgreSQL trigger) but has not got the audit key;
`rectify audit verify` detects and names every one.

The chain: 60 entries, and a checkpoint of its head written outside the database (as the
end of the request that wrote them would).
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from rectify.audit import pg
from rectify.audit.chain import entry_hash
from rectify.audit.checkpoints import checkpoint_write
from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.audit.selectors import audit_chain_verify
from rectify.audit.services import audit_log

N = 60


@pytest.fixture
def chain(cast):
    for n in range(N):
        audit_log(actor=cast.office, code=AuditCode.MEASURE_UPDATED, before={"n": n}, after={})
    assert checkpoint_write(event="request")["seq"] == N
    assert audit_chain_verify() == (N, [])
    return cast


def entry(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(seq=seq)


def write(at_seq: int, **fields) -> None:
    """The attacker's UPDATE (as the table's owner on PostgreSQL)."""
    with transaction.atomic():
        pg.maintenance()
        AuditEntry.objects.filter(seq=at_seq).update(**fields)


def delete(**lookup) -> None:
    with transaction.atomic():
        pg.maintenance()
        AuditEntry.objects.filter(**lookup)._raw_delete(AuditEntry.objects.db)


def recompute(from_seq: int) -> None:
    """Relink and rehash every entry from `from_seq` on, the only way one can without the
    key: plain SHA-256 over the canonical content."""
    previous = AuditEntry.objects.filter(seq__lt=from_seq).order_by("-seq").first()
    prev = previous.hash if previous else "0" * 64
    for e in AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
        e.prev_hash = prev
        prev = entry_hash(e)
        write(e.seq, prev_hash=e.prev_hash, hash=prev)


def forge(seq: int, actor) -> None:
    """A made-up entry with a consistent link and a recomputed hash."""
    previous = AuditEntry.objects.filter(seq__lt=seq).order_by("-seq").first()
    fake = AuditEntry(
        seq=seq,
        at=previous.at,
        actor=actor,
        actor_name=str(actor),
        code=AuditCode.MEASURE_UPDATED,
        after={"forged": True},
        prev_hash=previous.hash,
    )
    fake.hash = entry_hash(fake)
    fake.save()


def named(kinds: list[str]) -> list:
    _, problems = audit_chain_verify()
    assert sorted({p.kind for p in problems}) == sorted(kinds), [p.message for p in problems]
    err = io.StringIO()
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit", "verify", stderr=err, stdout=io.StringIO())
    for kind in kinds:
        assert f"[{kind}]" in err.getvalue()
    return problems


def test_1_edit_one_field(chain):
    write(30, note="无事发生")
    [problem] = named(["altered"])
    assert (problem.seq, problem.fields) == (30, ("note",))
    assert "#30" in problem.message and "note" in problem.message


def test_2_edit_and_recompute_every_later_hash(chain):
    write(30, after={"status": "signed_off"})
    recompute(30)
    problems = named(["altered", "rewritten"])
    assert [(p.seq, p.fields) for p in problems if p.kind == "altered"] == [(30, ("after",))]
    [rewritten] = [p for p in problems if p.kind == "rewritten"]
    assert "#31–#60" in rewritten.message and "recomputed" in rewritten.message


def test_3_delete_one_in_the_middle(chain):
    delete(seq=30)
    [problem] = named(["removed"])
    assert problem.seq == 30 and "#30 " in problem.message


def test_4_delete_one_and_recompute(chain):
    delete(seq=30)
    recompute(31)
    problems = named(["removed", "rewritten"])
    assert [p.seq for p in problems if p.kind == "removed"] == [30]
    assert "#31–#60" in next(p.message for p in problems if p.kind == "rewritten")


def test_4b_delete_one_close_the_gap_and_recompute(chain):
    delete(seq=30)
    for seq in range(31, N + 1):
        write(seq, seq=seq - 1)
    recompute(30)
    problems = named(["removed", "renumbered"])
    assert [p.seq for p in problems if p.kind == "removed"] == [30]
    [renumbered] = [p for p in problems if p.kind == "renumbered"]
    assert "#30–#59" in renumbered.message and "#31–#60" in renumbered.message


def test_5_delete_the_newest_entry(chain):
    delete(seq=N)
    [problem] = named(["truncated"])
    assert "newest 1 entries #60" in problem.message


def test_6_delete_the_newest_50(chain):
    delete(seq__gt=N - 50)
    [problem] = named(["truncated"])
    assert "newest 50 entries #11–#60" in problem.message


def test_7_delete_all(chain):
    delete(seq__gte=1)
    [problem] = named(["emptied"])
    assert "all audit entries were deleted" in problem.message


def test_8_insert_a_forged_entry_in_the_middle(chain):
    for seq in range(N, 30, -1):
        write(seq, seq=seq + 1)
    forge(31, chain.leader)
    recompute(32)
    problems = named(["inserted", "renumbered"])
    assert [p.seq for p in problems if p.kind == "inserted"] == [31]


def test_9_append_a_forged_entry_with_a_recomputed_hash(chain):
    forge(N + 1, chain.leader)
    [problem] = named(["appended"])
    assert problem.seq == N + 1


def test_10_swap_two_sequence_numbers(chain):
    write(20, seq=1000)
    write(21, seq=20)
    write(1000, seq=21)
    [problem] = named(["swapped"])
    assert "#20 and #21 swapped" in problem.message


def test_11_change_a_timestamp(chain):
    write(30, at=entry(10).at)
    [problem] = named(["altered"])
    assert problem.fields == ("at",) and "time" in problem.message


def test_12_change_the_actor(chain):
    write(30, actor=chain.leader, actor_name=str(chain.leader))
    [problem] = named(["altered"])
    assert problem.fields == ("actor", "actor_name") and "actor" in problem.message


def test_13_delete_the_newest_and_append_new_ones_in_their_place(chain):
    delete(seq__gt=N - 5)
    for seq in range(N - 4, N + 1):
        forge(seq, chain.office)
    [problem] = named(["replaced"])
    assert "#56–#60 were deleted and forged entries #56–#60 put in their place" in (problem.message)


def test_entries_written_after_the_checkpoint_are_fine(chain):
    audit_log(actor=chain.office, code=AuditCode.MEASURE_UPDATED)
    assert audit_chain_verify() == (N + 1, [])


def test_a_forged_checkpoint_is_named(chain, settings):
    path = settings.RECTIFY_AUDIT_CHECKPOINT_FILE
    line = path.read_text().splitlines()[-1].replace(f'"seq":{N}', '"seq":99')
    with open(path, "a") as out:
        out.write(line + "\n")
    _, problems = audit_chain_verify()
    assert [p.kind for p in problems] == ["checkpoint"]


def test_a_wrong_audit_key_is_said_once(chain, settings, tmp_path):
    settings.RECTIFY_AUDIT_KEY_FILE = tmp_path / "other.key"
    _, problems = audit_chain_verify()
    assert [p.kind for p in problems] == ["key"]


def test_a_checkpoint_after_the_deletion_does_not_hide_it(chain, caplog):
    delete(seq__gt=N - 50)
    assert checkpoint_write(event="hourly") is None  # the hourly run finds the head gone
    assert "no new checkpoint written" in caplog.text
    [problem] = named(["truncated"])
    assert "newest 50 entries" in problem.message
