"""Benchmark: a 10 000-row Excel ledger read and checked (the dry run of `rectify ledger
import`; target ≤ 15 s). Fresh in-memory SQLite unless DATABASE_URL says otherwise.

    .venv/bin/python benchmarks/bench_ledger_import.py [--rows 10000]
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench_grid import build
from common import database_name, setup_django

TARGET_SECONDS = 15.0


def write_ledger(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["某街道巡察整改台账"])
    header = ["序号", "方面", "问题", "整改措施", "整改类型", "牵头部门", "责任人", "完成时限"]
    sheet.write_row(1, 0, [*header, "状态"])
    deadlines = ["2023年12月底前", "2024.6.30", "2023年第四季度", "长期坚持", "12月底"]
    for i in range(rows):
        problem = f"（{i // 10 + 1}）问题{i // 10 + 1}" if i % 10 == 0 else None
        aspect = f"第{i // 500 + 1}方面" if i % 500 == 0 else None
        sheet.write_row(
            2 + i,
            0,
            [
                i + 1,
                aspect,
                problem,
                f"措施{i}",
                "限期整改",
                "执法办",
                "张三",
                deadlines[i % 5],
                "正在推进",
            ],
        )
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))
    from rectify.imports.ledger import read_workbook
    from rectify.imports.ledger_apply import ledger_plan

    inspection, _office = build(50)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        write_ledger(path, args.rows)
        start = time.perf_counter()
        read = read_workbook(path, year=2023)
        read_seconds = time.perf_counter() - start
        plan = ledger_plan(inspection=inspection, read=read)
        total = time.perf_counter() - start
    print(
        json.dumps(
            {
                "database": database_name(),
                "rows": args.rows,
                "read_seconds": round(read_seconds, 3),
                "validate_seconds": round(total, 3),
                "target_seconds": TARGET_SECONDS,
                "within_target": total <= TARGET_SECONDS,
                "errors": len(read.errors),
                "created": plan.created,
            }
        )
    )


if __name__ == "__main__":
    main()
