"""The rows of the benchmarks that report their own JSON object (parse, notice, grid save,
ledger import, export, supervision run), in the one format of `report.row`."""

from report import row


def parse(r: dict, db: str) -> list[dict]:
    return [
        row(
            "parse seed notice",
            db=db,
            p50_ms=r["seed_parse_ms"],
            p95_ms=r["seed_parse_ms"],
            baseline="reading its text alone",
            baseline_ms=r["seed_read_ms"],
        ),
        row(
            "parse 1 MB notice",
            db=db,
            p50_ms=r["one_mb_parse_ms"],
            p95_ms=r["one_mb_parse_ms"],
            baseline="reading its text alone",
            baseline_ms=r["one_mb_read_ms"],
        ),
    ]


def notice(r: dict, db: str) -> list[dict]:
    rows = []
    for fmt in ("docx", "html", "txt"):
        f = r[fmt]
        target = "p50_ms <= 500" if fmt == "docx" else ""
        rows.append(
            row(
                f"notice, {fmt} (seed)",
                db=db,
                p50_ms=f["median_seconds"] * 1000,
                p95_ms=f["max_seconds"] * 1000,
                target=target,
            )
        )
    return rows


def grid(r: dict, db: str) -> list[dict]:
    return [
        row(
            f"plan grid save, {r['rows_saved']} rows",
            db=r["database"],
            p50_ms=r["save_seconds_median"] * 1000,
            p95_ms=r["save_seconds_max"] * 1000,
            target="p50_ms <= 300",
        ),
    ]


def ledger_import(r: dict, db: str) -> list[dict]:
    ms = r["validate_seconds"] * 1000
    return [
        row(
            f"ledger import, {r['rows']} rows",
            db=r["database"],
            p50_ms=ms,
            p95_ms=ms,
            baseline="reading the workbook alone",
            baseline_ms=r["read_seconds"] * 1000,
            target="p50_ms <= 15000",
        ),
    ]


def export(r: dict, db: str) -> list[dict]:
    ms = r["seconds"] * 1000
    return [
        row(
            f"Excel export, {r['rows']} measures",
            db=r["database"],
            user="city_office",
            p50_ms=ms,
            p95_ms=ms,
            baseline="the same writer, the rows already in memory",
            baseline_ms=r["write_seconds"] * 1000,
            target="p50_ms <= 20000 and max_rss_mb <= 150 and ratio <= 1.3",
            max_rss_mb=r["max_rss_mb"],
            file_mb=r["file_mb"],
        ),
    ]


def supervise(r: dict, db: str) -> list[dict]:
    base = r["lower_bound_read_seconds"] * 1000
    return [
        row(
            "supervision daily run",
            db=r["database"],
            p50_ms=r["next_day_seconds"] * 1000,
            p95_ms=r["next_day_seconds"] * 1000,
            baseline="reading the candidate rows",
            baseline_ms=base,
            target="p50_ms <= 10000",
            actions=r["next_day_actions"],
        ),
        row(
            "supervision first run ever",
            db=r["database"],
            p50_ms=r["first_run_seconds"] * 1000,
            p95_ms=r["first_run_seconds"] * 1000,
            baseline="reading the candidate rows",
            baseline_ms=base,
            actions=r["first_run_actions"],
        ),
    ]


def public(r: dict, db: str) -> list[dict]:
    """The public notice pages under 8 concurrent clients, beside a static file (the floor)."""
    pages, static = r["pages"], r["lower_bound_static_file"]
    return [
        row(
            f"public pages, {r['clients']} clients",
            db=db,
            p50_ms=pages["p50_ms"],
            p95_ms=pages["p99_ms"],  # no p95 is taken: the p99, which is higher
            baseline="a static file of the same server",
            baseline_ms=static["p50_ms"],
            target="p99_ms <= 200",
            p99_ms=pages["p99_ms"],
            rps=pages["per_second"],
            errors=len(pages["errors"]),
        ),
        row(
            "public notice, revalidated (304)",
            db=db,
            p50_ms=r["revalidated_304"]["p50_ms"],
            p95_ms=r["revalidated_304"]["p99_ms"],
            rps=r["revalidated_304"]["per_second"],
        ),
    ]


def insights(r: dict, db: str) -> list[dict]:
    """The integrity checks over the whole city and the dashboards (issue 14: the leader's and
    the district's p95 ≤ 300 ms; the inspection dashboard keeps issue 11's 150 ms)."""
    rows = [
        row(
            f"insights: {name.replace('_', ' ')}",
            db=r["database"],
            p50_ms=check["median_ms"],
            p95_ms=check["max_ms"],
            found=check["found"],
        )
        for name, check in r["checks"].items()
    ]
    targets = {"/insights/leader/": 300, "/insights/district/": 300, "/dashboard/": 150}
    for page in r["pages"]:
        limit = next((ms for end, ms in targets.items() if page["url"].endswith(end)), None)
        rows.append(
            row(
                f"insights page {page['url']}",
                db=r["database"],
                user=page["user"],
                p50_ms=page["p50_ms"],
                p95_ms=page["p95_ms"],
                target=f"p95_ms <= {limit}" if limit and page["runs"] > 1 else "",
                requests=page["runs"],
                url=page["url"],
            )
        )
    return rows


def repair(r: dict, db: str) -> list[dict]:
    """One repair of the import's tree (move a node down and up) answered over htmx."""
    return [
        row(
            f"import repair, {r['nodes']} nodes",
            db=r["database"],
            p50_ms=r["repair_seconds_median"] * 1000,
            p95_ms=r["repair_seconds_max"] * 1000,
            baseline="the repair service alone",
            baseline_ms=r["service_seconds_median"] * 1000,
            target=f"p50_ms <= {r['target_seconds'] * 1000:g}",
        ),
    ]


ADAPTERS = {
    "bench_insights": insights,
    "bench_repair": repair,
    "bench_public": public,
    "bench_parse": parse,
    "bench_notice": notice,
    "bench_grid": grid,
    "bench_ledger_import": ledger_import,
    "bench_export": export,
    "bench_supervise": supervise,
}
# These read no benchmark database (pure parsing; the seed notice in memory; the public site
# on a database of its own): run once.
DATABASE_FREE = {"bench_parse", "bench_notice", "bench_public"}
