"""The figures ``manage.py bench`` prints and checks against its targets."""

from __future__ import annotations


def checks(results) -> dict:
    pages = results["pages"]
    by = {(row["size"], row["page"]): row for row in pages}
    checks = {}
    if pages:
        checks["max_queries"] = max(row["queries"] for row in pages)
        per_page = {}
        for row in pages:
            per_page.setdefault(row["page"], set()).add(row["queries"])
        checks["queries_constant"] = all(len(counts) == 1 for counts in per_page.values())
        checks["worst_warm_over_static"] = max(row["warm_over_static"] for row in pages)
    if (5000, "publications") in by:
        checks["cold_list_ms_at_5000"] = by[5000, "publications"]["cold_ms"]
        if (1000, "publications") in by:
            checks["cold_list_5000_over_1000"] = round(
                by[5000, "publications"]["cold_ms"] / by[1000, "publications"]["cold_ms"], 2
            )
    imports = {row["entries"]: row for row in results["imports"]}
    if 5000 in imports:
        checks["import_over_parse"] = imports[5000]["import_over_parse"]
        if 10000 in imports:
            checks["import_10000_over_5000"] = round(
                imports[10000]["import_seconds"] / imports[5000]["import_seconds"], 2
            )
    if results["edits"]:
        checks["edit_to_file_seconds"] = max(
            seconds
            for row in results["edits"]
            for seconds in row["median_to_file_seconds"].values()
        )
    return checks


def table(results) -> str:
    m = results["machine"]
    lines = [
        "",
        f"labsite bench, {results['date']}: {m['cpu']}, nproc {m['nproc']}, "
        f"Python {m['python']}, Django {m['django']}, {m['database']} {m['sqlite']}, "
        f"cache {m['cache']}, DEBUG {results['debug']}",
        f"template loaders: {', '.join(results['template_loaders'])}",
        "",
        f"{'papers':>6}  {'page':<12} {'queries':>7} {'cold ms':>9} {'warm ms':>8} "
        f"{'static ms':>9} {'warm/static':>11} {'KB':>7}",
    ]
    for row in results["pages"]:
        lines.append(
            f"{row['size']:>6}  {row['page']:<12} "
            f"{row['queries']:>3} / {row['queries_warm']:<1} "
            f"{row['cold_ms']:>9.1f} {row['warm_ms']:>8.3f} {row['static_ms']:>9.3f} "
            f"{row['warm_over_static']:>10.2f}x {row['bytes'] / 1024:>7.1f}"
        )
    lines.append("(queries: cold / warm)")
    if results["imports"]:
        lines += [
            "",
            f"{'entries':>7} {'MB':>5} {'bare parse s':>12} {'import s':>9} {'(cpu s)':>8} "
            f"{'import/parse':>12} {'entries/s':>9}",
        ]
        for row in results["imports"]:
            lines.append(
                f"{row['entries']:>7} {row['megabytes']:>5.1f} {row['parse_seconds']:>12.2f} "
                f"{row['import_seconds']:>9.2f} {row['import_cpu_seconds']:>8.2f} "
                f"{row['import_over_parse']:>11.2f}x {row['entries_per_second']:>9}"
            )
    if results["edits"]:
        lines += [
            "",
            f"{'papers':>6}  {'edit → file, median (worst) s':<44} {'full publish s':>14}",
        ]
        for row in results["edits"]:
            figures = ", ".join(
                f"{'paper page' if path != '/publications/' else 'list'} {median:.2f} "
                f"({row['worst_to_file_seconds'][path]:.2f})"
                for path, median in row["median_to_file_seconds"].items()
            )
            full = row["full_publish_seconds"]
            lines.append(f"{row['papers']:>6}  {figures:<44} {full:>14.1f}")
    checks, targets = results["checks"], results["targets"]
    lines += ["", "targets (measured / target):"]
    labels = {
        "max_queries": ("queries per page, most", "≤ {}"),
        "queries_constant": ("queries constant in the size", "yes"),
        "worst_warm_over_static": ("warm / static, worst page", "≤ {}x"),
        "cold_list_ms_at_5000": ("cold publication list at 5,000 papers, ms", "< {}"),
        "cold_list_5000_over_1000": ("cold list 5,000 / 1,000", "≤ {}x"),
        "import_over_parse": ("5,000-entry import / bare parse", "≤ {}x"),
        "import_10000_over_5000": ("import 10,000 / 5,000", "≤ {}x"),
        "edit_to_file_seconds": ("edit → file, median, slowest file", "≤ {} s"),
    }
    target_keys = {"worst_warm_over_static": "warm_over_static"}
    for key, (label, spec) in labels.items():
        if key not in checks:
            continue
        target = targets.get(target_keys.get(key, key))
        lines.append(f"  {label}: {checks[key]}  (target {spec.format(target)})")
    return "\n".join(lines) + "\n"
