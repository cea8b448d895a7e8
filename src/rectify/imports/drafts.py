"""Paths into a kept parse: how the review form names each finding of a draft."""


def _walk(findings: list[dict], prefix: str = ""):
    for i, node in enumerate(findings):
        path = f"{prefix}{i}"
        yield path, node
        yield from _walk(node.get("children") or [], f"{path}.")


def draft_paths(parsed: dict):
    """(path, finding dict) in document order; paths like "0.1.2" name fields of the form."""
    return _walk(parsed.get("findings") or [])
