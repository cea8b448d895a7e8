"""The corpus: documents in the house styles of many levels, each with the facts a person finds.

Every ``corpus/<name>.txt`` has a ``<name>.expected.json``; each document is parsed as written
and as its twin in the other punctuation width (，：；（） ↔ ,:;()), and must give every
expected fact. Keys of the expected file (all optional):

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
- ``warnings``: codes each present; ``no_warnings``: codes absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rectify.lib.text import to_halfwidth
from rectify.parsing import ParsedNotice, parse_bytes

CORPUS = Path(__file__).parent / "corpus"
NAMES = sorted(p.name.removesuffix(".txt") for p in CORPUS.glob("*.txt"))
_TO_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "．": "."})
_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
_FIGURE = re.compile(r"^(\d+(?:\.\d+)?)(.+)$")


def twin(text: str) -> str:
    """The same document in the other punctuation width (labels "1." ↔ "1．" included)."""
    if text.count("，") >= text.count(","):
        return text.translate(_TO_HALF)
    full = text.translate(_TO_FULL)
    return re.sub(r"(?m)^(\s*\d{1,2})\.(?!\d)", r"\1．", full)


def _check(notice: ParsedNotice, exp: dict) -> None:
    d = notice.to_dict()
    for key in ("doc_kind", "title", "issuer", "date"):
        if key in exp:
            assert d[key] == exp[key], key
    for key, value in exp.get("inspection", {}).items():
        assert d["inspection"][key] == value, f"inspection.{key}"
    for key, value in exp.get("totals", {}).items():
        assert d["totals"][key] == value, f"totals.{key}: {d['totals']}"
    if "roots" in exp:
        roots = [to_halfwidth(f["title"]) for f in d["findings"]]
        assert roots == [to_halfwidth(x) for x in exp["roots"]]
    _check_facts(notice, d, exp)


def _check_facts(notice: ParsedNotice, d: dict, exp: dict) -> None:
    found = {(float(f["value"]), f["unit"]) for f in d["figures"]}
    for fig in exp.get("figures", []):
        m = _FIGURE.match(fig)
        assert m and (float(m.group(1)), m.group(2)) in found, f"figure {fig}"
    for key in ("dates", "deadlines"):
        have = {x["date"] for x in d[key]}
        missing = [x for x in exp.get(key, []) if x not in have]
        assert not missing, f"{key} missing {missing}; have {sorted(h for h in have if h)}"
    if "report_due" in exp:
        due = notice.report_due()
        assert (due.isoformat() if due else None) == exp["report_due"]
    if "recommendations" in exp:
        assert len(notice.recommendations) == exp["recommendations"], notice.recommendations
    for key, value in exp.get("meeting", {}).items():  # a news item's chair, attendees, date
        assert d.get("meeting", {}).get(key) == value, f"meeting.{key}"
    titles = {i["title"] for i in d["institutions"]}
    for t in exp.get("institutions", []):
        assert t in titles, f"institution {t}"
    codes = {w["code"] for w in d["warnings"]}
    for code in exp.get("warnings", []):
        assert code in codes, f"warning {code} missing: {codes}"
    for code in exp.get("no_warnings", []):
        assert code not in codes, f"warning {code} present"


def test_corpus_is_large_enough():
    assert len(NAMES) * 2 >= 60  # each document in both widths


@pytest.mark.parametrize("width", ["as_written", "twin"])
@pytest.mark.parametrize("name", NAMES)
def test_corpus_document(name: str, width: str) -> None:
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    exp = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    if width == "twin":
        text = twin(text)
    notice = parse_bytes(text.encode("utf-8"), f"{name}.txt")
    _check(notice, exp)
