"""Near-duplicate pairs inside one block of texts, without comparing every pair.

Texts are cut into 3-character shingles; an inverted index finds the pairs that share enough
rare shingles (a shingle in more than `common` texts is boilerplate and is not indexed), and
only those candidates are scored. A block of n texts costs about n · common lookups, not n².
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence

from .text import normalise, shingles

MIN_SHARED = 0.25  # of the smaller text's shingles, to be a candidate


def similar_pairs(
    items: Sequence[tuple[Hashable, str]],
    *,
    score: Callable[[str, str], float],
    threshold: float,
    common: int = 60,
    keep: Callable[[Hashable, Hashable], bool] | None = None,
) -> list[tuple[Hashable, Hashable, float]]:
    """(key a, key b, score) for every pair of `items` scoring at least `threshold`.

    Texts equal once normalised (often a one-line report pasted under many measures) are
    paired with the first of them, score 100, and only that first one is indexed.
    """
    unique, found = _exact_copies(items)
    found = [(a, b, s) for a, b, s in found if keep is None or keep(a, b)]
    sets = [shingles(text) for _key, text in unique]
    for i, j in _candidates(sets, common):
        (key_a, text_a), (key_b, text_b) = unique[i], unique[j]
        if keep is not None and not keep(key_a, key_b):
            continue
        value = score(text_a, text_b)
        if value >= threshold:
            found.append((key_a, key_b, value))
    return found


def _exact_copies(items):
    found = []
    first: dict[str, int] = {}
    unique: list[tuple[Hashable, str]] = []
    for key, text in items:
        norm = normalise(text)
        if not norm:
            continue
        if norm in first:
            found.append((unique[first[norm]][0], key, 100.0))
            continue
        first[norm] = len(unique)
        unique.append((key, text))
    return unique, found


def _candidates(sets: list[set[str]], common: int) -> list[tuple[int, int]]:
    """Pairs sharing at least MIN_SHARED of the smaller one's rare shingles."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, grams in enumerate(sets):
        for gram in grams:
            index[gram].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for posting in index.values():
        if 2 <= len(posting) <= common:
            for x, i in enumerate(posting):
                for j in posting[x + 1 :]:
                    shared[(i, j)] += 1
    return [
        (i, j)
        for (i, j), count in shared.items()
        if count >= MIN_SHARED * max(min(len(sets[i]), len(sets[j])), 1)
    ]
