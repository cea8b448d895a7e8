"""Each rule catches the pattern it is for: one of each planted in a temporary module.

These are the patterns an earlier review found in the code (an audit ↔ orgs cycle, ORM
lookups and template includes into later apps, a start-up hook, status written outside the
workflow, …); the rules must fail on them, not merely pass on today's code.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .rules import (
    import_violations,
    orm_violations,
    ready_violations,
    reverse_relations,
    service_faults,
    service_functions,
    status_writes,
    tag_libraries,
    template_violations,
)


def plant(tmp_path: Path, name: str, source: str) -> str:
    """Write the planted module to disk (as a contributor would) and read it back."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("rectify.inspections.selectors", "from rectify.measures.models import Measure\n"),
        ("rectify.audit.views", "from rectify.orgs.selectors import has_role\n"),
        ("rectify.core.files", "def f():\n    from rectify.orgs import services\n"),
        ("rectify.measures.views.detail", "from ...signoff import views\n"),
        ("rectify.parsing.readers", "import django.utils.timezone\n"),
        ("rectify.parsing.structure", "from rectify.core.errors import DomainError\n"),
    ],
)
def test_an_import_of_a_later_app_is_caught(tmp_path, module, source):
    assert import_violations(plant(tmp_path, "m.py", source), module) != []


@pytest.fixture(scope="module")
def relations(django_db_setup=None):
    return reverse_relations()


@pytest.mark.parametrize(
    "source",
    [
        'query = subtree_q("findings__measures__lead_department", departments)\n',
        "qs = Inspection.objects.filter(findings__measures__status='done')\n",
        "for measure in self.measures.all():\n    pass\n",
        'qs = Finding.objects.prefetch_related("measures")\n',
        "n = measure.signoffs.count()\n",
        "qs = Inspection.objects.filter(measures=m)\n",
        "qs = Finding.objects.exclude(measures=None)\n",
        'qs = Finding.objects.order_by("-measures__deadline")\n',
        'manager = getattr(finding, "measures")\n',
        'Measure = apps.get_model("measures", "Measure")\n',
        'module = import_module("rectify.measures.services")\n',
    ],
)
def test_an_orm_reach_into_a_later_app_is_caught(tmp_path, relations, source):
    text = plant(tmp_path, "m.py", source)
    assert orm_violations(text, "inspections", relations, forward=set()) != []


def test_a_lookup_within_reach_is_not_flagged(tmp_path, relations):
    text = plant(
        tmp_path, "m.py", 'Measure.objects.filter(finding__inspection__pk=1).values("x")\n'
    )
    assert orm_violations(text, "measures", relations, forward=set()) == []


@pytest.mark.parametrize(
    ("app", "template"),
    [
        ("measures", '{% include "signoff/_panels.html" %}'),
        ("inspections", "{% load i18n measure_ui %}"),
        ("core", '{% extends "reports/export.html" %}'),
    ],
)
def test_a_template_reaching_a_later_app_is_caught(tmp_path, app, template):
    text = plant(tmp_path, "t.html", template)
    assert template_violations(text, app, tag_libraries()) != []


def test_a_start_up_hook_into_another_app_is_caught(tmp_path):
    source = """
        class SignoffConfig(AppConfig):
            def ready(self):
                from rectify.measures.views.detail import PANEL_FORM_FACTORIES
                PANEL_FORM_FACTORIES.append(panel_forms)
    """
    assert ready_violations(plant(tmp_path, "apps.py", source), "signoff") != []
    plain = "class C:\n    def ready(self):\n        import rectify.measures.views\n"
    assert ready_violations(plant(tmp_path, "apps.py", plain), "signoff") != []
    own = "class C:\n    def ready(self):\n        from . import signals\n"
    assert ready_violations(plant(tmp_path, "apps.py", own), "measures") == []


@pytest.mark.parametrize(
    "source",
    [
        "measure.status = 'signed_off'\n",
        "Measure.objects.filter(pk=1).update(status='signed_off')\n",
        "update_versioned(measure, expected_version=1, status=S.SIGNED_OFF)\n",
        "m.status = MeasureStatus.SIGNED_OFF\n",
        "model_update(instance=measure, changes={'status': 'x'})\n",
        "update_versioned(m, expected_version=1, status='signed_off')\n",
        "qs.update(status=S.SIGNED_OFF)\n",
        "m.status = 'signed_off'\n",
        "Measure.objects.bulk_update(ms, ['status'])\n",
        "setattr(measure, 'status', 'signed_off')\n",
    ],
)
def test_a_status_written_outside_the_workflow_is_caught(tmp_path, source):
    assert status_writes(plant(tmp_path, "m.py", source)) != []


def test_other_statuses_and_reads_are_not_flagged(tmp_path):
    source = """
        job.status = JobStatus.SUCCEEDED
        DeadlineExtension.objects.filter(pk=1).update(status=ExtensionStatus.APPROVED)
        Measure.objects.filter(status=MeasureStatus.SIGNED_OFF).count()
    """
    assert status_writes(plant(tmp_path, "m.py", source)) == []


@pytest.mark.parametrize(
    ("source", "fault"),
    [
        ("@transaction.atomic\ndef measure_x(measure, *, actor):\n    audit_log()\n", "keyword"),
        ("def measure_x(*, measure, actor):\n    audit_log()\n", "atomic"),
        ("@transaction.atomic\ndef measure_x(*, measure):\n    measure.save()\n", "audited"),
    ],
)
def test_a_service_that_breaks_the_rules_is_caught(tmp_path, source, fault):
    [function] = service_functions(plant(tmp_path, "services.py", source))
    assert any(fault in found for found in service_faults(function, set()))


@pytest.mark.parametrize(
    ("code", "source"),
    [
        ("DTZ005", "import datetime\nnow = datetime.datetime.now()\n"),
        ("DTZ011", "import datetime\ntoday = datetime.date.today()\n"),
        (
            "C901",
            "def f(x):\n"
            + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(13))
            + "    return 0\n",
        ),
        ("PLC0415", "def f():\n    import json\n    return json\n"),
    ],
)
def test_ruff_catches_naive_datetimes_complexity_and_late_imports(tmp_path, code, source):
    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "planted.py"
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--config",
            str(root / "pyproject.toml"),  # the project's own selection, not one made here
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert code in result.stdout, result.stdout + result.stderr
