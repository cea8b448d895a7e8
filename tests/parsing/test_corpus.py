"""The corpus: documents in the house styles of many levels, each with the facts a person finds.

Every ``corpus/<name>.txt`` (UTF-8, or GBK as offices still save it) or ``corpus/<name>.docx``
has a ``<name>.expected.json``; each document is parsed as written and as its twin in the other
punctuation width (，：；（） ↔ ,:;(); a .docx's paragraphs and cells alike, a GBK text saved
again as GBK), and must give every expected fact. Keys of the expected file (all optional):

- ``doc_kind``, ``title``, ``issuer``, ``date``: equal;
- ``inspection``: these keys equal;
- ``totals``: these counts equal ("aspects", "problems", "items", "measures");
- ``roots``: the titles of the top-level findings, in order;
- ``figures``: "12.6万元", "94.6%" … each found (value and unit);
- ``dates`` / ``deadlines``: ISO dates each found among the notice's dates / deadlines;
- ``report_due``: the rectification report's due date;
- ``recommendations``: how many;
- ``institutions``: 《…》 titles each found;
- ``meeting``: a news item's meeting ("chair", "attendees", "date") equal;
- ``warnings``: codes each present; ``no_warnings``: codes absent;
- ``known_misses``: facts a person finds that the parser does not find yet, named as
  ``facts()`` names them ("report_due", "inspection.start", "figure 12个", "deadline 2024-06-30",
  "roots", "totals.items", …). Each is asserted to be still missed, so a fix shows up
  (and its name must then leave the list).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from rectify.lib.text import to_halfwidth
from rectify.parsing import ParsedNotice, parse_bytes

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = {p.stem: p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx")}
NAMES = sorted(DOCUMENTS)
_TO_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "．": "."})
_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
_FIGURE = re.compile(r"^(\d+(?:\.\d+)?)(.+)$")


def twin(text: str) -> str:
    """The same document in the other punctuation width (labels "1." ↔ "1．" included)."""
    if text.count("，") >= text.count(","):
        return text.translate(_TO_HALF)
    full = text.translate(_TO_FULL)
    return re.sub(r"(?m)^(\s*\d{1,2})\.(?!\d)", r"\1．", full)


def facts(notice: ParsedNotice, exp: dict) -> list[tuple[str, bool]]:
    """Each expected fact, by name, and whether the parser found it."""
    d = notice.to_dict()
    out: list[tuple[str, bool]] = []
    for key in ("doc_kind", "title", "issuer", "date"):
        if key in exp:
            out.append((key, d[key] == exp[key]))
    for key, value in exp.get("inspection", {}).items():
        out.append((f"inspection.{key}", d["inspection"].get(key) == value))
    for key, value in exp.get("totals", {}).items():
        out.append((f"totals.{key}", d["totals"].get(key) == value))
    if "roots" in exp:
        roots = [to_halfwidth(f["title"]) for f in d["findings"]]
        out.append(("roots", roots == [to_halfwidth(x) for x in exp["roots"]]))
    return out + _more_facts(notice, d, exp)


def _more_facts(notice: ParsedNotice, d: dict, exp: dict) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    found = {(float(f["value"]), f["unit"]) for f in d["figures"]}
    for fig in exp.get("figures", []):
        m = _FIGURE.match(fig)
        out.append((f"figure {fig}", bool(m and (float(m.group(1)), m.group(2)) in found)))
    for key in ("dates", "deadlines"):
        have = {x["date"] for x in d[key]}
        out += [(f"{key[:-1]} {x}", x in have) for x in exp.get(key, [])]
    if "report_due" in exp:
        due = notice.report_due()
        out.append(("report_due", (due.isoformat() if due else None) == exp["report_due"]))
    if "recommendations" in exp:
        out.append(("recommendations", len(notice.recommendations) == exp["recommendations"]))
    for key, value in exp.get("meeting", {}).items():  # a news item's chair, attendees, date
        out.append((f"meeting.{key}", d.get("meeting", {}).get(key) == value))
    titles = {i["title"] for i in d["institutions"]}
    out += [(f"institution {t}", t in titles) for t in exp.get("institutions", [])]
    codes = {w["code"] for w in d["warnings"]}
    out += [(f"warning {c}", c in codes) for c in exp.get("warnings", [])]
    out += [(f"no_warning {c}", c not in codes) for c in exp.get("no_warnings", [])]
    return out


def _check(notice: ParsedNotice, exp: dict) -> None:
    results = facts(notice, exp)
    names = {name for name, _ in results}
    misses = set(exp.get("known_misses", []))
    assert misses <= names, f"known misses that name no fact: {sorted(misses - names)}"
    missing = [name for name, ok in results if not ok and name not in misses]
    assert not missing, f"facts missed: {missing}; {notice.to_dict()['totals']}"
    fixed = [name for name, ok in results if ok and name in misses]
    assert not fixed, f"known misses now found (take them off the list): {fixed}"


def test_corpus_is_large_enough():
    assert len(NAMES) * 2 >= 60  # each document in both widths


def _text_twin(data: bytes) -> bytes:
    """A text document's twin, saved in the encoding it was written in."""
    for encoding in ("utf-8", "gbk"):
        try:
            return twin(data.decode(encoding)).encode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("a corpus text is UTF-8 or GBK")


def _docx_twin(data: bytes) -> bytes:
    """A .docx's twin: every run of its paragraphs and table cells in the other width."""
    document = docx.Document(io.BytesIO(data))
    paras = list(document.paragraphs)
    for table in document.tables:
        paras += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    text = "\n".join(r.text for p in paras for r in p.runs)
    converted = twin(text).split("\n")
    runs = [r for p in paras for r in p.runs]
    assert len(converted) == len(runs)  # runs hold no line breaks
    for run, new in zip(runs, converted, strict=True):
        run.text = new
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("width", ["as_written", "twin"])
@pytest.mark.parametrize("name", NAMES)
def test_corpus_document(name: str, width: str) -> None:
    path = DOCUMENTS[name]
    data = path.read_bytes()
    exp = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    if width == "twin":
        data = _docx_twin(data) if path.suffix == ".docx" else _text_twin(data)
    notice = parse_bytes(data, path.name)
    _check(notice, exp)
