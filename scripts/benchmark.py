"""Build-time figures for gazette (MkDocs + Material) against Hugo + Pagefind on the same generated articles.

    python scripts/benchmark.py [--sizes 1000,5000,10000] [--out bench-out] [--no-hugo] [--serve]
    python scripts/benchmark.py --profile 1000        # cProfile of one in-process build: where the time goes

For each size N: a corpus from scripts/gen_corpus.py (N articles, N/5 documents; cached in <out>/corpus/ by N,
seed and the generator's source), a throw-away project (the repo's mkdocs.yml and docs/, content_dir pointing
at the corpus), `mkdocs build` in a subprocess measured with os.wait4 (wall, user+sys CPU, peak RSS); then,
unless --no-hugo, a minimal Hugo site of the same pages and Pagefind over its output. Prints a Markdown table
and writes it to <out>/results.md. A script that prints figures, not a test: it asserts nothing.

Parts: bench_common.py (measuring, corpus, projects, --ref snapshots), bench_hugo.py (the Hugo + Pagefind
reference), bench_serve.py (edit-to-refresh under `mkdocs serve`); this file runs them and reports.
"""
from __future__ import annotations

import argparse
import cProfile
import math
import os
import platform
import pstats
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import bench_common
from bench_common import (REPO, TODAY, VENV, VPY, corpus_for, count_sources, delete_set_aside, log, make_project,
                          measure, site_stats, use_snapshot, working_tree)
from bench_hugo import HUGO_PIN, PAGEFIND_PIN, hugo_binary, pagefind_ready, run_hugo
from bench_serve import run_serve


# ---------------------------------------------------------------------------------------------- gazette
def _faster(run: dict, best: dict) -> bool:
    return (run["rc"] != 0, run.get("wall") or 0.0) < (best["rc"] != 0, best.get("wall") or 0.0)


def _faster_pair(run: tuple[dict, dict], best: tuple[dict, dict]) -> bool:
    def key(pair):
        hugo, pagefind = pair
        failed = hugo["rc"] != 0 or pagefind["rc"] != 0
        return failed, 0.0 if failed else hugo["wall"] + pagefind["wall"]
    return key(run) < key(best)


def run_gazette(out: Path, n: int, content: Path) -> dict:
    project = out / f"gazette-n{n}"
    config = make_project(project, content)
    site = project / "site"
    result = measure([str(VPY), "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)], project,
                     out / "logs" / f"gazette-n{n}.log")
    text = result["log"].read_text(errors="replace")
    result["warnings"] = len(re.findall(r"(?m)^WARNING", text))
    if result["rc"] != 0:
        log(f"  mkdocs build failed (exit {result['rc']}); see {result['log']}\n" + text[-2000:])
        return result
    return {**result, **site_stats(site)}


# ---------------------------------------------------------------------------------------------- profile
def run_profile(out: Path, n: int, seed: int, top: int = 25) -> None:
    sys.path.insert(0, str(bench_common.SRC / "scripts"))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    content = corpus_for(out, n, seed)
    config_file = make_project(out / f"profile-n{n}", content)
    os.environ.update(GAZETTE_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    config = load_config(config_file=str(config_file), site_dir=str(config_file.parent / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    profiler.disable()
    config.plugins.on_shutdown()
    log(f"in-process build of {n} articles under cProfile: {time.perf_counter() - start:.1f} s")
    dump = out / f"profile-n{n}.prof"
    profiler.dump_stats(dump)
    stats = pstats.Stats(profiler).stats

    def where(func: tuple) -> str:
        file, line, name = func
        file = re.sub(r"^.*/site-packages/", "", file).replace(str(REPO) + "/", "")
        return f"{file}:{line}({name})" if line else name
    for key, label in ((3, "cumulative"), (2, "tottime")):
        log(f"\nTop {top} by {label} time (ncalls, tottime s, cumtime s):")
        for func, row in sorted(stats.items(), key=lambda item: -item[1][key])[:top]:
            log(f"  {row[1]:>9} {row[2]:8.2f} {row[3]:8.2f}  {where(func)}")
    packages: dict[str, float] = {}
    for (file, _, _), row in stats.items():
        name = re.search(r"site-packages/([^/]+)", file) or re.search(r"scripts/(gazette)/", file)
        key = name[1] if name else ("python stdlib" if file.startswith("/") else "builtins / C")
        packages[key] = packages.get(key, 0.0) + row[2]
    log("\nOwn (tottime) seconds by package:")
    for name, seconds in sorted(packages.items(), key=lambda kv: -kv[1])[:10]:
        log(f"  {seconds:8.2f}  {name}")
    log(f"\nprofile saved to {dump} (python -m pstats {dump})")


# ---------------------------------------------------------------------------------------------- report
def machine_line() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"(?m)^model name\s*:\s*(.+)$", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s*(\d+)", meminfo)
    version = subprocess.run([str(VPY), "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True).stdout.strip() or platform.python_version()
    cpu = model[1].strip() if model else (platform.processor() or "unknown CPU")
    ram = f"{int(mem[1]) / 1024 / 1024:.1f} GiB RAM" if mem else "RAM unknown"
    return (f"Machine: {cpu}, {os.cpu_count()} cores, {ram}, Python {version}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    head = ["articles", "source pages", "tool", "wall s", "CPU s", "peak RSS MB", "pages written", "output MB",
            "search index MB", "ms/page wall", "ms/page CPU", "growth exp. wall (CPU)", "load before"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        mb = lambda b: None if b is None else b / 1e6  # noqa: E731
        lines.append("| " + " | ".join([
            str(r["n"]), str(r["sources"]), r["tool"], fmt(r.get("wall")), fmt(r.get("cpu")), fmt(r.get("rss"), 0),
            fmt(r.get("pages")), fmt(mb(r.get("bytes"))), fmt(mb(r.get("index"))),
            fmt(1000 * r["wall"] / r["sources"] if r.get("wall") else None, 1),
            fmt(1000 * r["cpu"] / r["sources"] if r.get("cpu") else None, 1), r.get("growth", ""),
            fmt(r.get("load"), 1)]) + " |")
    return "\n".join(lines)


def add_growth(rows: list[dict]) -> None:
    last: dict[str, dict] = {}
    for row in rows:
        before = last.get(row["tool"])
        if before and row.get("wall") and before.get("wall") and row["sources"] != before["sources"]:
            ratio = math.log(row["sources"] / before["sources"])
            row["growth"] = (f"{math.log(row['wall'] / before['wall']) / ratio:.2f} "
                             f"({math.log(row['cpu'] / before['cpu']) / ratio:.2f})")
        if row.get("wall"):
            last[row["tool"]] = row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated article counts")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind comparison")
    parser.add_argument("--serve", action="store_true", help="measure edit-to-refresh under `mkdocs serve` (1,000)")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile one in-process build of N articles")
    parser.add_argument("--ref", help="benchmark this git revision (a snapshot) instead of the working tree")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="build each size R times with each tool, one after the other, and keep each tool's "
                             "fastest run (shared VMs vary by 15 %% and more between identical runs)")
    parser.add_argument("--skip-after", type=float, default=0, metavar="S",
                        help="skip larger sizes once a gazette build took longer than S seconds (0: never)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code = use_snapshot(out, args.ref) if args.ref else working_tree()
    log(f"code under test: {code}")
    if args.profile:
        run_profile(out, args.profile, args.seed)
        delete_set_aside(out)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    log(machine_line())
    if delete_set_aside(out):      # left by an interrupted run: let the kernel forget those deletes first
        log("deleted the outputs an earlier run set aside; waiting 65 s before measuring (see set_aside)")
        os.sync()                  # ext4 counts an inode as recently freed for 60 s, 360 s while unwritten
        time.sleep(65)
    binary, hugo_version, pagefind_version = None, "not run (--no-hugo)", ""
    if not args.no_hugo:
        binary, hugo_version = hugo_binary(out)
        pagefind_version = pagefind_ready()
        log(f"hugo: {hugo_version}\npagefind: {pagefind_version or 'unavailable'}")
    rows, ratios, notes = [], [], []
    for n in sizes:
        log(f"\n== {n} articles")
        content = corpus_for(out, n, args.seed)
        articles, documents = count_sources(content)
        sources = articles + documents
        g, h, p = None, None, None
        for attempt in range(max(1, args.repeat)):
            run = run_gazette(out, n, content)
            if args.repeat > 1:
                log(f"  gazette run {attempt + 1}: {run.get('wall', 0):.1f} s wall, exit {run['rc']}")
            if g is None or _faster(run, g):
                g = run
            if binary is not None:
                hugo_run = run_hugo(out, n, content, binary)
                if h is None or _faster_pair(hugo_run, (h, p)):
                    h, p = hugo_run
        rows.append({"n": n, "sources": sources, "tool": "gazette (mkdocs build)", **g})
        log(f"  gazette: {g['wall']:.1f} s wall, {g['cpu']:.1f} s CPU, {g['rss']:.0f} MB, exit {g['rc']}, "
            f"{g.get('warnings', 0)} warnings")
        if g["rc"] != 0:
            notes.append(f"gazette build failed at {n} articles (exit {g['rc']}, log {g['log']})")
            rows[-1].update(tool="gazette (mkdocs build): FAILED", wall=None, cpu=None, rss=None, pages=None)
        if binary is not None:
            rows.append({"n": n, "sources": sources, "tool": "hugo", **(h if h["rc"] == 0 else {})})
            if h["rc"] == 0 and p["rc"] == 0:
                rows.append({"n": n, "sources": sources, "tool": "pagefind", **p})
                both = {"wall": h["wall"] + p["wall"], "cpu": h["cpu"] + p["cpu"], "rss": max(h["rss"], p["rss"]),
                        "pages": h["pages"], "bytes": h["bytes"] + p["bytes"], "index": p["index"], "load": h["load"]}
                rows.append({"n": n, "sources": sources, "tool": "hugo + pagefind", **both})
                log(f"  hugo: {h['wall']:.1f} s, pagefind: {p['wall']:.1f} s")
                if g["rc"] == 0:
                    ratios.append(f"- {n} articles: gazette / (hugo + pagefind) = {g['wall'] / both['wall']:.1f}× wall, "
                                  f"{g['cpu'] / both['cpu']:.1f}× CPU")
            else:
                notes.append(f"hugo/pagefind failed at {n} articles (logs in {out / 'logs'})")
        if args.skip_after and g["rc"] == 0 and g["wall"] > args.skip_after and n != sizes[-1]:
            notes.append(f"sizes after {n} skipped: its gazette build took {g['wall']:.0f} s (> {args.skip_after:.0f} s)")
            break
    if binary is None and not args.no_hugo:
        notes.append(f"Hugo not run: {hugo_version}")
    serve_line = ""
    if args.serve:
        log("\n== mkdocs serve, 1000 articles")
        s = run_serve(out, 1000, args.seed)
        serve_line = (f"mkdocs serve, 1000 articles: first page served {s['startup']:.1f} s after start; "
                      f"edit-to-refresh {s['refresh']:.2f} s (median of "
                      f"{', '.join(f'{r:.2f}' for r in s['refreshes'])} s; each edit made once the preview was idle: its search index refreshed)" if "refresh" in s
                      else f"mkdocs serve, 1000 articles: failed: {s.get('error')}")
        log("  " + serve_line)
    add_growth(rows)
    report = [f"# gazette build benchmark ({datetime.now().strftime('%Y-%m-%d %H:%M')})", "", machine_line(), "",
              f"Code under test: {code}.", "",
              f"Pins: mkdocs, mkdocs-material per requirements.txt; {HUGO_PIN} ({hugo_version.split(' BuildDate')[0]}); "
              f"{PAGEFIND_PIN} (installed {pagefind_version or 'n/a'}). Corpus: scripts/gen_corpus.py, seed {args.seed}, "
              f"N articles + N/5 documents; GAZETTE_TODAY={TODAY}."
              + (f" Each tool's fastest of {args.repeat} runs per size." if args.repeat > 1 else ""), "", table(rows), ""]
    if ratios:
        report += ["Ratio (lower is better for gazette):"] + ratios + [""]
    if serve_line:
        report += [serve_line, ""]
    report += [f"Note: {note}" for note in notes]
    report += ["", "Growth exponent: log(t2/t1)/log(n2/n1) between consecutive sizes (1 = linear). CPU is user+sys "
               "of the child and its children (os.wait4); wall time is inflated when `load before` (1-minute load "
               f"average, {os.cpu_count()} cores) is high. Hugo lists are paginated by 20; gazette's output includes "
               "Material's assets. Each tool builds into a new folder; earlier outputs are moved aside and deleted "
               "after the measurements (see set_aside)."]
    text = "\n".join(report) + "\n"
    (out / "results.md").write_text(text, encoding="utf-8")
    log("\n" + text)
    log(f"written to {out / 'results.md'}")
    delete_set_aside(out)
    return 0


if __name__ == "__main__":
    if VPY.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VPY), [str(VPY), __file__, *sys.argv[1:]])    # mkdocs, yaml and gazette live in the venv
    raise SystemExit(main())
