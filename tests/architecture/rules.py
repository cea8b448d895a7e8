"""The house rules, as functions over source text: each returns what breaks a rule.

Apps depend one way, each only on apps to its left (and `lib`); `parsing` is pure Python
over `lib`. The rules are functions of text so that a test can plant a bad pattern in a
temporary module and see it caught (tests/architecture/test_planted.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import rectify

PACKAGE = Path(rectify.__file__).parent
TEMPLATES = PACKAGE / "templates"

ORDER = [
    "lib",
    "parsing",
    "core",
    "audit",
    "orgs",
    "jobs",
    "inspections",
    "measures",
    "signoff",
    "supervision",
    "reports",
    "insights",
    "imports",
    "notices",
    "public",
    "api",
    "demo",
    "ops",
]
# parsing sits beside core: pure Python that may use lib alone.
PURE = {"lib": {"lib"}, "parsing": {"lib", "parsing"}}
# Template folders that are not named after an app, and the app they belong to.
TEMPLATE_FOLDERS = {"": "core", "includes": "core", "registration": "orgs"}


def allowed_apps(app: str) -> set[str]:
    if app in PURE:
        return PURE[app]
    return set(ORDER[: ORDER.index(app) + 1]) - {"parsing"} | {"lib", "parsing"}


def later(app: str, other: str) -> bool:
    return other in ORDER and other not in allowed_apps(app)


# ---- modules -------------------------------------------------------------------------------


def app_modules() -> list[Path]:
    paths = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        paths.append(path)
    return paths


def app_of_path(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def module_name(path: Path) -> str:
    parts = ["rectify", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (also inside functions), made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
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


def rectify_app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "rectify" else None


def import_violations(source: str, module: str, is_package: bool = False) -> list[str]:
    app = rectify_app(module)
    wrong = {}
    for line, target in imported_modules(source, module, is_package):
        other = rectify_app(target)
        if other and later(app, other):
            wrong.setdefault(line, f"line {line}: {target}")
        if app in PURE and target.split(".")[0] == "django":
            wrong.setdefault(line, f"line {line}: {target} (pure Python may not use Django)")
    return list(wrong.values())


# ---- ORM lookups and reverse managers ------------------------------------------------------

LOOKUP = re.compile(r"^[a-z][a-z0-9_]*(?:__[a-z0-9_]+)+$")
QUERY_METHODS = {
    "filter",
    "exclude",
    "get",
    "values",
    "values_list",
    "order_by",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "annotate",
    "aggregate",
    "F",
    "Q",
    "Prefetch",
    "Count",
    "Sum",
    "Max",
    "Min",
    "Exists",
    "OuterRef",
    "Subquery",
}


MANAGER_METHODS = {
    "all",
    "filter",
    "exclude",
    "get",
    "count",
    "exists",
    "create",
    "get_or_create",
    "update_or_create",
    "first",
    "last",
    "order_by",
    "values_list",
    "select_related",
    "prefetch_related",
    "update",
    "delete",
    "set",
    "add",
    "remove",
    "clear",
    "aggregate",
    "annotate",
}


def reverse_relations() -> dict[str, set[str]]:
    """Reverse accessor and query names → the apps whose models declare those relations."""
    from django.apps import apps

    names: dict[str, set[str]] = {}
    for model in apps.get_models():
        declaring = rectify_app(model.__module__)
        if declaring is None:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.remote_field is None:
                continue
            if field.remote_field.hidden:
                continue
            accessor = field.remote_field.get_accessor_name()
            for name in {accessor, field.related_query_name()}:
                names.setdefault(name, set()).add(declaring)
    return names


def forward_names(app: str) -> set[str]:
    """Field names of the models of ``app`` and every app it may use (never suspicious)."""
    from django.apps import apps

    allowed = allowed_apps(app)
    names = set()
    for model in apps.get_models():
        if rectify_app(model.__module__) in allowed or rectify_app(model.__module__) is None:
            names |= {f.name for f in model._meta.get_fields() if not f.auto_created}
    return names


def _lookup_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Lookups as written: keyword names of query calls (`measures=`, `a__b=`), string
    arguments (`"a__b"`, `"-a__b"`, `prefetch_related("measures")`), `getattr(x, "name")`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            for keyword in node.keywords:
                if keyword.arg and ("__" in keyword.arg or name in QUERY_METHODS):
                    found.append((node.lineno, keyword.arg))
            for arg in node.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    continue
                value = arg.value.lstrip("-")
                if LOOKUP.match(value) or (
                    name in QUERY_METHODS | {"getattr"} and value.isidentifier()
                ):
                    found.append((node.lineno, value))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and LOOKUP.match(node.value.lstrip("-"))
        ):
            found.append((node.lineno, node.value.lstrip("-")))
    return found


def _dynamic_reaches(tree: ast.AST, app: str) -> list[str]:
    """`apps.get_model("measures", …)`, `import_module("rectify.measures…")`: loading a later
    app by name is importing it."""
    from django.apps import apps as registry

    by_label = {c.label: rectify_app(c.name) for c in registry.get_app_configs()}
    wrong = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        if name == "get_model":
            other = by_label.get(first.value.split(".")[0])
        elif name in {"import_module", "import_string", "__import__"}:
            other = rectify_app(first.value)
        else:
            continue
        if other and later(app, other):
            wrong.append(f"line {node.lineno}: {name}({first.value!r}) reaches {other}")
    return wrong


def orm_violations(source: str, app: str, relations: dict[str, set[str]], forward: set[str]):
    """ORM string lookups and reverse managers that reach a model of a later app."""
    tree = ast.parse(source)
    wrong = set()

    def reaches_later(name: str) -> bool:
        owners = relations.get(name, set())
        return bool(owners) and all(later(app, o) for o in owners) and name not in forward

    for line, lookup in _lookup_strings(tree):
        for segment in lookup.split("__"):
            if reaches_later(segment):
                wrong.add(f"line {line}: {lookup!r} reaches {sorted(relations[segment])}")
    for node in ast.walk(tree):  # a reverse manager in use: `finding.measures.all()`
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGER_METHODS
            and isinstance(node.value, ast.Attribute)
            and reaches_later(node.value.attr)
        ):
            name = node.value.attr
            wrong.add(f"line {node.lineno}: .{name}.{node.attr} reaches {sorted(relations[name])}")
    return sorted(wrong | set(_dynamic_reaches(tree, app)))


# ---- templates -----------------------------------------------------------------------------

TAG = re.compile(r"{%\s*(include|extends)\s+[\"']([^\"']+)[\"']")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def template_app(relative: str) -> str:
    folder = relative.split("/")[0] if "/" in relative else ""
    return TEMPLATE_FOLDERS.get(folder, folder)


def tag_libraries() -> dict[str, str]:
    """Template tag library → the app that provides it."""
    return {
        path.stem: app_of_path(path)
        for path in PACKAGE.glob("*/templatetags/*.py")
        if path.name != "__init__.py"
    }


def template_violations(text: str, app: str, libraries: dict[str, str]) -> list[str]:
    wrong = []
    for kind, name in TAG.findall(text):
        other = template_app(name)
        if other in ORDER and later(app, other):
            wrong.append(f"{{% {kind} {name!r} %}} belongs to {other}")
    for group in LOAD.findall(text):
        for library in group.split():
            if library in libraries and later(app, libraries[library]):
                wrong.append(f"{{% load {library} %}} belongs to {libraries[library]}")
    return wrong


# ---- writes --------------------------------------------------------------------------------

STATUS_OWNER = "measures/workflow.py"
WRITE_CALLS = {
    "update",
    "bulk_update",
    "create",
    "bulk_create",
    "update_or_create",
    "get_or_create",
    "update_versioned",
    "model_update",
}
AUDIT_ITSELF = {"audit_log"}  # the audit service writes the entry it is


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "attr", getattr(node.func, "id", ""))


# A `status` written with one of these names in its value is another model's status.
OTHER_STATUSES = (
    "ExtensionStatus",
    "JobStatus",
    "DeliveryStatus",
    "Decision",
    "ExportJob.Status",
    "PlanStatus",
    "PublicationStatus",
    "OpinionStatus",
)


def _other_status(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return any(name in text for name in OTHER_STATUSES)


def _status_keywords(node: ast.Call) -> list[ast.AST]:
    """The values a write call gives to `status`: as a keyword, or in a dict of changes."""
    values: list[ast.AST] = []
    for keyword in node.keywords:
        if keyword.arg == "status":
            values.append(keyword.value)
        elif isinstance(keyword.value, ast.Dict):
            values += [
                v
                for k, v in zip(keyword.value.keys, keyword.value.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "status"
            ]
    return values


def _call_writes_status(node: ast.Call) -> bool:
    name = _call_name(node)
    if name == "setattr" and len(node.args) >= 3:
        field = node.args[1]
        return (
            isinstance(field, ast.Constant)
            and field.value == "status"
            and not (_other_status(node.args[2]))
        )
    if name == "bulk_update":
        return "'status'" in ast.unparse(node)
    if name in WRITE_CALLS:
        return any(not _other_status(value) for value in _status_keywords(node))
    return False


def status_writes(source: str) -> list[int]:
    """Lines that may write a measure's status: an assignment, setattr, an update, a create
    or a bulk update of `status`, unless the value names another model's status enum."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(
                isinstance(target, ast.Attribute) and target.attr == "status" for target in targets
            ) and not _other_status(node.value):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and _call_writes_status(node):
            lines.append(node.lineno)
    return sorted(set(lines))


def service_functions(source: str) -> list[ast.FunctionDef]:
    return [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]


def service_faults(function: ast.FunctionDef, services: set[str]) -> list[str]:
    """A public service must be keyword-only, atomic, and audited (itself or through the
    workflow or another service)."""
    faults = []
    if function.args.args or function.args.posonlyargs or function.args.vararg:
        faults.append("not keyword-only")
    if not any("atomic" in ast.unparse(d) for d in function.decorator_list):
        faults.append("not atomic")
    calls = {
        getattr(node.func, "id", getattr(node.func, "attr", ""))
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
    }
    audited = {"audit_log", "transition"} | (services - {function.name})
    if function.name not in AUDIT_ITSELF and not calls & audited:
        faults.append("not audited")
    return faults


def service_modules() -> list[Path]:
    return [
        path
        for path in app_modules()
        if (path.name == "services.py" or path.parent.name == "services")
        and path.name != "__init__.py"
    ]


def ready_violations(source: str, app: str) -> list[str]:
    """`AppConfig.ready` may load its own app's modules (signals), never another app's:
    a start-up hook into another app hides a dependency the import rules cannot see."""
    wrong = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "ready":
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and not inner.level:
                    names = [inner.module or ""]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                else:
                    continue
                for name in names:
                    other = rectify_app(name)
                    if other and other != app:
                        wrong.append(f"line {inner.lineno}: ready() imports {name}")
    return wrong


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def size_faults(source: str) -> list[str]:
    """A module over 400 lines, a function over 60: split along the seams before they grow."""
    faults = []
    lines = source.count("\n")
    if lines > MAX_MODULE_LINES:
        faults.append(f"module of {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                faults.append(f"{node.name}() of {length} lines")
    return faults
