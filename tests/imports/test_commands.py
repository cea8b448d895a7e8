"""The command line: rectify import-notice, notice, parse — exit status 2 on bad input."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectify.imports.models import ImportRecord
from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from tests.seed import SEED


def rows():
    return (
        Inspection.objects.count(),
        Finding.objects.count(),
        Measure.objects.count(),
        ImportRecord.objects.count(),
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_notice_then_again(cast, units):
    out, _err = run("import_notice", str(SEED), "--user", "office")
    assert "82 项措施" in out
    assert rows()[2] == 82
    out, _err = run("import_notice", str(SEED), "--user", "office")
    assert "已导入过" in out
    assert rows() == (1, 44, 82, 1)


def test_import_notice_dry_run_json(cast, units):
    out, _err = run("import_notice", str(SEED), "--dry-run", "--json")
    result = json.loads(out)
    assert result["dry_run"] and result["counts"]["measures"] == 82
    assert rows() == (0, 0, 0, 0)


def write_bad(tmp_path, case: str):
    if case == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
    elif case == "binary":
        path = tmp_path / "garbage.txt"
        path.write_bytes(bytes(range(256)) * 200)
    elif case == "huge":
        path = tmp_path / "huge.txt"
        with path.open("wb") as fh:
            fh.seek(50 * 1024 * 1024)
            fh.write(b"x")
    elif case == "zip_bomb":
        path = tmp_path / "bomb.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", b"<w:document>" + b"0" * (150 * 1024 * 1024))
    elif case == "encoding":
        path = tmp_path / "weird.txt"
        path.write_bytes("巡察整改".encode("utf-16-le")[1:] * 300 + b"\xff\xfe\x00")
    else:
        path = tmp_path / "plain.txt"
        path.write_text("今天天气很好，我们去公园散步。\n然后回家吃饭。\n", encoding="utf-8")
    return path


def test_plain_text_is_parsed_with_a_warning_not_refused(cast, units, tmp_path):
    """Issue 8: nothing with text is refused; the import says the problems are entered by hand."""
    path = write_bad(tmp_path, "plain")
    out, _err = run("parse", str(path))
    assert "no_tree" in out
    _out, err = run("import_notice", str(path), "--user", "office")
    assert "手工录入" in err
    assert rows()[:2] == (1, 0)


@pytest.mark.parametrize("case", ["empty", "binary", "huge", "zip_bomb", "encoding"])
def test_bad_files_exit_with_status_2_and_write_nothing(cast, units, tmp_path, case):
    path = write_bad(tmp_path, case)
    with pytest.raises(CommandError) as info:
        run("import_notice", str(path), "--user", "office")
    assert info.value.returncode == 2
    assert str(info.value)
    assert rows() == (0, 0, 0, 0)
    with pytest.raises(CommandError) as info:
        run("parse", str(path))
    assert info.value.returncode == 2


def test_console_script_exit_status(tmp_path, cast, units):
    from rectify.__main__ import main

    path = write_bad(tmp_path, "empty")
    with pytest.raises(SystemExit) as info:
        main(["rectify", "import-notice", str(path)])
    assert info.value.code == 2


def test_unknown_user_or_inspection(cast, units):
    with pytest.raises(CommandError) as info:
        run("import_notice", str(SEED), "--user", "nobody")
    assert info.value.returncode == 2
    with pytest.raises(CommandError):
        run("import_notice", str(SEED), "--inspection", "999")
    with pytest.raises(CommandError):
        run("notice", "999", "--format", "txt")


def test_notice_command_writes_each_format(imported, tmp_path):
    pk = str(imported.inspection.pk)
    for fmt in ("docx", "html", "txt"):
        target = tmp_path / f"notice.{fmt}"
        run("notice", pk, "--format", fmt, "-o", str(target))
        assert target.stat().st_size > 1000
    out, err = run("notice", pk, "--format", "txt", "--renumber", "--check")
    assert "二是加强干部职工日常管理。" in out and "三是健全同级监督机制" in out
    assert "measure_no_owner" in err


def test_parse_command_json_and_outline():
    out, _err = run("parse", str(SEED), "--format", "json")
    data = json.loads(out)
    assert data["totals"]["measures"] == 82
    assert "巡察" in out  # ensure_ascii=False keeps Chinese readable
    out, _err = run("parse", str(SEED), "--format", "outline")
    assert "第一方面" in out


def test_import_notice_reports_kind_and_category_suggestions(cast, units):
    out, _err = run("import_notice", str(SEED), "--dry-run", "--json")
    result = json.loads(out)
    suggestions = result["suggestions"]
    kinds = [s for s in suggestions if s["field"] == "kind"]
    categories = [s for s in suggestions if s["field"] == "category"]
    assert kinds and categories
    assert result["counts"]["kind_suggestions"] == len(kinds)
    assert result["counts"]["category_suggestions"] == len(categories)
    assert all(s["cue"] and s["value"] not in ("time_bound", "general") for s in suggestions)
    out, _err = run("import_notice", str(SEED), "--user", "office")
    assert f"{len(kinds)} 个类型建议, {len(categories)} 个类别建议" in out
    for item in suggestions:  # written as the defaults; the plan grid offers the suggestion
        measure = Measure.objects.filter(text=item["measure"]).first()
        assert getattr(measure, item["field"]) in ("time_bound", "general")
