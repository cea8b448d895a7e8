"""Apps depend one way: by imports, by ORM lookups and reverse managers, by templates.

lib ← parsing; lib ← core ← audit ← orgs ← jobs ← inspections ← measures ← signoff ←
supervision ← reports ← imports ← notices ← public ← api ← demo ← ops. A module may use its own
app and apps to its left, never one to its right. Project modules (settings, urls) wire
everything and are in no app. tests/architecture/test_planted.py shows each rule catching
the pattern it is for.
"""

import pytest

from .rules import (
    ORDER,
    PACKAGE,
    PURE,
    TEMPLATES,
    app_modules,
    app_of_path,
    forward_names,
    import_violations,
    module_name,
    orm_violations,
    reverse_relations,
    tag_libraries,
    template_app,
    template_violations,
)

MODULES = app_modules()
IDS = {"ids": lambda p: str(p.relative_to(PACKAGE))}


def test_every_app_has_its_place():
    apps = {app_of_path(path) for path in MODULES}
    assert {"core", "audit", "orgs", "inspections", "measures", "reports", "parsing"} <= apps
    assert apps <= set(ORDER), f"an app is missing from ORDER: {apps - set(ORDER)}"


@pytest.mark.parametrize("path", MODULES, **IDS)
def test_apps_import_only_apps_to_their_left(path):
    source = path.read_text(encoding="utf-8")
    wrong = import_violations(source, module_name(path), path.name == "__init__.py")
    assert not wrong, f"{app_of_path(path)} may not import: {wrong}"


@pytest.fixture(scope="module")
def relations():
    return reverse_relations()


@pytest.mark.parametrize("path", [p for p in MODULES if app_of_path(p) not in PURE], **IDS)
def test_no_orm_lookup_reaches_an_app_to_the_right(path, relations):
    app = app_of_path(path)
    wrong = orm_violations(path.read_text(encoding="utf-8"), app, relations, forward_names(app))
    assert not wrong, f"{app} reaches a later app's models: {wrong}"


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_include_only_apps_to_their_left(path):
    relative = path.relative_to(TEMPLATES).as_posix()
    app = template_app(relative)
    assert app in ORDER, f"template folder of {relative} names no app"
    wrong = template_violations(path.read_text(encoding="utf-8"), app, tag_libraries())
    assert not wrong, f"{relative}: {wrong}"
