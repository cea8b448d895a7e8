"""Architecture checks: apps depend one way, and lib stays pure Python.

lib ← core ← orgs ← jobs ← inspections ← measures ← signoff ← supervision ← reports ←
imports ← notices ← public ← demo; anyone may use audit. A module of an app may import its
own app, any earlier app and audit, never a later one. Test files and migrations are exempt;
project-level modules (settings, urls, wsgi, …) wire everything together and are not in an app.
"""

import ast
from pathlib import Path

import pytest

import rectify

PACKAGE = Path(rectify.__file__).parent
ORDER = [
    "lib",
    "parsing",
    "core",
    "orgs",
    "jobs",
    "inspections",
    "measures",
    "signoff",
    "supervision",
    "reports",
    "imports",
    "notices",
    "public",
    "demo",
]
ANYONE_MAY_USE = {"audit"}


def app_modules() -> list[Path]:
    paths = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "migrations" in parts or "tests" in parts:
            continue
        if path.name.startswith("test_") or path.name == "conftest.py":
            continue
        paths.append(path)
    return paths


def module_name(path: Path) -> str:
    parts = ["rectify", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (also inside functions), made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from . import selectors`, `from rectify import measures`: the name may be a module.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "rectify" else None


MODULES = app_modules()


def test_the_walk_finds_the_apps():
    apps = {path.relative_to(PACKAGE).parts[0] for path in MODULES}
    assert {"core", "orgs", "inspections", "measures", "signoff", "reports"} <= apps
    assert apps <= set(ORDER) | ANYONE_MAY_USE | {"parsing"}, (
        f"an app is missing from ORDER: {apps}"
    )


def test_relative_imports_are_resolved():
    services = PACKAGE / "measures" / "services.py"
    targets = {module for _, module in imported_modules(services)}
    assert {"rectify.measures.selectors", "rectify.measures.workflow"} <= targets
    assert "rectify.audit.services" in targets


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_apps_import_only_earlier_apps(path):
    app = path.relative_to(PACKAGE).parts[0]
    if app in ANYONE_MAY_USE:
        allowed = set(ORDER) | ANYONE_MAY_USE
    else:
        allowed = set(ORDER[: ORDER.index(app) + 1]) | ANYONE_MAY_USE
    wrong: dict[int, str] = {}  # one line, one message (the first name it imports)
    for line, module in imported_modules(path):
        if app_of(module) and app_of(module) not in allowed:
            wrong.setdefault(line, module)
    assert not wrong, f"{app} may not import a later app: {wrong}"


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if p.relative_to(PACKAGE).parts[0] == "lib"],
    ids=lambda p: p.name,
)
def test_lib_is_pure_python(path):
    wrong = [
        f"line {line}: {module}"
        for line, module in imported_modules(path)
        if module.split(".")[0] == "django" or (app_of(module) and app_of(module) != "lib")
    ]
    assert not wrong, f"lib must not import Django or apps: {wrong}"
