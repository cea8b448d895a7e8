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
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
