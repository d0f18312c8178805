"""Build a store of one of three sizes (tiers) from the one deterministic demo generator:

    python data/generate_tiers.py --tier province --out bench/out/province.duckdb   # make bench-store TIER=province

| tier     | projects                  | companies  | how                                                  |
|----------|---------------------------|------------|------------------------------------------------------|
| city     | 390 (the demo)            | 2,000      | data/generate_demo.py, unchanged                     |
| province | 49,920 (the city × 128)   | 1,000,000  | the city, then 127 replicas of its projects, in SQL  |
| national | 999,960 (the city × 2,564)| 10,000,000 | the city, then 2,563 replicas of its projects, in SQL|

A larger tier is the city store plus, generated in DuckDB SQL (no row-by-row Python):
- companies up to the tier's count, named as the demo names them (a city, brand characters, a word of
  the chain, a suffix; unique: the brand characters, word and suffix are a bijection of the row
  number) with their pinyin from the parts' pinyin, and about 62 % of the non-local ones targets,
  with their status history;
- replicas of every city project: the same chain, node, stage and dates, a company of the same
  chain among the generated ones, and every amount times one factor in [0.5, 1.5] per replicated
  project, applied alike to its contract, fixed assets, quarterly arrivals and fund investments;
  its tasks and the city's visits replicated with it, so quarters, tasks, visits and arrivals stay in
  the city's proportion to projects;
- the amount, count and visit targets times the number of copies, funds' sizes in step with what
  they invested.
Every random choice is DuckDB's hash() of (seed, row, what), so a seed gives the same tables with the
pinned duckdb. The store passes `python -m zsgt.checks`; it is demo data (the 示例数据 marker shows)
and does not reproduce the city's published figures.
"""

from __future__ import annotations

import argparse
import re
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import generate_demo as demo  # noqa: E402
from zsgt.pinyin import pinyin_of  # noqa: E402
from zsgt.store import refresh_derived  # noqa: E402

SLOTS = len(demo.BRAND_CHARS) ** 4 * len(demo.SUFFIXES) * 3  # every chain has at least 3 words
STRIDE = 1_000_003               # a prime dividing no factor of SLOTS: row -> slot is a bijection


@dataclass(frozen=True)
class Tier:
    copies: int       # the city's projects (with their quarters, tasks, fund investments) and visits, times
    companies: int    # companies in all, the city's 2,000 included


TIERS = {
    "city": Tier(1, 2_000),
    "province": Tier(128, 1_000_000),
    "national": Tier(2_564, 10_000_000),
}


def _vocabulary(con: duckdb.DuckDBPyConnection) -> None:
    """Small temp tables of the name parts with their pinyin, the chains' words and nodes."""
    brand = list(demo.BRAND_CHARS)
    words = {c: demo.CHAIN_WORDS[c] for c in demo.CHAIN_WORDS}
    assert min(len(w) for w in words.values()) >= 3 and SLOTS % STRIDE
    py = {part: pinyin_of(part) for part in [*brand, *demo.SUFFIXES, "嘉峪关",
                                             *(c for _, cs in demo.PROVINCES for c in cs),
                                             *(w for ws in words.values() for w in ws)]}
    con.register("v_df", pd.DataFrame([{
        "brand": brand, "brand_py": [py[b][0] for b in brand], "brand_ini": [py[b][1] for b in brand],
        "sfx": demo.SUFFIXES, "sfx_py": [py[s][0] for s in demo.SUFFIXES], "sfx_ini": [py[s][1] for s in demo.SUFFIXES],
        "local_py": py["嘉峪关"][0], "local_ini": py["嘉峪关"][1],
        "departments": [d[0] for d in demo.DEPARTMENTS],
    }]))
    con.execute("create temp table v as select * from v_df")
    con.register("prov_df", pd.DataFrame([{
        "pi": i, "province": prov, "cities": cities, "cities_py": [py[c][0] for c in cities],
        "cities_ini": [py[c][1] for c in cities]} for i, (prov, cities) in enumerate(demo.PROVINCES)]))
    con.execute("create temp table prov as select * from prov_df")
    gaps = {f"{c}_{s}" for c, g in demo.CHAIN_GAPS.items() for s in g["missing"] + g["weak"]}
    con.register("chain_df", pd.DataFrame([{
        "ci": i, "chain_id": c[0], "lead_dep": c[3],
        "words": words[c[0]], "words_py": [py[w][0] for w in words[c[0]]], "words_ini": [py[w][1] for w in words[c[0]]],
        "project_words": demo.PROJECT_WORDS[c[0]],
        "nodes": [f"{c[0]}_{s}" for seg in demo.NODES[c[0]].values() for s, _, _ in seg],
        # a local company never sits on a gap node: the chain map's missing and weak links stay so
        "local_nodes": [f"{c[0]}_{s}" for seg in demo.NODES[c[0]].values() for s, _, _ in seg
                        if f"{c[0]}_{s}" not in gaps]} for i, c in enumerate(demo.CHAINS)]))
    con.execute("create temp table ch as select * from chain_df")
    con.execute("""
        create temp macro rnd(seed, k, what) as (hash(seed, k, what) % 1000000)::double / 1000000;
        create temp macro pick(seed, k, what, n) as (hash(seed, k, what) % n)::bigint;
    """)


def run(con, sql: str, **values) -> None:
    """Run one statement with the values it names bound as parameters (never pasted into the SQL);
    each is cast in the SQL to the type its literal had, so the hashes, and the tables, stay the same."""
    con.execute(sql, {k: v for k, v in values.items() if re.search(rf"\${k}\b", sql)})


def _companies(con, seed: int, n: int) -> None:
    """Companies beyond the city's 2,000 (C0002001 …), their targets and status history."""
    first = 2001
    brand_n = len(demo.BRAND_CHARS)
    days = (demo.DATA_END - dt.date(2023, 1, 1)).days + 1
    values = dict(seed=seed, rows=n, stride=STRIDE, slots=SLOTS, chains_n=len(demo.CHAINS),
                  provinces_n=len(demo.PROVINCES), brand_n=brand_n, brand_n2=brand_n ** 2, brand_n3=brand_n ** 3,
                  brand_n4=brand_n ** 4, brand_n4s=brand_n ** 4 * len(demo.SUFFIXES),
                  suffixes_n=len(demo.SUFFIXES), first=first, days=days)
    run(con, """
        create temp table gen as
        with base as (
            select g, (g * $stride::INTEGER + (hash($seed::INTEGER) % $slots::INTEGER)::bigint) % $slots::INTEGER as slot,
                   rnd($seed::INTEGER, g, 'local') < 0.15 as is_local,
                   pick($seed::INTEGER, g, 'chain', $chains_n::INTEGER) as ci,
                   pick($seed::INTEGER, g, 'province', $provinces_n::INTEGER) as pi,
                   pick($seed::INTEGER, g, 'city', 2147483647) as hc, rnd($seed::INTEGER, g, 'ownership') * 100 as uo,
                   rnd($seed::INTEGER, g, 'size') * 100 as us, rnd($seed::INTEGER, g, 'node') as un,
                   pick($seed::INTEGER, g, 'which node', 2147483647) as hn
            from range($rows::INTEGER) as t (g)
        ), parts as (
            select *, 1 + slot % $brand_n::INTEGER as b1, 1 + slot // $brand_n::INTEGER % $brand_n::INTEGER as b2,
                   1 + slot // $brand_n2::INTEGER % $brand_n::INTEGER as b3, 1 + slot // $brand_n3::INTEGER % $brand_n::INTEGER as b4,
                   slot // $brand_n4::INTEGER % $suffixes_n::INTEGER as s,
                   slot // $brand_n4s::INTEGER as w
            from base
        ), placed as (
            select parts.*, ch.chain_id, ch.lead_dep,
                   case when is_local then '甘肃' else prov.province end as province,
                   case when is_local then '嘉峪关' else prov.cities[1 + hc % len(prov.cities)] end as city,
                   case when is_local then v.local_py else prov.cities_py[1 + hc % len(prov.cities)] end as city_py,
                   case when is_local then v.local_ini else prov.cities_ini[1 + hc % len(prov.cities)] end as city_ini,
                   v.brand[b1] || v.brand[b2] || v.brand[b3] || v.brand[b4] as brand,
                   v.brand_py[b1] || v.brand_py[b2] || v.brand_py[b3] || v.brand_py[b4] as brand_py,
                   v.brand_ini[b1] || v.brand_ini[b2] || v.brand_ini[b3] || v.brand_ini[b4] as brand_ini,
                   ch.words[w + 1] as word, ch.words_py[w + 1] as word_py, ch.words_ini[w + 1] as word_ini,
                   v.sfx[s + 1] as sfx, v.sfx_py[s + 1] as sfx_py, v.sfx_ini[s + 1] as sfx_ini,
                   case when un >= 0.9 then null
                        when is_local then ch.local_nodes[1 + hn % len(ch.local_nodes)]
                        else ch.nodes[1 + hn % len(ch.nodes)] end as node_id
            from parts join ch using (ci) join prov using (pi) cross join v
        )
        select g, printf('C%07d', $first::INTEGER + g) as company_id, city || brand || word || sfx as name_zh,
               province, city,
               case when uo < 8 then 'central_soe' when uo < 20 then 'local_soe' when uo < 85 then 'private'
                    when uo < 93 then 'foreign' else 'other' end as ownership,
               case when us < 20 then 'large' when us < 55 then 'medium' when us < 90 then 'small'
                    else 'micro' end as size,
               chain_id, node_id, is_local, city_py || brand_py || word_py || sfx_py as name_pinyin,
               city_ini || brand_ini || word_ini || sfx_ini as name_initials, lead_dep
        from placed
    """, **values)
    con.execute("""
        insert into companies by name
        select company_id, name_zh, province, city, ownership, size, chain_id, node_id, is_local,
               name_pinyin, name_initials from gen order by g
    """)
    run(con, """
        create temp table gen_targets as
        with chosen as (
            select g, company_id, lead_dep, rnd($seed::INTEGER, g, 'status') * 100 as ut,
                   rnd($seed::INTEGER, g, 'priority') * 100 as up
            from gen where not is_local and rnd($seed::INTEGER, g, 'target') < 0.62
        )
        select g, company_id,
               case when up < 15 then 'a' when up < 50 then 'b' else 'c' end as priority,
               case when ut < 40 then 'not_contacted' when ut < 65 then 'contacted' when ut < 80 then 'visited'
                    when ut < 90 then 'negotiating' when ut < 95 then 'signed' else 'dropped' end as status,
               case when rnd($seed::INTEGER, g, 'owner') < 0.7 then lead_dep
                    else (select departments from v)[1 + pick($seed::INTEGER, g, 'department', 12)] end
                   as owner_department_id
        from chosen
    """, **values)
    run(con, """
        insert into target_companies by name
        select company_id, priority, status, owner_department_id,
               case when status = 'not_contacted' then null
                    else date '2023-01-01' + pick($seed::INTEGER, g, 'last contact', $days::INTEGER)::integer end
                   as last_contact_date
        from gen_targets order by g
    """, **values)
    # the steps that led to the status, the last on the last contact date, each earlier one 20-200
    # days before the next (generate_demo.Demo.status_history, in SQL)
    run(con, """
        insert into target_status_history by name
        with steps as (
            select t.g, t.company_id, c.last_contact_date as last,
                   case t.status when 'contacted' then ['contacted']
                        when 'visited' then ['contacted', 'visited']
                        when 'negotiating' then ['contacted', 'visited', 'negotiating']
                        when 'signed' then ['contacted', 'visited', 'negotiating', 'signed']
                        else case when pick($seed::INTEGER, t.g, 'dropped after', 2) = 0 then ['contacted', 'dropped']
                                  else ['contacted', 'visited', 'dropped'] end end as s
            from gen_targets as t join target_companies as c using (company_id)
            where t.status != 'not_contacted'
        ), skipped as (
            select *, case when len(s) > 2 and rnd($seed::INTEGER, g, 'skip') < 0.3 then list_concat([s[1]], s[3:])
                           else s end as s2
            from steps
        ), gaps as (
            select *, [0, gap1, gap1 + gap2, gap1 + gap2 + gap3] as back
            from (select *, 20 + pick($seed::INTEGER, g, 'gap 1', 181) as gap1, 20 + pick($seed::INTEGER, g, 'gap 2', 181) as gap2,
                         20 + pick($seed::INTEGER, g, 'gap 3', 181) as gap3 from skipped)
        ), rows as (
            select g, company_id, last, back, len(s2) as n, unnest(s2) as status,
                   generate_subscripts(s2, 1) as j
            from gaps
        )
        select company_id, status, last - back[n - j + 1]::integer as since_date from rows order by g, j
    """, **values)


def _replicas(con, seed: int, copies: int) -> None:
    """Copies 1 … copies-1 of every city project, with its quarters, tasks and fund investments,
    and of the city's visits."""
    values = dict(seed=seed, copies=copies)
    run(con, """
        create temp table by_chain as
        select chain_id, company_id, name_zh,
               row_number() over (partition by chain_id order by company_id) - 1 as k,
               count(*) over (partition by chain_id) as n
        from companies where company_id in (select company_id from gen)
    """, **values)
    run(con, """
        create temp table rep as
        with p as (
            select i, p.*, hash($seed::INTEGER, i, p.project_id) as h,
                   0.5 + rnd($seed::INTEGER, hash(i, p.project_id), 'amount') as f,
                   'P' || printf('%04d', i) || substr(p.project_id, 2) as new_id
            from projects as p cross join range(1, $copies::INTEGER) as t (i)
        ), counts as (select distinct chain_id, n from by_chain)
        select p.*, c.company_id as new_company_id,
               left(replace(replace(replace(c.name_zh, '有限公司', ''), '股份', ''), '集团', ''), 8)
                   || ch.project_words[1 + pick($seed::INTEGER, h, 'word', len(ch.project_words))] || '项目' as new_name
        from p join counts using (chain_id) join ch using (chain_id)
        join by_chain as c on c.chain_id = p.chain_id and c.k = pick($seed::INTEGER, p.h, 'company', counts.n)
    """, **values)
    con.execute("""
        insert into projects by name
        select new_id as project_id, new_name as name_zh, new_company_id as company_id, chain_id, node_id,
               department_id, park_id, stage, signed_date,
               round(contract_amount_wan * f, 2)::decimal(18, 2) as contract_amount_wan,
               round(fixed_asset_wan * f, 2)::decimal(18, 2) as fixed_asset_wan,
               planned_start_date, actual_start_date, operational_date, fund_id, referrer, stage_since
        from rep order by i, project_id
    """)
    con.execute("""
        insert into project_quarters by name
        select r.new_id as project_id, q.year, q.quarter,
               (floor(q.funds_arrived_wan * r.f * 100) / 100)::decimal(18, 2) as funds_arrived_wan
        from project_quarters as q join rep as r using (project_id)
        where floor(q.funds_arrived_wan * r.f * 100) > 0
        order by r.i, q.project_id, q.year, q.quarter
    """)
    con.execute("""
        insert into tasks by name
        select 'T' || printf('%04d', r.i) || substr(t.task_id, 2) as task_id, r.new_id as project_id,
               t.list, t.title, t.department_id, t.opened_date, t.due_date, t.closed_date
        from tasks as t join rep as r using (project_id) order by r.i, t.task_id
    """)
    con.execute("""
        insert into fund_investments by name
        select fi.fund_id, r.new_id as project_id,
               greatest(0.01, round(fi.amount_wan * r.f, 2))::decimal(18, 2) as amount_wan, fi.invested_date
        from fund_investments as fi join rep as r using (project_id) order by r.i, fi.fund_id, fi.project_id
    """)
    run(con, """
        insert into activities by name
        select 'A' || printf('%04d', i) || substr(a.activity_id, 2) as activity_id, a.activity_date, a.direction,
               a.leader_level, a.department_id, a.counterpart, a.chain_id
        from activities as a cross join range(1, $copies::INTEGER) as t (i) order by i, a.activity_id
    """, **values)


def _in_step(con, copies: int) -> None:
    """Funds' sizes grow with what they invested (same deployment); targets with the copies."""
    con.execute("""
        create temp table fund_old as select fund_id, size_wan, invested_wan from funds;
        update funds set invested_wan = coalesce(
            (select sum(amount_wan) from fund_investments as fi where fi.fund_id = funds.fund_id), 0);
        update funds set size_wan = round(o.size_wan::double * funds.invested_wan::double / o.invested_wan::double, 2)
        from fund_old as o where o.fund_id = funds.fund_id and o.invested_wan > 0;
    """)
    con.execute("update targets set value = value * ? "
                "where metric in ('signed_amount', 'funds_arrived', 'new_signed_projects', 'visits')", [copies])


def build(path: Path | str, tier: str | Tier = "province", seed: int = demo.DEFAULT_SEED) -> Path:
    """Build the tier's store at `path` (atomically: built beside it, then renamed over it)."""
    name = tier if isinstance(tier, str) else "custom"
    spec = TIERS[tier] if isinstance(tier, str) else tier
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".building")
    demo.build(tmp, seed)  # the city: every row of the demo store, unchanged
    if spec.copies > 1 or spec.companies > 2000:
        # two threads and 4 GB (spilling beside the store past that): the machine is shared
        con = duckdb.connect(str(tmp), config={"threads": 2, "memory_limit": "4GB",
                                               "temp_directory": str(tmp) + ".tmp",
                                               "preserve_insertion_order": True})
        try:
            con.execute("begin")
            _vocabulary(con)
            _companies(con, seed, max(0, spec.companies - 2000))
            _replicas(con, seed, spec.copies)
            _in_step(con, spec.copies)
            refresh_derived(con)  # target_status_spans from the tier's history
            con.execute("update store_info set value = 'data/generate_tiers.py' where key = 'generator'")
            con.execute("insert into store_info values ('tier', ?), ('copies', ?)", [name, str(spec.copies)])
            con.execute("commit")
            con.execute("checkpoint")
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)  # nothing half-built is left behind
            raise
        con.close()
    os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build a city, province or national store (bench/out/).")
    ap.add_argument("--tier", choices=list(TIERS), default="province")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    args = ap.parse_args(argv)
    out = args.out or HERE.parent / "bench" / "out" / f"{args.tier}.duckdb"
    started = time.perf_counter()
    build(out, args.tier, args.seed)
    seconds = time.perf_counter() - started
    con = duckdb.connect(str(out), read_only=True)
    counts = {t: con.table(t).count("*").fetchall()[0][0]
              for t in ("projects", "companies", "project_quarters", "tasks", "activities", "target_companies")}
    con.close()
    print(f"built {out} ({args.tier}) in {seconds:.1f} s, {out.stat().st_size / 2 ** 20:,.1f} MiB: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
