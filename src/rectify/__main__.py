"""The `rectify` console script: Django's management commands plus Rectify's own."""

import os
import sys

from django.core.management import execute_from_command_line

# Commands are modules with underscores; users type them with hyphens (`rectify import-notice`).
ALIASES: dict[str, str] = {}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        name = argv[1].replace("-", "_")
        argv[1] = ALIASES.get(name, name)
    argv[0] = "rectify"
    try:
        execute_from_command_line(argv)
    finally:
        _anchor_audit_chain()


def _anchor_audit_chain() -> None:
    """A command that wrote audit entries ends with a checkpoint of the chain's head."""
    from django.apps import apps  # noqa: PLC0415  (after the command set Django up)

    if apps.ready:
        from rectify.audit.checkpoints import flush  # noqa: PLC0415

        flush("command")


if __name__ == "__main__":
    main()
