"""The browser tests' screenshots: one stable folder of the checkout for `make test` and CI
(said where at the end), and the README's three pictures cut from the journey's."""

import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def test_make_test_and_ci_keep_the_screenshots_in_var_artifacts_and_say_so():
    makefile = (ROOT / "Makefile").read_text()
    assert "RECTIFY_ARTIFACTS ?= $(CURDIR)/var/artifacts" in makefile
    assert "export RECTIFY_ARTIFACTS" in makefile
    assert "screenshots of the browser tests: $(RECTIFY_ARTIFACTS)" in makefile
    test_target = makefile.split("\ntest: install\n")[1].split("\n\n")[0]
    assert test_target.rstrip().endswith("artifacts")  # printed last
    ci = (ROOT / ".ci/run").read_text()
    assert 'export RECTIFY_ARTIFACTS="$PWD/var/artifacts"' in ci
    assert "trap " in ci and "EXIT" in ci  # printed whether the run passed or failed
    assert "/var/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_readmes_journey_pictures_exist():
    readme = (ROOT / "README.md").read_text()
    pictures = re.findall(r"\((docs/screenshots/journey-[^)]+\.png)\)", readme)
    assert len(pictures) == 3
    for picture in pictures:
        with Image.open(ROOT / picture) as image:
            assert image.width in (390, 1366) and image.height <= 900, picture


def test_the_script_cuts_the_journeys_shots_to_one_screen(tmp_path):
    shots, out = tmp_path / "artifacts", tmp_path / "out"
    shots.mkdir()
    for n, (name, size) in enumerate(
        {
            "signed-off": (1366, 2000),
            "phone-report-form": (390, 844),
            "public-notice": (390, 9000),
        }.items()
    ):
        Image.new("RGB", size, (255, 255, 255)).save(shots / f"journey-{n:02d}-{name}.png")
    script = ROOT / "scripts" / "readme_screenshots.py"
    done = subprocess.run(
        [sys.executable, script, shots, out], capture_output=True, text=True, check=True
    )
    assert len(done.stdout.split()) == 3
    sizes = {p.name: Image.open(p).size for p in out.iterdir()}
    assert sizes == {
        "journey-measure-desktop.png": (1366, 900),
        "journey-report-phone.png": (390, 844),
        "journey-public-notice-phone.png": (390, 844),
    }
