"""Paths into a kept parse: how the review form names each finding of a draft."""

from collections.abc import Iterator

from rectify.parsing import ParsedFinding, ParsedNotice


def _walk(findings: list[ParsedFinding], prefix: str = "") -> Iterator[tuple[str, ParsedFinding]]:
    for i, node in enumerate(findings):
        path = f"{prefix}{i}"
        yield path, node
        yield from _walk(node.children, f"{path}.")


def draft_paths(parsed: ParsedNotice) -> Iterator[tuple[str, ParsedFinding]]:
    """(path, finding) in document order; paths like "0.1.2" name fields of the form."""
    return _walk(parsed.findings)
