import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectify.audit.selectors import audit_chain_verify
from rectify.core.backup import backed_up_models
from rectify.measures.services import progress_report_submit
from rectify.orgs.models import User

from ..factories import pdf_upload


def snapshot() -> dict[str, list]:
    """Every backed-up table as sorted plain data, to compare before and after."""
    out = {}
    for model in backed_up_models():
        fields = model._meta.concrete_fields
        m2m = model._meta.many_to_many
        out[model._meta.label] = [
            {f.attname: f.value_from_object(obj) for f in fields}
            | {f.name: sorted(o.pk for o in f.value_from_object(obj)) for f in m2m}
            for obj in model._default_manager.order_by("pk")
        ]
    return out


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def populated(transactional_db, cast, measure, units):
    measure.co_departments.set([units.party])
    office = User.objects.get(pk=cast.office.pk)
    office.phone = "13812345678"
    office.save()
    progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="已拆除2处。",
        files=[pdf_upload("拆除照片说明.pdf")],
    )
    return measure


def test_backup_restore_round_trip(populated, tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    before, files_before = snapshot(), media_files(Path(settings.MEDIA_ROOT))
    assert files_before, "the evidence file must be on disk"
    call_command("backup", "-o", str(archive))

    with tarfile.open(archive) as tar:
        data = tar.extractfile("data.json").read().decode()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "13812345678" not in data, "personal data stays encrypted inside the backup"
    assert manifest["tables"]["measures.Measure"] == 1

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(archive))

    assert snapshot() == before
    assert media_files(Path(settings.MEDIA_ROOT)) == files_before
    assert User.objects.get(username="office").phone == "13812345678"
    assert audit_chain_verify()[1] == []


def test_restore_refuses_a_database_with_data(populated, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_refuses_a_tampered_archive(populated, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive))
    tampered = tmp_path / "t.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            if member.name == "data.json":
                content = content.replace(b"measures.measure", b"measures.measurX", 1)
                member.size = len(content)
            import io

            dst.addfile(member, io.BytesIO(content))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tampered))


def test_restore_rejects_garbage(tmp_path, transactional_db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="not a valid backup"):
        call_command("restore", str(junk))


OLD_ARCHIVE = Path(__file__).parent / "data" / "backup-0.1.0.tar.gz"


def test_an_archive_of_release_0_1_0_restores(db, tmp_path, settings):
    """Made by `rectify backup` at release 0.1.0 (the demo, one finished and one failed
    export): sign-offs and exports moved apps since, and exports keep their state on jobs."""
    from rectify.jobs.models import Job
    from rectify.measures.models import Measure, SignOff
    from rectify.reports.models import ExportJob

    settings.MEDIA_ROOT = tmp_path / "media"
    with tarfile.open(OLD_ARCHIVE) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    with pytest.raises(CommandError, match="not signed"):
        call_command("restore", str(OLD_ARCHIVE))
    call_command("restore", str(OLD_ARCHIVE), "--trust-unsigned")
    assert Measure.objects.count() == manifest["tables"]["measures.Measure"] == 82
    assert SignOff.objects.count() == manifest["tables"]["signoff.SignOff"] > 0
    exports = {e.job.status: e for e in ExportJob.objects.select_related("job")}
    assert set(exports) == {"succeeded", "failed"}
    assert exports["failed"].job.error == "磁盘已满"
    assert exports["succeeded"].rows == 10
    assert Job.objects.count() == 2
    assert audit_chain_verify()[1] == []
    assert media_files(Path(settings.MEDIA_ROOT)), "the evidence files are back"
