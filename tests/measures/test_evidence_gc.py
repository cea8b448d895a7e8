import os
import time
from pathlib import Path

from django.core.management import call_command

from rectify.measures.services import progress_report_submit
from tests.factories import pdf_upload


def test_gc_removes_only_old_unreferenced_files(cast, measure, settings, capsys):
    progress_report_submit(
        measure=measure, actor=cast.reporter, text="已整改。", files=[pdf_upload()]
    )
    root = Path(settings.MEDIA_ROOT) / "evidence"
    kept = next(p for p in root.rglob("*") if p.is_file())
    orphan = root / "ab" / ("ab" + "0" * 62)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a rolled-back upload")
    young = root / "cd" / ("cd" + "0" * 62)
    young.parent.mkdir(parents=True, exist_ok=True)
    young.write_bytes(b"an upload still in flight")
    old = time.time() - 3 * 86400
    os.utime(orphan, (old, old))
    os.utime(kept, (old, old))
    call_command("evidence_gc")
    assert "removed 1" in capsys.readouterr().out
    assert kept.exists() and young.exists() and not orphan.exists()
