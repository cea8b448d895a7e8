"""The audit vocabulary: every act is a declared AuditCode, labelled in both languages."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

import rectify
from rectify.audit.codes import AuditCode, label_of
from rectify.audit.services import audit_log

PACKAGE = Path(rectify.__file__).parent


def undeclared_codes(source: str) -> list[int]:
    """Lines where `audit_log(code=…)` is given anything but a member of AuditCode."""

    def declared(node: ast.expr) -> bool:
        if isinstance(node, ast.IfExp):
            return declared(node.body) and declared(node.orelse)
        if isinstance(node, ast.Attribute):  # AuditCode.X, or a declared property (spec.audit_code)
            return (isinstance(node.value, ast.Name) and node.value.id == "AuditCode") or (
                node.attr == "audit_code"
            )
        return False

    lines = []
    for node in ast.walk(ast.parse(source)):
        name = (
            getattr(node.func, "id", getattr(node.func, "attr", ""))
            if isinstance(node, ast.Call)
            else ""
        )
        if name in {"audit_log", "audit_change"}:
            for keyword in node.keywords:
                if keyword.arg == "code" and not declared(keyword.value):
                    lines.append(node.lineno)
    return lines


# The audit app's own services pass a caller's code through (`audit_change` → `audit_log`).
SOURCES = [
    p
    for p in PACKAGE.rglob("*.py")
    if "migrations" not in p.parts and p != PACKAGE / "audit" / "services.py"
]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_audit_call_names_a_declared_code(path):
    assert undeclared_codes(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "planted",
    [
        'audit_log(actor=None, code="measure.created")',
        'audit_log(actor=None, code=f"measure.{name}")',
        'audit_log(actor=None, code="measure." + name)',
        'audit_log(actor=None, code=AuditCode.X if ok else "y.z")',
        'audit_change(actor=None, code="measure.updated", obj=m, diff=d)',
        'services.audit_log(actor=None, code="measure.updated")',
        "audit_log(actor=None, code=AuditCode(name))",
    ],
)
def test_a_literal_code_is_caught(planted):
    assert undeclared_codes(planted) == [1]


def test_codes_are_namespaced_and_unique():
    values = [code.value for code in AuditCode]
    assert len(values) == len(set(values))
    assert all(value.count(".") == 1 for value in values)


@pytest.mark.django_db
def test_an_undeclared_code_is_refused_and_nothing_is_written():
    from rectify.audit.models import AuditEntry

    with pytest.raises(ValueError):
        audit_log(actor=None, code="measure.made_up")
    assert not AuditEntry.objects.exists()


def test_every_label_is_translated():
    with translation.override("en"):
        english = {c.value: str(c.label) for c in AuditCode}
    with translation.override("zh-hans"):
        untranslated = [c.value for c in AuditCode if str(c.label) == english[c.value]]
    assert untranslated == []
    with translation.override("en"):
        assert label_of("signoff.approved") == "Sign-off approved"
        assert label_of("no.such_code") == "no.such_code"  # old or foreign rows still show


@pytest.mark.django_db
def test_the_audit_page_shows_labels(client, cast):
    audit_log(actor=cast.office, code=AuditCode.MEASURE_CREATED)
    client.force_login(cast.auditadmin)
    page = client.get("/audit/").content.decode()
    assert "新建整改措施" in page and "measure.created" in page
