"""Every string of the interface comes from the translation catalogue (issue 12, 3).

- each msgid the code and the templates ask for has a Chinese translation (an English message
  in the Chinese UI is a msgid the catalogue lacks);
- no message the code shows a user (errors raised, `messages.*`, `add_error`) and no text of
  a template is written in Chinese outside gettext (it would stay Chinese in the English UI).

Official documents (the notice, 督办单, the Excel ledger's headings, parsing) stay Chinese
and are not part of the interface: their modules are not searched.
"""

import ast
import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "rectify"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
GETTEXT = {
    "_",
    "_lazy",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
}
# Not the interface: official documents, the parser, the demo data, command-line output
# (bilingual by design), migrations.
NOT_INTERFACE = (
    "parsing/",
    "lib/",
    "notices/",
    "demo/",
    "migrations/",
    "management/",
    "supervision/supervision_docs",
    "reports/excel.py",
    "reports/ledger_file.py",
    "core/checks.py",  # `rectify check --deploy`: the command line
    "core/backup",  # `rectify backup` / `restore`: the command line (and another issue's)
    "core/restore",
    "ops/snapshot",  # `rectify upgrade`: the command line
    "ops/upgrade",
)
# Templates that are Chinese on purpose: the 500 and 507 (storage full) pages are bilingual
# (they render without the language machinery), the language switch names each language in
# itself.
BILINGUAL_TEMPLATES = {"500.html", "storage_full.html", "includes/language_form.html"}


def catalogue() -> dict[str, str]:
    entries = {}
    for po in SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po)):
            if not entry.obsolete:
                entries[entry.msgid] = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
    return entries


def python_modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith(("parsing/", "lib/")) and "/migrations/" not in rel:
            yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def python_msgids():
    for rel, tree in python_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in GETTEXT and node.args:
                index = 1 if _name(node.func).startswith("pgettext") else 0
                arg = node.args[index] if len(node.args) > index else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield rel, arg.value


TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1""", re.S)
UNDERSCORE = re.compile(r"""_\((["'])(.*?)\1\)""")
BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def templates():
    for path in sorted(SRC.rglob("templates/**/*.html")):
        rel = path.relative_to(path.parents[len(path.relative_to(SRC).parts) - 2]).as_posix()
        yield rel, path.relative_to(SRC).as_posix(), path.read_text(encoding="utf-8")


def template_msgids():
    for _rel, where, text in templates():
        for match in TAG.finditer(text):
            yield where, match.group(2)
        for match in UNDERSCORE.finditer(text):
            yield where, match.group(2)
        for match in BLOCK.finditer(text):
            options, body = match.group(1), match.group(2)
            singular = re.split(r"\{%\s*plural\s*%\}", body)[0]
            msgid = VAR.sub(r"%(\1)s", singular.replace("%", "%%"))
            if "trimmed" in options:
                msgid = " ".join(
                    line.strip() for line in msgid.strip().splitlines() if line.strip()
                )
            yield where, msgid


def test_every_msgid_of_the_interface_has_a_chinese_translation():
    known = catalogue()
    missing = sorted(
        {
            f"{where}: {msgid!r}"
            for where, msgid in [*python_msgids(), *template_msgids()]
            if msgid.strip() and not known.get(msgid)
        }
    )
    assert not missing, "not in the zh catalogue:\n" + "\n".join(missing)


USER_FACING = re.compile(r"(Error|Refused|Failed|NotAllowed|Invalid|Conflict)$")


def _literal_cjk(node) -> bool:
    """A string literal (or f-string) in Chinese that is not inside a gettext call."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_cjk(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_cjk(node.left) or _literal_cjk(node.right)
    return False


def hard_coded_messages():
    for rel, tree in python_modules():
        if any(part in rel for part in NOT_INTERFACE):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            shown = (
                USER_FACING.search(name)
                or name in {"add_error", "PermissionDenied"}
                or (isinstance(node.func, ast.Attribute) and _name(node.func.value) == "messages")
            )
            # A parse error carries its detail in both languages (detail_zh with detail_en).
            values = [*node.args, *(k.value for k in node.keywords if k.arg != "detail_zh")]
            if shown and any(_literal_cjk(a) for a in values):
                yield f"{rel}:{node.lineno}: {name}(…)"


def test_no_message_shown_to_a_user_is_hard_coded_chinese():
    found = sorted(hard_coded_messages())
    assert not found, "Chinese outside gettext (English UI would show it):\n" + "\n".join(found)


TEMPLATE_NOISE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<!--.*?-->|<[^>]*>", re.S)
TRANSLATED_BLOCKS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
    re.S,
)


def test_no_template_text_is_chinese_outside_the_catalogue():
    found = []
    for rel, where, text in templates():
        if rel in BILINGUAL_TEMPLATES or any(part in where for part in NOT_INTERFACE):
            continue
        bare = TEMPLATE_NOISE.sub(" ", TRANSLATED_BLOCKS.sub(" ", text))
        if rel == "base.html":
            bare = bare.replace(" 整 ", " ", 1)  # the logo's glyph (aria-hidden), not a word
        for line in bare.splitlines():
            if CJK.search(line):
                found.append(f"{where}: {line.strip()[:60]}")
    assert not found, "template text outside the catalogue:\n" + "\n".join(found)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_upload_limit_message_speaks_the_page_language(settings, language):
    """The over-size upload error (core.files) follows the interface language."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from rectify.core.errors import DomainError
    from rectify.core.files import check_evidence_file

    settings.RECTIFY_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big60.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with translation.override(language):
        with pytest.raises(DomainError) as error:
            check_evidence_file(big)
        message = str(error.value)
    assert "big60.pdf" in message
    assert bool(CJK.search(message)) == (language == "zh-hans"), message
