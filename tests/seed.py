"""Where the seed notice and its expected structure live, for tests of every app."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/rectify/demo/demo_data/haizhuang-2023-rectification-notice.txt"
DATA = Path(__file__).resolve().parent / "notices" / "data"
