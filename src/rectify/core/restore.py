"""Restore a backup archive: nothing half-done, whatever stops it.

1. The archive is streamed (decrypted when it is encrypted) into a staging folder under
   `RECTIFY_RESTORE_STAGING` (mode 0700, one per run, named after its process), its
   signature and every checksum checked, and its rows brought to today's models.
2. The database is migrated and must hold no data.
3. The files are copied into MEDIA_ROOT, each through a temporary name, fsynced and renamed;
   every file that was not there before is listed in the run's journal first.
4. The database is loaded and its counts checked in one transaction: the commit is the
   last step. A restore stopped before it leaves the database empty and removes the files
   it placed (at once on an error or a SIGTERM; on the next run after a SIGKILL), so the
   same command can simply be run again; one stopped after it is complete.

The staging folder (which holds the extracted data, password hashes included) is removed on
every way out; a run finds and removes any left by a killed one.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .backup import SIGNATURE, backed_up_models, table_counts
from .backup_crypto import MAGIC, DecryptingReader, check_signature
from .backup_upgrade import upgrade_counts, upgrade_rows
from .errors import ValidationFailed
from .signals import backup_restored

JOURNAL = "placed.txt"


def _stage(name: str) -> None:
    """A named point of the restore: extracted, migrated, files_placed, loaded, committed.
    (Tests stop the process here.)"""


def backup_restore(*, archive: Path, trust_unsigned: bool = False) -> dict:
    """Restore into an empty database and media folder; return the manifest."""
    root = Path(settings.RECTIFY_RESTORE_STAGING)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    _refuse_concurrent(root)
    staging = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
    committed = False
    try:
        manifest = _extract_checked(archive, staging / "archive", trust_unsigned=trust_unsigned)
        expected = _upgrade(staging / "archive", manifest)
        _stage("extracted")
        call_command("migrate", interactive=False, verbosity=0)
        _recover_stale(root, current=staging)
        _refuse_data()
        _stage("migrated")
        _place_files(staging, manifest)
        _stage("files_placed")
        with transaction.atomic():
            data = staging / "archive" / "data.json"
            call_command("loaddata", str(data), format="fulljson", verbosity=0)
            _check_counts(expected)
            _stage("loaded")
        committed = True
        _stage("committed")
    except BaseException:
        if not committed:
            _unplace(staging / JOURNAL)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    backup_restored.send(sender=backup_restore, manifest=manifest)
    return manifest


def _pid_of(folder: Path) -> int | None:
    head = folder.name.partition("-")[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refuse_concurrent(root: Path) -> None:
    for folder in root.iterdir():
        pid = _pid_of(folder)
        if pid and pid != os.getpid() and _alive(pid):
            raise ValidationFailed(
                "另一个恢复正在进行（进程 %(pid)s）/ another restore is running (process "
                "%(pid)s); if it is not, remove %(path)s",
                pid=str(pid),
                path=str(folder),
            )


def _recover_stale(root: Path, *, current: Path) -> None:
    """Folders of killed runs: their files go when their database load never committed."""
    empty = not any(table_counts().values())
    for folder in root.iterdir():
        if folder != current:
            if empty:
                _unplace(folder / JOURNAL)
            shutil.rmtree(folder, ignore_errors=True)


def _refuse_data() -> None:
    business = {k: v for k, v in table_counts().items() if v}
    if business:
        raise ValidationFailed(
            "目标数据库非空，拒绝恢复 / the target database is not empty (%(t)s); restore "
            "only into an empty database",
            t=", ".join(sorted(business)[:5]),
        )


def _member_path(into: Path, name: str) -> Path:
    if name.startswith("/") or ".." in Path(name).parts or not name:
        raise ValidationFailed("备份包含非法路径 / unsafe path in backup: %(n)s", n=name)
    return into / name


def _open(archive: Path, source):
    if source.read(len(MAGIC)) == MAGIC:
        source.seek(0)
        return DecryptingReader(source)
    source.seek(0)
    return source


def _extract(archive: Path, into: Path) -> dict[str, str]:
    digests: dict[str, str] = {}
    try:
        with (
            open(archive, "rb") as raw,
            tarfile.open(fileobj=_open(archive, raw), mode="r|gz") as tar,
        ):
            for member in tar:
                target = _member_path(into, member.name)
                source = tar.extractfile(member) if member.isfile() else None
                if source is None:
                    raise ValidationFailed(
                        "备份包含非法路径 / unsafe path in backup: %(n)s", n=member.name
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with source, open(target, "wb") as out:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
                digests[member.name] = digest.hexdigest()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ValidationFailed(
            "不是有效的备份文件 / not a valid backup archive: %(e)s", e=str(exc)
        ) from exc
    return digests


def _extract_checked(archive: Path, into: Path, *, trust_unsigned: bool) -> dict:
    """Extract into `into`, hashing as it streams; refuse unsafe paths, a missing or wrong
    signature (unless trusted) and bad checksums."""
    digests = _extract(archive, into)
    if "manifest.json" not in digests:
        raise ValidationFailed("备份缺少清单 / backup has no manifest.json")
    body = (into / "manifest.json").read_bytes()
    signature = (into / SIGNATURE).read_bytes() if SIGNATURE in digests else None
    if not trust_unsigned:
        check_signature(body, signature)
    manifest: dict = json.loads(body)
    digests.pop("manifest.json")
    digests.pop(SIGNATURE, None)
    expected = manifest.get("members", {})
    if set(expected) != set(digests):
        odd = sorted(set(expected) ^ set(digests))
        raise ValidationFailed(
            "备份文件不完整 / backup members differ from manifest: %(m)s", m=", ".join(odd[:5])
        )
    for name, digest in expected.items():
        if digests[name] != digest:
            raise ValidationFailed("校验和不符 / checksum mismatch: %(n)s", n=name)
    return manifest


def _upgrade(staged: Path, manifest: dict) -> dict[str, int]:
    """Bring the archive's rows and counts to today's models (core.backup_upgrade); return
    the row counts the restored database must have."""
    data_path = staged / "data.json"
    rows, added = upgrade_rows(json.loads(data_path.read_text(encoding="utf-8")))
    data_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    labels = {m._meta.label_lower: m._meta.label for m in backed_up_models()}
    expected = upgrade_counts(manifest["tables"], labels)
    for label, count in added.items():
        expected[label] = expected.get(label, 0) + count
    return expected


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _place_files(staging: Path, manifest: dict) -> None:
    root = Path(settings.MEDIA_ROOT)
    with open(staging / JOURNAL, "a", encoding="utf-8") as journal:
        for name, digest in manifest["members"].items():
            if not name.startswith("files/"):
                continue
            target = _member_path(root, name.removeprefix("files/"))
            if target.exists() and _sha256(target) == digest:
                continue
            if not target.exists():
                journal.write(f"{target}\n")
                journal.flush()
                os.fsync(journal.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            aside = target.with_name(f".{target.name}.restoring")
            shutil.copyfile(staging / "archive" / name, aside)
            with open(aside, "rb") as written:
                os.fsync(written.fileno())
            os.replace(aside, target)


def _unplace(journal: Path) -> None:
    """Remove the files a restore that never committed had placed (and any half-copied)."""
    if not journal.exists():
        return
    for line in journal.read_text(encoding="utf-8").splitlines():
        if line:
            target = Path(line)
            target.unlink(missing_ok=True)
            target.with_name(f".{target.name}.restoring").unlink(missing_ok=True)


def _check_counts(expected: dict[str, int]) -> None:
    """Every model holds what the archive says; models it does not name hold nothing."""
    counts = table_counts()
    diff = {
        k: (expected.get(k, 0), counts.get(k, 0))
        for k in set(counts) | set(expected)
        if counts.get(k, 0) != expected.get(k, 0)
    }
    if diff:
        raise ValidationFailed(
            "恢复后行数不符 / row counts differ after restore: %(d)s", d=str(diff)
        )
