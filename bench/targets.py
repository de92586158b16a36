"""The issue's targets, each with its figure, its ratio and whether it is met, from one scale's figures.

A figure is found by the start of its row's name in the benchmark's table; a target whose rows were not measured
(``--only``, a failed row) says so.
"""

MAX_FRAME_OVER_EMPTY_MS = 4.0
MAX_PAGE_OVER_FLOOR = 1.5
MAX_AS_OF_OVER_LIVE = 2.0
MAX_DASHBOARD_MS = 50.0
MIN_XLSX_ROWS_PER_S = 20_000
MIN_CSV_ROWS_PER_S = 100_000
MAX_REMINDER_OVER_SQL = 3.0
MAX_SENDING_MIB = 300
MIN_EMAILS_PER_S = 200
MIN_TWO_WORKERS_GAIN = 1.8
MAX_PLAN_LOAD_MS = 3000.0
MAX_SEARCH_MS = 50.0
MAX_REPORT_MS = 2000.0

PAGES_WITH_FLOORS = (
    "overdue list, first page",
    "overdue list, filtered",
    "overdue list, deep page",
    "overdue list, sorted by days overdue",
    "/my/",
    "project page",
)


def _find(figures, start, *, floor=False):
    for figure in figures:
        is_floor = figure.target.endswith("(floor)")
        if figure.target.startswith(start) and is_floor == floor and figure.server_ms is not None:
            return figure
    return None


def _row(name, figure, ratio, met):
    if figure is None:
        return f"| {name} | not measured | – | – |"
    ratio_text = "–" if ratio is None else f"{ratio:.2f}×"
    return f"| {name} | {figure} | {ratio_text} | {'met' if met else 'NOT met'} |"


def target_table(figures):
    rows = ["| Target | Figure | Ratio | Met |", "|---|---|---:|---|"]
    empty = _find(figures, "an empty Django view")
    for who in ("a manager", "the busiest team lead"):
        framed = next(
            (
                f
                for f in figures
                if f.target.startswith("an empty page in the site's frame")
                and f.target.endswith(who)
                and f.server_ms is not None
            ),
            None,
        )
        if empty and framed:
            over = framed.server_ms - empty.server_ms
            rows.append(
                _row(
                    f"frame: empty page in the frame ({who}) within {MAX_FRAME_OVER_EMPTY_MS:.0f} ms of an empty view",
                    f"{framed.server_ms:.1f} ms vs {empty.server_ms:.1f} ms: +{over:.1f} ms",
                    framed.server_ms / empty.server_ms,
                    over <= MAX_FRAME_OVER_EMPTY_MS,
                )
            )
        else:
            rows.append(_row(f"frame ({who})", None, None, False))
    for page in PAGES_WITH_FLOORS:
        measured, floor = _find(figures, page), _find(figures, page, floor=True)
        if measured and floor:
            ratio = measured.server_ms / floor.server_ms
            rows.append(
                _row(
                    f"{measured.target}: within {MAX_PAGE_OVER_FLOOR}× its floor",
                    f"{measured.server_ms:.1f} ms vs floor {floor.server_ms:.1f} ms",
                    ratio,
                    ratio <= MAX_PAGE_OVER_FLOOR,
                )
            )
        else:
            rows.append(_row(f"{page}: within {MAX_PAGE_OVER_FLOOR}× its floor", None, None, False))
    as_of, live = _find(figures, "overdue list as of"), _find(figures, "overdue list, first page")
    if as_of and live:
        ratio = as_of.server_ms / live.server_ms
        rows.append(
            _row(
                f'"as of" overdue list within {MAX_AS_OF_OVER_LIVE}× the live list',
                f"{as_of.server_ms:.1f} ms vs {live.server_ms:.1f} ms",
                ratio,
                ratio <= MAX_AS_OF_OVER_LIVE,
            )
        )
    else:
        rows.append(_row('"as of" overdue list', None, None, False))
    dashboard = _find(figures, "manager dashboard")
    rows.append(
        _row(
            f"dashboard of the largest plan under {MAX_DASHBOARD_MS:.0f} ms",
            dashboard and f"{dashboard.server_ms:.1f} ms",
            dashboard and dashboard.ratio,
            dashboard and dashboard.server_ms < MAX_DASHBOARD_MS,
        )
    )
    for fmt, minimum in (("XLSX", MIN_XLSX_ROWS_PER_S), ("CSV", MIN_CSV_ROWS_PER_S)):
        exports = [
            f for f in figures if f.target.startswith(f"{fmt} export of") and f.server_ms and (f.rows or 0) >= 10_000
        ]
        if not exports:
            rows.append(_row(f"{fmt} export at ≥ {minimum:,} rows/s", None, None, False))
        for export in exports:
            rate = export.rows * 1000 / export.server_ms
            rows.append(
                _row(
                    f"{fmt} export of {export.rows:,} rows at ≥ {minimum:,} rows/s, streamed",
                    f"{rate:,.0f} rows/s, peak Python {export.peak_mib:.1f} MiB",
                    export.ratio,
                    rate >= minimum,
                )
            )
    run = _find(figures, "daily reminder run, one run in a fresh process")
    rows.append(
        _row(
            f"reminder run (fresh process, queued on Redis) within {MAX_REMINDER_OVER_SQL:.0f}× its bare SQL",
            run and f"{run.server_ms / 1000:.1f} s vs {run.sql_ms / 1000:.2f} s",
            run and run.ratio,
            run and run.ratio is not None and run.ratio <= MAX_REMINDER_OVER_SQL,
        )
    )
    in_process = _find(figures, "reminder e-mails sent in the run's process")
    rss = in_process and in_process.extra.get("rss_mib")
    rows.append(
        _row(
            f"sending in the run's process: ≤ {MAX_SENDING_MIB} MiB",
            rss and f"{rss:.0f} MiB",
            None,
            rss is not None and rss <= MAX_SENDING_MIB,
        )
    )
    rates = {}
    for workers in (1, 2):
        figure = _find(figures, f"reminder e-mails sent by {workers} Celery worker")
        rate = figure and figure.extra.get("rate")
        peak = figure and figure.extra.get("peak_mib")
        rates[workers] = rate
        minimum = MIN_EMAILS_PER_S * workers
        rows.append(
            _row(
                f"sending by {workers} worker process(es): ≥ {minimum} e-mails/s, ≤ {MAX_SENDING_MIB} MiB each",
                rate and f"{rate:,.0f} e-mails/s, peak {peak:.0f} MiB",
                None,
                bool(rate) and rate >= minimum and peak <= MAX_SENDING_MIB,
            )
        )
    if rates.get(1) and rates.get(2):
        gain = rates[2] / rates[1]
        rows.append(
            _row(
                f"two workers about twice one (≥ {MIN_TWO_WORKERS_GAIN}×)",
                f"{rates[2]:,.0f} vs {rates[1]:,.0f} e-mails/s",
                gain,
                gain >= MIN_TWO_WORKERS_GAIN,
            )
        )
    plan = _find(figures, "plan load")
    rows.append(
        _row(
            f"plan load of 10,000 milestones ≤ {MAX_PLAN_LOAD_MS / 1000:.0f} s",
            plan and f"{plan.server_ms / 1000:.1f} s",
            plan and plan.ratio,
            plan and plan.server_ms <= MAX_PLAN_LOAD_MS,
        )
    )
    upload = _find(figures, "plan upload: the load task")
    rows.append(
        _row(
            f"plan upload of 10,000 milestones, the load task ≤ {MAX_PLAN_LOAD_MS / 1000:.0f} s",
            upload and f"{upload.server_ms / 1000:.1f} s",
            upload and upload.ratio,
            upload and upload.server_ms <= MAX_PLAN_LOAD_MS,
        )
    )
    searches = [f for f in figures if f.target.startswith("search, ") and f.server_ms is not None]
    if not searches:
        rows.append(_row(f"search under {MAX_SEARCH_MS:.0f} ms", None, None, False))
    for search in searches:
        rows.append(
            _row(
                f"{search.target} under {MAX_SEARCH_MS:.0f} ms",
                f"{search.server_ms:.1f} ms",
                None,
                search.server_ms < MAX_SEARCH_MS,
            )
        )
    report = _find(figures, "work report of the largest plan")
    rows.append(
        _row(
            f"work report of the largest plan as HTML under {MAX_REPORT_MS / 1000:.0f} s",
            report and f"{report.server_ms / 1000:.2f} s",
            None,
            report and report.server_ms < MAX_REPORT_MS,
        )
    )
    rows.append("| morning rush; beside Redmine | outside `make bench`: see docs/performance.md | – | – |")
    return "\n".join(rows) + "\n"
