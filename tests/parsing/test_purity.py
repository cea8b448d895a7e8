"""rectify.parsing stays pure Python: no Django, nothing of Rectify but rectify.lib.

Every import statement of every module counts, also those inside functions, relative ones
(resolved) and importlib.import_module("…") / __import__("…") with a literal name.
"""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rectify.parsing

PACKAGE = Path(rectify.parsing.__file__).parent
ALLOWED = ("rectify.lib", "rectify.parsing")
# Third-party packages that need Django (their top-level names).
NEEDS_DJANGO = ("django", "rest_framework", "drf_spectacular", "axes")


def module_name(path: Path, package_dir: Path = PACKAGE, package: str = "rectify.parsing") -> str:
    parts = [*package.split("."), *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def forbidden(name: str) -> bool:
    top = name.split(".")[0]
    if top in NEEDS_DJANGO or top.startswith("django_"):
        return True
    if top != "rectify":
        return False
    return not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED)


def _imported(node: ast.AST, package: str) -> list[list[str]]:
    """The names one node imports; each inner list is alternatives, one of which must pass."""
    if isinstance(node, ast.Import):
        return [[alias.name] for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        # `from rectify import lib`: the target, or the submodule it names, must be allowed.
        return [[target, f"{target}.{alias.name}"] for alias in node.names]
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
            return [[node.args[0].value]]
    return []


def bad_imports(path: Path, module: str) -> list[str]:
    """``line N: name`` for each import of ``path`` (module ``module``) that is not allowed."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    wrong = []
    for node in ast.walk(tree):
        for alternatives in _imported(node, package):
            if all(forbidden(name) for name in alternatives):
                wrong.append(f"line {node.lineno}: {alternatives[-1]}")
    return wrong


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_walk_finds_the_modules():
    names = {module_name(p) for p in MODULES}
    assert {"rectify.parsing", "rectify.parsing.model", "rectify.parsing.readers"} <= names
    assert len(MODULES) >= 15


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_parsing_imports_no_django_and_no_other_app(path):
    assert bad_imports(path, module_name(path)) == []


def test_the_checker_catches_bad_imports(tmp_path):
    package = tmp_path / "rectify" / "parsing"
    package.mkdir(parents=True)
    planted = package / "planted.py"
    planted.write_text(
        textwrap.dedent(
            """
            import importlib
            import re
            from rectify.lib.text import match_view
            from rectify import lib
            from . import model
            from .enums import ErrorCode

            def late():
                from django.conf import settings
                from rectify.inspections.models import Finding
                from ..measures import services
                from rectify import orgs
                import django_htmx
                importlib.import_module("rectify.imports.models")
                return settings, Finding, services, orgs
            """
        ),
        encoding="utf-8",
    )
    module = module_name(planted, package, "rectify.parsing")
    assert module == "rectify.parsing.planted"
    wrong = bad_imports(planted, module)
    assert [w.split(": ")[1] for w in wrong] == [
        "django.conf.settings",
        "rectify.inspections.models.Finding",
        "rectify.measures.services",
        "rectify.orgs",
        "django_htmx",
        "rectify.imports.models",
    ]
    assert wrong[0].startswith("line 10:")


def test_importing_parsing_loads_no_django():
    """The running check: every module imported, then nothing of Django or the apps is loaded."""
    code = textwrap.dedent(
        """
        import pkgutil, sys
        import rectify.parsing
        for info in pkgutil.walk_packages(rectify.parsing.__path__, "rectify.parsing."):
            __import__(info.name)
        print("\\n".join(sorted(sys.modules)))
        """
    )
    src = str(PACKAGE.parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
    ).stdout.split()
    assert [m for m in out if forbidden(m) and m != "rectify"] == []  # the root package: empty
    assert "rectify.parsing.html_reader" in out
    assert (PACKAGE.parent / "__init__.py").read_text(encoding="utf-8").count("import") == 0
