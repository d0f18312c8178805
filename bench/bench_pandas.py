"""Every page's named queries against "the pandas way", side by side on a tier's store (issue 10 item 2; not a test).

    env -u ZSGT_USERS .venv/bin/python bench/bench_pandas.py --tier province [--runs 15] [--pages cockpit,rates] [--markdown]
    (or --db PATH for any store file)

The pandas way is how most Streamlit dashboards do it: the tables loaded into pandas once (what
`st.cache_data` would keep), then every figure filtered and grouped there. The answers live in
bench/pandas_way/ (one module per page group; its docstring gives the interface: TABLES, ANSWERS,
optional prepare()).

1. The (query, parameters) each page really runs with its default parameters are recorded by
   bench_pages.recorded_calls (the page rendered once in AppTest with zsgt.store.run wrapped).
2. Each side runs in its own process, so that its peak memory (the process's maximum RSS) is its own
   (VmHWM of /proc/self/status, the process's own high-water mark; see peak_rss_mb):
   - duckdb: open the store read-only (timed as its load), run each recorded call with zsgt.store.run;
   - pandas: load the tables the answers in use need (bench/pandas_way TABLES, the union, once; timed
     with prepare() as its load), then compute each answer from them. It first estimates the memory
     that takes (pandas_way.estimated_mb) and refuses to load when this machine (no swap) has not got
     it to spare: at the national tier, every page's tables need about 20 GB; measure a few pages.
   Both processes stay up together and run each call in turns (measure()): one warm-up each, then
   `--runs` times, the side going first alternating, so a busy spell of the shared machine falls on
   both alike.
3. The answers are compared: the pandas answer's columns (the query's, or a subset) row by row, in the
   query's order when the query orders its rows (an `order by` at the top of its final CTE or
   statement: ordered()), else both sorted; numbers
   equal to 0.01 (1e-9 for rates, shares and year-on-year), None/NaN/NaT equal. "order" means the
   same rows in another order.
Printed per page: each query's median and p95 on both sides, pandas ÷ duckdb (above 1: the named query
is faster) and whether they agree; queries with no pandas answer are listed as "not covered". A page's
total is the sum of its queries' medians (duckdb: all of them, and the covered ones beside pandas).
It prints, never asserts.
"""

from __future__ import annotations

import argparse
import decimal
import json
import math
import os
import pickle
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_args import chosen_pages, page_args  # noqa: E402

RATE_COLUMN = re.compile(r"rate|share|yoy|ratio|pct|percent")


def stats(times: list[float]) -> tuple[float, float]:
    t = sorted(times)
    return statistics.median(t), t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]


# -- the two sides, each in its own process --------------------------------------------------------
class DuckdbSide:
    """The named queries: the store opened read-only (the load), each call run by zsgt.store.run."""

    def __init__(self, db: Path, calls: list[tuple[str, dict]]):
        from zsgt import store

        self.store, self.calls = store, calls
        start = time.perf_counter()
        self.con = store.open_store(db)
        self.info = {"load_s": time.perf_counter() - start, "covered": list(range(len(calls)))}

    def run(self, i: int):
        name, params = self.calls[i]
        return self.store.run(self.con, name, **params)


class PandasSide:
    """The pandas way: the tables the answers in use need, loaded once with prepare() (the load), then
    each call answered from them (bench/pandas_way)."""

    def __init__(self, db: Path, calls: list[tuple[str, dict]]):
        import duckdb

        import pandas_way

        known = pandas_way.answers()
        covered = [i for i, (name, _) in enumerate(calls) if name in known]
        mods = list({id(known[calls[i][0]][0]): known[calls[i][0]][0] for i in covered}.values())
        start = time.perf_counter()
        con = duckdb.connect(str(db), read_only=True)
        need, free = pandas_way.estimated_mb(con, mods), available_mb()
        if need > free - 2048:  # this machine has no swap: running out of memory kills someone's process
            sys.exit(f"the pandas way would need about {need:,.0f} MB to load its tables here and "
                     f"{free:,.0f} MB are available: not loading them. Measure fewer pages (--pages) or on a "
                     "larger machine.")
        self.tables = pandas_way.load(con, mods)
        con.close()
        self.calls, self.known = calls, known
        self.info = {"load_s": time.perf_counter() - start, "covered": covered,
                     "tables": {t: (len(df), len(df.columns)) for t, df in self.tables.items()}}

    def run(self, i: int):
        name, params = self.calls[i]
        return self.known[name][1](self.tables, params)


def serve(which: str, db: Path, calls_file: Path, out_file: Path) -> None:
    """A side's process: load, say so (one JSON line), then run the call asked for on each line of stdin
    ("run i"), answering its time in ms; at "done", write the answers and the peak memory to out_file."""
    calls = pickle.loads(calls_file.read_bytes())
    side = (PandasSide if which == "pandas" else DuckdbSide)(db, calls)
    print(json.dumps(side.info), flush=True)
    answers = {}
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command != "run":
            break
        i = int(arg)
        try:
            start = time.perf_counter()
            answer = side.run(i)
            reply = {"ms": (time.perf_counter() - start) * 1000}
            answers.setdefault(i, answer)
        except Exception as exc:  # noqa: BLE001 - reported, the run goes on
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)
    out_file.write_bytes(pickle.dumps({"answers": answers, "peak_rss_mb": peak_rss_mb()}))


def measure(db: Path, calls: list[tuple[str, dict]], runs: int) -> dict:
    """Both sides, each in its own process, alive together; every call is run on both in turns (one
    warm-up each, then `runs` times, the side that goes first alternating), so that a busy spell of
    the shared machine falls on both alike. Returns per side: load_s, covered, tables, peak_rss_mb,
    results (per call: {"times", "answer"} | {"error"} | None when not covered)."""
    with tempfile.TemporaryDirectory(prefix="bench_pandas_") as tmp:
        calls_file = Path(tmp) / "calls.pkl"
        calls_file.write_bytes(pickle.dumps(calls))
        procs, info = {}, {}
        for which in ("duckdb", "pandas"):  # one after the other, so that neither load competes with the other
            procs[which] = subprocess.Popen(
                [sys.executable, __file__, "--side", which, "--db", str(db), "--calls", str(calls_file),
                 "--out", str(Path(tmp) / f"{which}.pkl")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            ready = procs[which].stdout.readline()
            if not ready:
                for proc in procs.values():
                    proc.kill()
                sys.exit(f"the {which} side did not start: see its error above")
            info[which] = json.loads(ready)
            info[which]["results"] = [None] * len(calls)

        def ask(which: str, i: int) -> dict:
            procs[which].stdin.write(f"run {i}\n")
            procs[which].stdin.flush()
            return json.loads(procs[which].stdout.readline())

        for i in range(len(calls)):
            sides = [w for w in ("duckdb", "pandas") if i in info[w]["covered"]]
            times: dict[str, list[float]] = {w: [] for w in sides}
            errors: dict[str, str] = {}
            for r in range(runs + 1):
                for which in (sides if r % 2 == 0 else sides[::-1]):
                    if which in errors:
                        continue
                    reply = ask(which, i)
                    if "error" in reply:
                        errors[which] = reply["error"]
                    elif r:  # run 0 is the warm-up
                        times[which].append(reply["ms"])
            for which in sides:
                info[which]["results"][i] = {"error": errors[which]} if which in errors else {"times": times[which]}
        for which, proc in procs.items():
            proc.stdin.write("done\n")
            proc.stdin.close()
            proc.wait()
            out = pickle.loads((Path(tmp) / f"{which}.pkl").read_bytes())
            info[which]["peak_rss_mb"] = out["peak_rss_mb"]
            for i, answer in out["answers"].items():
                if info[which]["results"][i] and "times" in info[which]["results"][i]:
                    info[which]["results"][i]["answer"] = answer
    return info


# -- the comparison ---------------------------------------------------------------------------------
def _value(v):
    """One cell, normalised: None for every kind of missing; numbers as float; dates as ISO text."""
    if v is None:
        return None
    try:
        if v is getattr(__import__("pandas"), "NA") or v is getattr(__import__("pandas"), "NaT"):
            return None
    except Exception:  # noqa: BLE001
        pass
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (bool, int, float, decimal.Decimal)) or type(v).__module__ == "numpy":
        try:
            f = float(v)
        except (TypeError, ValueError):
            return str(v)
        return None if math.isnan(f) else f
    if hasattr(v, "isoformat"):
        text = v.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text
    if isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
        return tuple(_value(x) for x in v)
    return str(v)


def ordered(name: str) -> bool:
    """Whether the query's rows come in an order it defines: an `order by` at the top level of its
    `final` CTE or of the statement itself; one inside parentheses (a window, a string_agg, a
    subquery, another CTE) does not order the answer."""
    from zsgt import store

    code = "\n".join(line.split("--", 1)[0] for line in store.load_query(name).sql.splitlines()).lower()

    def top_level(text: str, top: int) -> str:
        level, kept = top, []
        for ch in text:
            level += (ch == "(") - (ch == ")")
            if level < top:
                break
            kept.append(ch if level == top and ch not in "()" else " ")
        return "".join(kept)

    final = re.search(r"\bfinal\s+as\s*\(", code)
    texts = [top_level(code, 0)] + ([top_level(code[final.end():], 1)] if final else [])
    return any(re.search(r"\border\s+by\b", t) for t in texts)


def compare(name: str, duck, pand) -> tuple[str, str]:
    """('yes' | 'order' | 'NO', detail)."""
    missing = [c for c in pand.columns if c not in duck.columns]
    if missing:
        return "NO", f"columns not in the query: {missing}"
    cols = list(pand.columns)
    tol = [1e-9 if RATE_COLUMN.search(c) else 0.01 for c in cols]
    d = [tuple(_value(v) for v in row) for row in duck[cols].itertuples(index=False)]
    p = [tuple(_value(v) for v in row) for row in pand[cols].itertuples(index=False)]
    if len(d) != len(p):
        return "NO", f"{len(d)} rows from the query, {len(p)} from pandas"

    def same_rows(a, b):
        for i, (ra, rb) in enumerate(zip(a, b)):
            for c, t, x, y in zip(cols, tol, ra, rb):
                if isinstance(x, float) and isinstance(y, float):
                    if abs(x - y) > t:
                        return f"row {i} {c}: query {x!r}, pandas {y!r}"
                elif x != y:
                    return f"row {i} {c}: query {x!r}, pandas {y!r}"
        return None

    def key(row):
        return tuple((0, "") if v is None else (1, round(v, 2)) if isinstance(v, float) else (2, str(v)) for v in row)

    first = same_rows(d, p)
    if first is None:
        return "yes", ""
    second = same_rows(sorted(d, key=key), sorted(p, key=key))
    if second is None:
        return ("order", "same rows in another order") if ordered(name) else ("yes", "")
    return "NO", (f"in the query's order: {first}" if ordered(name) else f"sorted: {second}")


# -- the runner -------------------------------------------------------------------------------------
def available_mb() -> float:
    """MemAvailable of /proc/meminfo, in MB (infinite where there is none)."""
    for line in Path("/proc/meminfo").read_text().splitlines() if Path("/proc/meminfo").exists() else []:
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return math.inf


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM of /proc/self/status. Not getrusage's ru_maxrss: Linux
    carries that over an exec from the parent, so a side started by a runner that had rendered the
    pages would report the runner's memory (seen: both sides 331 MB on the city tier)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


QUIET = {"scope", "scope_id", "cohort", "cohort_base_year", "cohort_quarters", "offset"}


def shown(params: dict) -> str:
    """The parameters that tell one call of a query from another (the scope and cohort settings left out)."""
    def short(v) -> str:
        text = str(v)
        return text if len(text) <= 24 else text[:23] + "…"

    return ", ".join(f"{k}={short(v)}" for k, v in params.items() if k not in QUIET and v is not None)


def main() -> None:
    ap = page_args(runs=15, markdown="also print README tables")
    ap.add_argument("--side", choices=["duckdb", "pandas"], help=argparse.SUPPRESS)
    ap.add_argument("--calls", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        serve(args.side, args.db, args.calls, args.out)
        return
    from bench_pages import recorded_calls, tier_store

    import pandas_way

    db = args.db or tier_store(args.tier)
    pages = chosen_pages(args.pages)
    page_calls: dict[str, list[int]] = {}
    calls: list[tuple[str, dict]] = []
    index: dict[tuple, int] = {}
    for page in pages:
        page_calls[page.stem] = []
        for name, params in recorded_calls(page, db):
            k = (name, tuple(sorted((k, repr(v)) for k, v in params.items())))
            if k not in index:
                index[k] = len(calls)
                calls.append((name, params))
            page_calls[page.stem].append(index[k])
    got = measure(db, calls, args.runs)
    d, p = got["duckdb"], got["pandas"]
    known = pandas_way.answers()

    rows = []  # per call: name, d (median, p95) | None, p (median, p95) | None, same, detail
    for i, (name, params) in enumerate(calls):
        dr, pr = d["results"][i], p["results"][i]
        ds = stats(dr["times"]) if "times" in dr else None
        ps = stats(pr["times"]) if pr and "times" in pr else None
        if pr is None:
            same, detail = "not covered", ""
        elif "error" in pr or "error" in dr:
            same, detail = "error", pr.get("error") or dr.get("error")
        else:
            same, detail = compare(name, dr["answer"], pr["answer"])
        rows.append((name, ds, ps, same, detail))

    load = os.getloadavg()
    print(f"{args.tier if not args.db else db}: {db.name} ({db.stat().st_size / 2 ** 20:,.0f} MiB); {args.runs} runs "
          f"after one warm-up; each side in its own process; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    head = f"  {'query':<28} {'duckdb median/p95 ms':>21} {'pandas median/p95 ms':>21} {'pandas÷duckdb':>13}  same"
    totals = []
    for page, idx in page_calls.items():
        covered = [i for i in idx if rows[i][3] != "not covered"]
        print(f"\n{page}: {len(idx)} queries, {len(covered)} with a pandas answer")
        print(head)
        for i in idx:
            name, ds, ps, same, detail = rows[i]
            dtext = f"{ds[0]:>9.1f} / {ds[1]:>9.1f}" if ds else f"{'error':>21}"
            ptext = f"{ps[0]:>9.1f} / {ps[1]:>9.1f}" if ps else f"{'—':>21}"
            ratio = f"{ps[0] / ds[0]:>12.2f}×" if ds and ps else f"{'':>13}"
            print(f"  {name:<28} {dtext} {ptext} {ratio}  {same:<5}  {shown(calls[i][1])[:70]}")
            if detail and same != "yes":
                print(f"      {detail[:200]}")
        dall = sum(rows[i][1][0] for i in idx if rows[i][1])
        dcov = sum(rows[i][1][0] for i in covered if rows[i][1] and rows[i][2])
        pcov = sum(rows[i][2][0] for i in covered if rows[i][1] and rows[i][2])
        agree = sum(rows[i][3] == "yes" for i in covered)
        missing = sorted({rows[i][0] for i in idx} - set(known))
        print(f"  page total (sum of medians): duckdb {dall:.1f} ms (all {len(idx)}); covered {len(covered)}: "
              f"duckdb {dcov:.1f} ms, pandas {pcov:.1f} ms" + (f", pandas÷duckdb {pcov / dcov:.2f}×" if dcov else "")
              + f"; same {agree}/{len(covered)}")
        if missing:
            print(f"  not covered: {', '.join(missing)}")
        totals.append((page, len(idx), len(covered), dall, dcov, pcov, agree))
    names = sorted({n for n, _ in calls})
    uncovered = [n for n in names if n not in known]
    print(f"\ncoverage: {len(names) - len(uncovered)} of {len(names)} named queries the pages run have a pandas answer"
          + (f"; not covered: {', '.join(uncovered)}" if uncovered else ""))
    print(f"load: duckdb opens the store in {d['load_s']:.2f} s; pandas loads its tables in {p['load_s']:.1f} s "
          f"({', '.join(f'{t} {r:,}×{c}' for t, (r, c) in p['tables'].items())})")
    print(f"peak memory (each process's max RSS, VmHWM): duckdb {d['peak_rss_mb']:,.0f} MB, pandas "
          f"{p['peak_rss_mb']:,.0f} MB (pandas ÷ duckdb {p['peak_rss_mb'] / d['peak_rss_mb']:.1f}×)")
    if args.markdown:
        print("\n| page | queries | with pandas answer | duckdb total, all (ms) | duckdb total, covered (ms) "
              "| pandas total, covered (ms) | pandas ÷ duckdb | same answers |\n|---|---|---|---|---|---|---|---|")
        for page, n, c, dall, dcov, pcov, agree in totals:
            ratio = f"{pcov / dcov:.2f}×" if dcov else "—"
            print(f"| {page} | {n} | {c} | {dall:,.1f} | {dcov:,.1f} | {pcov:,.1f} | {ratio} | {agree}/{c} |")
        print("\n| query | parameters | duckdb median / p95 (ms) | pandas median / p95 (ms) | pandas ÷ duckdb | same |\n"
              "|---|---|---|---|---|---|")
        for (name, ds, ps, same, _), (_, params) in zip(rows, calls):
            dtext = f"{ds[0]:,.1f} / {ds[1]:,.1f}" if ds else "error"
            ptext = f"{ps[0]:,.1f} / {ps[1]:,.1f}" if ps else "—"
            ratio = f"{ps[0] / ds[0]:.2f}×" if ds and ps else "—"
            print(f"| {name} | {shown(params)} | {dtext} | {ptext} | {ratio} | {same} |")
        print(f"\n| side | load (s) | peak memory (max RSS, MB) |\n|---|---|---|\n"
              f"| duckdb (store opened read-only) | {d['load_s']:.2f} | {d['peak_rss_mb']:,.0f} |\n"
              f"| pandas (tables loaded once) | {p['load_s']:.1f} | {p['peak_rss_mb']:,.0f} |")


if __name__ == "__main__":
    main()
