"""Copy three pictures of the browser journey (tests/e2e/test_journey.py) into docs/screenshots/
for the README, each cut to what one screen shows: the signed-off measure on a desktop, the
progress report form on a phone, the published notice as the public reads it on a phone.

    make test   # or: pytest tests/e2e/test_journey.py (RECTIFY_ARTIFACTS=var/artifacts)
    python scripts/readme_screenshots.py [artefact folder [output folder]]

Look at the results before committing them: they must show real pages.
"""

import os
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
# journey shot (its name after journey-NN-) → README picture, and the screen it is cut to
PICKS = {
    "signed-off": ("journey-measure-desktop.png", (1366, 900)),
    "phone-report-form": ("journey-report-phone.png", (390, 844)),
    "public-notice": ("journey-public-notice-phone.png", (390, 844)),
}


def shot_named(folder: Path, name: str) -> Path:
    found = sorted(folder.glob(f"journey-[0-9][0-9]-{name}.png"))
    if not found:
        sys.exit(f"no journey-NN-{name}.png in {folder}: run the journey test first")
    return found[-1]


def main() -> None:
    default = os.environ.get("RECTIFY_ARTIFACTS") or ROOT / "var" / "artifacts"
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, (target, (width, height)) in PICKS.items():
        with Image.open(shot_named(folder, name)) as image:
            cut = image.convert("RGB").crop((0, 0, width, min(height, image.height)))
            cut.save(out / target, optimize=True)
        print(out / target)


if __name__ == "__main__":
    main()
