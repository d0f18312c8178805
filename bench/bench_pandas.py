"""Named queries against "the pandas way", side by side on a tier's store (issue 10 item 2, a start; not a test).

    .venv/bin/python bench/bench_pandas.py --tier province [--runs 15]

The pandas way is how most Streamlit dashboards do it: the tables loaded into pandas once (what
`st.cache_data` would keep), then every figure filtered and grouped there. Each side runs in its own
process so that its peak memory (the process's maximum RSS, getrusage) is its own:
- duckdb: open the store read-only, run each named query (zsgt.store.run) once to warm up, then
  `--runs` times;
- pandas: read the tables the answers need (whole, as a dashboard's loader would), then compute each
  answer `--runs` times.
It checks that both give the same numbers (to the fen) and prints median and p95 of each, the ratio
(pandas ÷ duckdb: above 1 the named query is faster), the load time and the peak memory. It prints,
never asserts. Covered so far: the cockpit's signed amount, funds arrived, quarterly trend and chain summary, and the
target-company name search; the other queries of bench_pages.py are still to come.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CITY = {"scope": "city", "scope_id": None}
# the cockpit's default period (the latest quarter of the demo data) and a whole year
PERIODS = {"2026Q3": {"year": 2026, "quarter": 3, "as_of": dt.date(2026, 9, 30)},
           "2023": {"year": 2023, "quarter": None, "as_of": None}}
SEARCH = "华鑫"  # a name search in the target-company explorer
SEARCH_PARAMS = {**CITY, "as_of": dt.date(2026, 9, 30), "targets_only": True, "chains": None, "nodes": None,
                 "provinces": None, "ownerships": None, "sizes": None, "priorities": None, "statuses": None,
                 "departments": None, "contact_after": None, "contact_before": None, "q": SEARCH, "q_py": None}


def cases() -> list[tuple[str, str, dict]]:
    """(label, named query, parameters) measured on both sides."""
    out = []
    for label, p in PERIODS.items():
        for name in ("signed_amount", "funds_arrived", "quarterly_trend", "chain_summary"):
            out.append((f"{name} {label}", name, {**p, **CITY}))
    out.append((f"target_count q={SEARCH}", "target_count", SEARCH_PARAMS))
    return out


def timed(fn, runs: int) -> tuple[list[float], object]:
    answer = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, answer


# -- the pandas way ---------------------------------------------------------------------------------
def _period_bounds(year: int, quarter: int | None, as_of: dt.date | None) -> dict[str, tuple[dt.date, dt.date]]:
    """periods() of data/schema.sql: the period and the same one a year earlier, each cut at its as-of date."""
    def start(y):
        return dt.date(y, 3 * quarter - 2 if quarter else 1, 1)

    def end(y):
        m = 3 * quarter if quarter else 12
        return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    cur_end = min(end(year), as_of) if as_of else end(year)
    prev_end = min(end(year - 1), as_of.replace(year=as_of.year - 1)) if as_of else end(year - 1)
    return {"cur": (start(year), cur_end), "prev": (start(year - 1), prev_end)}


def _yoy(cur, prev):
    return None if not prev else cur / prev - 1


def pandas_answers(db: Path, runs: int) -> dict:
    import duckdb
    import pandas as pd

    start = time.perf_counter()
    con = duckdb.connect(str(db), read_only=True)
    tables = {t: con.table(t).df() for t in  # each whole table: the pandas way loads them all
              ("projects", "project_quarters", "companies", "target_companies", "chains")}
    con.close()
    load = time.perf_counter() - start
    projects, quarters = tables["projects"], tables["project_quarters"]
    projects["signed"] = pd.to_datetime(projects["signed_date"])
    projects["amount"] = projects["contract_amount_wan"].astype("float64")
    quarters["arrived"] = quarters["funds_arrived_wan"].astype("float64")
    quarters["q_start"] = pd.to_datetime(dict(year=quarters["year"], month=3 * quarters["quarter"] - 2, day=1))
    quarters["q_end"] = quarters["q_start"] + pd.offsets.QuarterEnd(0)
    targets = tables["target_companies"][["company_id"]].merge(tables["companies"][["company_id", "name_zh"]])

    def signed_amount(p):
        b = _period_bounds(p["year"], p["quarter"], p["as_of"])
        v = {k: float(projects.loc[projects["signed"].between(pd.Timestamp(s), pd.Timestamp(e)), "amount"].sum())
             for k, (s, e) in b.items()}
        return [round(v["cur"], 2), round(v["prev"], 2)]

    def funds_arrived(p):
        b = _period_bounds(p["year"], p["quarter"], p["as_of"])
        v = {k: float(quarters.loc[(quarters["q_start"] >= pd.Timestamp(s)) & (quarters["q_end"] <= pd.Timestamp(e)),
                                   "arrived"].sum()) for k, (s, e) in b.items()}
        return [round(v["cur"], 2), round(v["prev"], 2)]

    def quarterly_trend(p):
        _, end = _period_bounds(p["year"], p["quarter"], p["as_of"])["cur"]
        end = pd.Timestamp(end)
        s = projects[projects["signed"] <= end]
        signed = s.groupby([s["signed"].dt.year.rename("year"), s["signed"].dt.quarter.rename("quarter")]) \
            .agg(new_signed=("project_id", "size"), signed_amount_wan=("amount", "sum"))
        a = quarters[quarters["q_end"] <= end].groupby(["year", "quarter"])["arrived"].sum().rename("funds_arrived_wan")
        shown = pd.concat([quarters[["year", "quarter"]],
                           projects.loc[projects["signed"].notna(), "signed"].pipe(
                               lambda d: pd.DataFrame({"year": d.dt.year, "quarter": d.dt.quarter}))]).drop_duplicates()
        shown = shown[(shown["year"] >= p["year"] - 2)
                      & (pd.to_datetime(dict(year=shown["year"], month=3 * shown["quarter"] - 2, day=1)) <= end)]
        out = shown.set_index(["year", "quarter"]).join(signed).join(a).fillna(0).sort_index()
        return [[int(y), int(q), int(r.new_signed), round(float(r.signed_amount_wan), 2), round(float(r.funds_arrived_wan), 2)]
                for (y, q), r in out.iterrows()]

    chains = tables["chains"].sort_values("sort_order")["chain_id"]
    chain_of = projects[["project_id", "chain_id"]]
    quarters_chain = quarters.merge(chain_of, on="project_id")

    def chain_summary(p):
        s, e = (pd.Timestamp(d) for d in _period_bounds(p["year"], p["quarter"], p["as_of"])["cur"])
        signed = projects[projects["signed"].between(s, e)].groupby("chain_id") \
            .agg(new_signed=("project_id", "size"), signed_amount_wan=("amount", "sum"))
        arrived = quarters_chain[(quarters_chain["q_start"] >= s) & (quarters_chain["q_end"] <= e)] \
            .groupby("chain_id")["arrived"].sum().rename("funds_arrived_wan")
        out = pd.DataFrame(index=chains).join(signed).join(arrived).fillna(0)
        return [[c, int(r.new_signed), round(float(r.signed_amount_wan), 2), round(float(r.funds_arrived_wan), 2)]
                for c, r in out.iterrows()]

    def target_count(p):
        return [int(targets["name_zh"].str.contains(p["q"], regex=False).sum())]

    fns = {"signed_amount": signed_amount, "funds_arrived": funds_arrived, "quarterly_trend": quarterly_trend,
           "chain_summary": chain_summary, "target_count": target_count}
    out = {}
    for label, name, params in cases():
        times, answer = timed(lambda: fns[name](params), runs)
        out[label] = {"times": times, "answer": answer}
    return {"load_s": load, "results": out}


# -- the named queries ------------------------------------------------------------------------------
def duckdb_answers(db: Path, runs: int) -> dict:
    from zsgt import store

    start = time.perf_counter()
    con = store.open_store(db)
    load = time.perf_counter() - start

    def shaped(name, df):
        if name in ("signed_amount", "funds_arrived"):
            r = df.iloc[0]
            return [round(float(r["value"]), 2), round(float(r["value_prev"] or 0), 2)]
        if name == "quarterly_trend":
            return [[int(r.year), int(r.quarter), int(r.new_signed), round(float(r.signed_amount_wan), 2),
                     round(float(r.funds_arrived_wan), 2)] for r in df.itertuples()]
        if name == "chain_summary":
            return [[r.chain_id, int(r.new_signed), round(float(r.signed_amount_wan), 2), round(float(r.funds_arrived_wan), 2)]
                    for r in df.itertuples()]
        return [int(df.iloc[0]["total"])]

    out = {}
    for label, name, params in cases():
        times, df = timed(lambda: store.run(con, name, **params), runs)
        out[label] = {"times": times, "answer": shaped(name, df)}
    con.close()
    return {"load_s": load, "results": out}


def side(which: str, db: Path, runs: int) -> None:
    result = (pandas_answers if which == "pandas" else duckdb_answers)(db, runs)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, default=str))


def stats(times: list[float]) -> tuple[float, float]:
    t = sorted(times)
    return statistics.median(t), t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tier", default="province", choices=["city", "province", "national"])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--side", choices=["duckdb", "pandas"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        side(args.side, args.db, args.runs)
        return
    from bench_pages import tier_store

    db = tier_store(args.tier)
    got = {}
    for which in ("duckdb", "pandas"):
        run = subprocess.run([sys.executable, __file__, "--side", which, "--db", str(db), "--runs", str(args.runs)],
                             capture_output=True, text=True, check=True)
        got[which] = json.loads(run.stdout.strip().splitlines()[-1])
    d, p = got["duckdb"], got["pandas"]
    print(f"{args.tier}: {db.name}; {args.runs} runs after one warm-up; each side in its own process\n")
    print(f"{'answer':<34} {'duckdb median/p95 ms':>22} {'pandas median/p95 ms':>22} {'pandas÷duckdb':>14}  same")
    for label, _, _ in cases():
        dm, dp = stats(d["results"][label]["times"])
        pm, pp = stats(p["results"][label]["times"])
        same = d["results"][label]["answer"] == p["results"][label]["answer"]
        print(f"{label:<34} {dm:>10.1f} / {dp:>8.1f} {pm:>10.1f} / {pp:>8.1f} {pm / dm:>13.2f}×  {'yes' if same else 'NO'}")
        if not same:
            print(f"    duckdb {d['results'][label]['answer']}\n    pandas {p['results'][label]['answer']}")
    print(f"\nload: duckdb opens the store in {d['load_s']:.2f} s; pandas loads its tables in {p['load_s']:.1f} s")
    print(f"peak memory (process max RSS): duckdb {d['peak_rss_mb']:,.0f} MB, pandas {p['peak_rss_mb']:,.0f} MB "
          f"(pandas ÷ duckdb {p['peak_rss_mb'] / d['peak_rss_mb']:.1f}×)")


if __name__ == "__main__":
    main()
