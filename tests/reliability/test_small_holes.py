"""The smaller holes: dates out of any sane range, zip bombs named .docx and SVG with script
as evidence, extracted backups left in /tmp by killed processes, and a deployment that
encrypts personal data under a key derived from SECRET_KEY without a word."""

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import rectify
from rectify.core import backup
from rectify.core.errors import ValidationFailed
from rectify.core.files import check_evidence_file
from rectify.core.tempdir import tmp_cleanup_stale
from rectify.measures.models import ProgressReport

SRC = Path(rectify.__file__).resolve().parents[1]


@pytest.mark.parametrize("date", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_report_date_out_of_any_sane_range_is_refused(client, cast, measure, date):
    client.force_login(cast.reporter)
    url = reverse("measures:report", args=[measure.pk])
    response = client.post(url, {"text": "已整改", "report_date": date})
    assert response.status_code == 400
    assert "2000-01-01" in response.content.decode() and "之间的日期" in response.content.decode()
    api = client.post(
        f"/api/measures/{measure.pk}/reports/", {"text": "已整改", "report_date": date}
    )
    assert api.status_code == 400, api.content
    assert not ProgressReport.objects.exists()


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))  # 64 MB of nothing
    return out.getvalue()


def test_a_zip_bomb_named_docx_is_refused_with_a_message():
    bomb = _docx_bomb()
    assert len(bomb) < 200 * 1024
    with pytest.raises(ValidationFailed, match="压缩炸弹") as refused:
        check_evidence_file(SimpleUploadedFile("整改报告.docx", bomb))
    assert "整改报告.docx" in str(refused.value)


def test_a_real_docx_is_still_accepted():
    from docx import Document

    out = io.BytesIO()
    doc = Document()
    for n in range(200):
        doc.add_paragraph("整改措施落实情况。" * 20 + str(n))
    doc.save(out)
    checked = check_evidence_file(SimpleUploadedFile("报告.docx", out.getvalue()))
    assert checked.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "name, body",
    [
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("照片.png.svg", b"<?xml version='1.0'?><svg onload='alert(1)'></svg>"),
        ("readme.txt", b"\xef\xbb\xbf  <html><body><script>steal()</script></body></html>"),
    ],
)
def test_svg_and_html_with_script_are_refused_as_evidence(client, cast, measure, name, body):
    client.force_login(cast.reporter)
    response = client.post(
        reverse("measures:report", args=[measure.pk]),
        {"text": "已整改", "files": [SimpleUploadedFile(name, body)]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page and "SVG" in page
    assert not ProgressReport.objects.exists()


def test_a_killed_restore_leaves_nothing_readable_and_nothing_after_the_next_start(
    settings, tmp_path, db
):
    """A restore killed while the archive is extracted: its files (password hashes) are in
    a 0700 folder under RECTIFY_DATA_DIR, not /tmp, and the next start removes them."""
    settings.DATA_DIR = tmp_path / "data"
    archive = tmp_path / "backup.tar.gz"
    backup.backup_create(output=archive)
    script = (
        "import os, sys, django;"
        "os.environ['DJANGO_SETTINGS_MODULE']='rectify.settings'; django.setup();"
        "from pathlib import Path; from rectify.core import restore\n"
        "def stop(name):\n"
        "    if name == 'extracted':\n"
        "        root = Path(restore.settings.RECTIFY_RESTORE_STAGING)\n"
        "        print(next(root.iterdir()), flush=True)\n"
        "        os.kill(os.getpid(), 9)\n"
        "restore._stage = stop\n"
        "restore.backup_restore(archive=Path(sys.argv[1]), trust_unsigned=True)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]),
        "RECTIFY_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}",
        "RECTIFY_TESTING": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(archive)], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    staging = Path(done.stdout.decode().strip())
    assert (staging / "archive" / "data.json").exists()  # what the killed restore left
    assert staging.is_relative_to(settings.DATA_DIR / "tmp")
    for folder in (settings.DATA_DIR / "tmp", staging.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    settings.RECTIFY_RESTORE_STAGING = staging.parent
    removed = tmp_cleanup_stale()
    assert staging / "archive" in removed and not (staging / "archive").exists()


def test_check_deploy_warns_without_data_keys(settings, db):
    settings.RECTIFY_DATA_KEYS = ""
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "rectify.W010" in ids
    settings.RECTIFY_DATA_KEYS = "k1:" + "A" * 43 + "="
    assert "rectify.W010" not in [m.id for m in run_checks(include_deployment_checks=True)]
