"""Compile every locale/*.po into .mo with polib: no GNU gettext needed on the machine."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "rectify"

for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        continue
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(mo_path))
    print(f"compiled {po_path.relative_to(ROOT)} ({catalogue.percent_translated()}% translated)")
