"""Run as a script: migrate the database of DATABASE_URL to exactly the given migrations.

`python migrate_to.py '[["measures", "0004_trigram_search"], ["jobs", null], …]'` — forwards
or backwards, several apps at once (Django's `migrate` takes one app's target).
"""

import json
import sys

import django

if __name__ == "__main__":
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    targets = [tuple(t) for t in json.loads(sys.argv[1])]
    executor = MigrationExecutor(connection)
    executor.loader.check_consistent_history(connection)
    executor.migrate(targets)
    print(f"migrated to {len(targets)} targets")
