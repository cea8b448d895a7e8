"""Held-out photo pairs for the near-identical-photo check, made by code (no binary files):
street scenes unlike the coloured blocks of test_rounds_and_reuse. A pair is the same photo
(label 1) when one is the other re-saved, resized, cropped a little, brightened, blurred or
turned a degree or two — what happens when a photo is attached again; it is a different
photo (label 0) when it shows another scene, or the same place after the work (a building
gone, a wall repainted: before/after photos that must not be flagged)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

SIZE = (400, 300)


def street(seed: int, *, after: bool = False) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, (rng.randint(150, 210), rng.randint(180, 220), 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 210, 400, 300], fill=(rng.randint(70, 100),) * 3)  # the road
    x = 0
    buildings = []
    while x < 400:
        width, height = rng.randint(50, 110), rng.randint(80, 190)
        colour = tuple(rng.randint(60, 200) for _ in range(3))
        buildings.append((x, width, height, colour))
        x += width + rng.randint(0, 15)
    for i, (x, width, height, colour) in enumerate(buildings):
        if after and i == len(buildings) // 2:
            continue  # the illegal building is gone
        draw.rectangle([x, 210 - height, x + width, 210], fill=colour)
        for wy in range(210 - height + 10, 200, 22):
            for wx in range(x + 6, x + width - 10, 18):
                draw.rectangle([wx, wy, wx + 9, wy + 12], fill=(230, 230, 180))
    if after:
        draw.rectangle([0, 150, 400, 210], fill=(200, 200, 200))  # the wall repainted
    for _ in range(rng.randint(2, 5)):  # cars
        cx = rng.randint(0, 360)
        draw.rectangle([cx, 240, cx + 40, 262], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    return image


def _bytes(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _crop(image: Image.Image, share: float) -> Image.Image:
    w, h = image.size
    dx, dy = int(w * share), int(h * share)
    return image.crop((dx, dy, w - dx, h - dy))


SAME = [
    lambda im: _bytes(im, "JPEG", quality=55),
    lambda im: _bytes(im.resize((320, 240))),
    lambda im: _bytes(_crop(im, 0.03)),
    lambda im: _bytes(ImageEnhance.Brightness(im).enhance(1.12), "JPEG", quality=80),
    lambda im: _bytes(im.filter(ImageFilter.GaussianBlur(1.2))),
    lambda im: _bytes(im.rotate(1.5, fillcolor=(128, 128, 128))),
    lambda im: _bytes(ImageEnhance.Contrast(im.resize((600, 450))).enhance(0.9), "JPEG"),
    lambda im: _bytes(im.convert("L").convert("RGB")),
]


def pairs() -> list[tuple[bytes, bytes, int, str]]:
    """(photo a, photo b, label, how) — 32 pairs, half the same photo."""
    out = []
    for i in range(16):
        original = street(1000 + i)
        how = i % len(SAME)
        out.append((_bytes(original), SAME[how](original), 1, f"same/{how}"))
    for i in range(8):
        out.append((_bytes(street(2000 + i)), _bytes(street(3000 + i)), 0, "other scene"))
    for i in range(8):
        seed = 4000 + i
        out.append((_bytes(street(seed)), _bytes(street(seed, after=True)), 0, "before/after"))
    return out
