"""Write the benchmark database's synthetic city unless it holds it (common.ensure_seeded).

run_all.py runs this in a process of its own before the benchmarks of each database, so that
no benchmark's memory or collector carries the writing of the city (the export's peak memory
was the synth's, 411 MB, when the export was the first to find the database empty).
"""

from common import ensure_seeded, setup_django

if __name__ == "__main__":
    setup_django()
    ensure_seeded()
