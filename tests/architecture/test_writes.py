"""Writes go where they belong: status only through the workflow, services keyword-only,
atomic and audited, apps wired without start-up hooks into each other, no missing migration."""

import ast
import io

import pytest
from django.core.management import call_command

from .rules import (
    PACKAGE,
    STATUS_OWNER,
    app_modules,
    app_of_path,
    ready_violations,
    service_faults,
    service_functions,
    service_modules,
    status_writes,
)

MODULES = app_modules()
IDS = {"ids": lambda p: str(p.relative_to(PACKAGE))}


@pytest.mark.parametrize("path", MODULES, **IDS)
def test_only_the_workflow_writes_a_measures_status(path):
    if path.relative_to(PACKAGE).as_posix() == STATUS_OWNER:
        assert status_writes(path.read_text(encoding="utf-8"))  # the rule sees the owner's write
        return
    assert status_writes(path.read_text(encoding="utf-8")) == []


SERVICES = service_modules()
SERVICE_NAMES = {f.name for path in SERVICES for f in service_functions(path.read_text())}


def test_the_walk_finds_the_services():
    assert {"measure_create", "signoff_approve", "inspection_create", "user_create"} <= (
        SERVICE_NAMES
    )


@pytest.mark.parametrize("path", SERVICES, **IDS)
def test_services_are_keyword_only_atomic_and_audited(path):
    faults = {
        function.name: service_faults(function, SERVICE_NAMES)
        for function in service_functions(path.read_text(encoding="utf-8"))
    }
    assert {name: found for name, found in faults.items() if found} == {}


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*/apps.py")), **IDS)
def test_apps_start_without_reaching_into_each_other(path):
    assert ready_violations(path.read_text(encoding="utf-8"), app_of_path(path)) == []


def test_no_model_change_lacks_a_migration(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    except SystemExit:  # pragma: no cover - the failure branch
        pytest.fail(f"a model change has no migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


def test_the_rules_parse_every_module():
    for path in MODULES:
        ast.parse(path.read_text(encoding="utf-8"))
