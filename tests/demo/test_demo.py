"""`rectify demo --no-serve` and `rectify stats`: the seed as a live demo inspection."""

import json
import unicodedata

from django.core.management import call_command

from rectify.audit.selectors import audit_chain_verify
from rectify.measures.models import Evidence, Measure
from rectify.orgs.enums import Role
from rectify.orgs.models import Membership


def test_demo_loads_the_seed_with_one_user_per_role(db, capsys):
    call_command("demo", no_serve=True, password="Demo#2026x")
    out = capsys.readouterr().out
    assert "措施 82" in out and "zhenggaiban" in out
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    call_command("stats", format="json")
    (stats,) = json.loads(capsys.readouterr().out)
    assert (stats["aspects"], stats["problems"], stats["findings_with_measures"]) == (3, 14, 27)
    measures = stats["measures"]
    assert measures["total"] == 82 == Measure.objects.count()
    assert sum(measures["by_status"].values()) == 82
    # The history was played through the workflow: sign-offs only with evidence.
    assert measures["by_status"]["signed_off"] > 0
    for measure in Measure.objects.filter(status="signed_off"):
        assert Evidence.objects.filter(report__measure=measure).exists()
    assert audit_chain_verify()[1] == []


def test_demo_twice_keeps_the_data(db, capsys):
    call_command("demo", no_serve=True, password="Demo#2026x")
    call_command("demo", no_serve=True, password="Demo#2026x")
    assert "已存在" in capsys.readouterr().out
    assert Measure.objects.count() == 82


def test_stats_for_a_missing_inspection_exits_2(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("stats", "999", format="json")
    assert error.value.returncode == 2


def test_demo_again_leaves_existing_users_and_passwords_alone(db, capsys):
    from rectify.orgs.models import User

    call_command("demo", no_serve=True, password="Demo#2026x")
    capsys.readouterr()
    office = User.objects.get(username="zhenggaiban")
    office.set_password("Mine#2026xy")
    office.save()
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    office.refresh_from_db()
    assert office.check_password("Mine#2026xy")  # not reset
    assert User.objects.get(username="shuji").check_password("Demo#2026x")
    assert "密码未改动" in out and "Demo#2026x" not in out


def test_demo_login_table_is_aligned_by_display_width(db, capsys):
    def display_width(text):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    call_command("demo", no_serve=True, password="Demo#2026x")
    out = capsys.readouterr().out
    table = out.split("demo log-ins (one per role):\n", 1)[1]
    rows = [line for line in table.splitlines() if "Demo#2026x" in line]
    assert len(rows) == 11
    # The user name and the password start in the same terminal column on every row.
    from rectify.demo.loader import CAST

    usernames = [username for username, *_rest in CAST]
    for column in ("user", "password"):
        starts = set()
        for row in rows:
            name = next(u for u in usernames if f" {u} " in row)
            cut = row.index("Demo#2026x") if column == "password" else row.index(f" {name} ") + 1
            starts.add(display_width(row[:cut]))
        assert len(starts) == 1, (column, rows)
