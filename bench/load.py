"""Many users at once (issue 10 item 4): S sessions against one server, or the replicas' proxy, for D
minutes, each acting as a person would; a benchmark that prints, never asserts.

    env -u ZSGT_USERS .venv/bin/python bench/load.py --serve single   [--tier province] [--sessions 20] [--minutes 10]
    env -u ZSGT_USERS .venv/bin/python bench/load.py --serve replicas --replicas 2 [--db PATH] [--markdown]
    env -u ZSGT_USERS .venv/bin/python bench/load.py --url http://127.0.0.1:8501 [--server-pid PID ...]

Each session speaks Streamlit's own protocol, as the browser's page does, from one asyncio process
(no browser: 20 headless Chromiums would eat this machine's two cores and the figure would measure
them): it loads the page (GET /, which gives it the proxy's sticky cookie), opens the websocket
/_stcore/stream and asks for a run with a BackMsg rerun_script (page, query string), then reads the
ForwardMsgs until the run's script_finished (a run the app itself restarts with st.rerun, finished
"early for rerun", is followed to the end). Then, with a person's pause between actions (5–15 s,
random from --seed), it walks:
- to another page, as a sidebar link does (that page's script hash, the URL's parameters dropped:
  the app brings back the period and scope it keeps in the session);
- to another period (?period=2022 / 2023Q2) or scope (?chain=… / ?department=…), and to another
  value of a page's own filter (?pipeline_stage=…, ?cm_chain=…): the app keeps all of these in the
  URL and takes a parameter that differs from the one it wrote as a request, so a changed query
  string is a person's changed choice, rerun by the server as when a widget changes.
The browser's query string follows what the app writes into the URL (page_info_changed).

Every action checks that the page really ran with the new state: after a period change the page
names that period, after a scope change that chain or department (their names, in the deltas).

Reported: errors (must be 0: an exception or an error box in a run, a run that did not show the
state asked for, a connection that failed or closed, a run not finished within --timeout), the
first load (GET + websocket + first run) and the repaint (action → run finished), p50 and p95; the
server's memory (RSS of the Streamlit process(es) and their children, sampled every --sample s: a
series and its maximum) and CPU seconds and share, beside the load generator's own CPU (this
process) and the whole machine's (/proc/stat), with the load average at the start and end.
Loopback only. Ctrl+C stops the sessions and whatever --serve started, and still prints the report.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
SKIPPED_PAGES = {"import_data"}  # an upload form: nothing a walker can do there without a file
# a page's own filters kept in the URL (pages/*.py ui.kept): param -> the values a person picks
CHAINS = "__chains__"  # stands for the store's chain ids
PAGE_FILTERS = {
    "chain_map": {"cm_chain": CHAINS},
    "rates": {"rates_group": ["chain", "department"], "rates_cohort_only": ["0", "1"]},
    "resource_map": {"resource_map_kind": ["None", "mineral", "energy", "land", "water", "logistics", "tourism"]},
    "opportunities": {"opp_chain": CHAINS, "opp_search": ["铝", "光伏", "物流", "文旅"]},
    "targets": {"tg_chains": CHAINS, "tg_search": ["科技", "能源", "材料", "铝业"],
                "tg_sort": None, "tg_targets_only": ["0", "1"]},
    "pipeline": {"pipeline_stage": ["None", "lead", "negotiating", "signed", "started", "operational", "stalled"],
                 "pipeline_search": ["铝", "光伏", "园区", "物流"]},
    "supervision": {"supervision_list": ["None", "blue", "red"],
                    "supervision_status": ["None", "overdue", "closed_late", "open", "closed_on_time"]},
}
ACTIONS = (("page", 40), ("period", 20), ("scope", 15), ("filter", 25))


# -- what the store offers: periods, chains, departments (its named queries, read-only) ------------
@dataclass
class Choices:
    periods: list[str]              # as the URL writes them: 2023, 2023Q2
    period_names: dict[str, str]    # how the page names each: 2023年 / 2023年第2季度
    chains: dict[str, str]          # chain_id -> name_zh
    departments: dict[str, str]     # department_id -> name_zh
    sorts: list[str]
    labels: dict[str, str]          # the sidebar widgets' labels: period, chain, department

    def period_shown(self, period: str):
        """A test of the period picker's shown value: 2023年第2季度, or 2023年（全年）/（截至第3季度）."""
        name = self.period_names[period]
        return name.__eq__ if "Q" in period else (lambda shown: shown.startswith(name + "（"))


def store_choices(db: Path) -> Choices:
    from zsgt import i18n, store, targets
    from zsgt.period import CITY

    i18n.set_lang("zh")  # the sessions read the pages in Chinese (no ?lang=)

    con = store.open_store(db)
    try:
        quarters = [tuple(r) for r in store.run(con, "available_periods").itertuples(index=False)]
        chains = store.run(con, "chains", **CITY.params())
        departments = store.run(con, "departments", **CITY.params())
    finally:
        con.close()
    years = sorted({y for y, _ in quarters})[-4:]  # the recent years a person looks at, and their quarters
    periods, names = [], {}
    for y in years:
        periods.append(str(y))
        names[str(y)] = f"{y}年"
        for q in sorted(q for yy, q in quarters if yy == y):
            periods.append(f"{y}Q{q}")
            names[f"{y}Q{q}"] = f"{y}年第{q}季度"
    return Choices(periods, names, dict(zip(chains["chain_id"], chains["name_zh"])),
                   dict(zip(departments["department_id"], departments["name_zh"])), list(targets.SORTS),
                   {"period": i18n.t("chrome.period"), "scope": i18n.t("chrome.scope"),
                    "chain": i18n.t("chrome.scope_chain"),
                    "department": i18n.t("chrome.scope_department")})


# -- one person --------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


@dataclass
class Stats:
    first_load: list[float] = field(default_factory=list)
    repaint: list[float] = field(default_factory=list)
    by_action: dict[str, list[float]] = field(default_factory=dict)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: dict[str, int] = field(default_factory=dict)
    reruns: int = 0            # runs asked for and finished (first loads included)
    app_reruns: int = 0        # runs the app restarted itself (st.rerun), followed to the end
    verified: int = 0          # actions whose page showed the state asked for
    replicas: dict[str, int] = field(default_factory=dict)
    bytes_in: int = 0
    browser_first_load: list[float] = field(default_factory=list)
    browser_repaint: list[float] = field(default_factory=list)


class RunFailed(Exception):
    pass


class Person:
    def __init__(self, n: int, url: str, choices: Choices, stats: Stats, rng: random.Random, args):
        self.n, self.url, self.choices, self.stats, self.rng, self.args = n, url, choices, stats, rng, args
        self.pages: dict[str, str] = {}   # url_pathname -> page_script_hash (from the navigation message)
        self.page = ""                    # url_pathname of the page on screen ("" = the default page)
        self.qs: dict[str, str] = {}      # the URL's query parameters, as the browser holds them
        self.ws = None
        self.cookie = ""
        self.widgets: dict[str, str] = {}  # the last run's selectboxes and radios: label -> value shown
        self.warned: list[str] = []        # the last run's warning boxes

    # a run: send rerun_script, read until its script_finished; returns (seconds, {widget label: value shown})
    async def run(self, *, page_hash: str = "", page_name: str = "") -> tuple[float, dict[str, str]]:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = urllib.parse.urlencode(self.qs)
        cs.page_script_hash = page_hash
        cs.page_name = page_name
        cs.context_info.timezone = "Asia/Shanghai"
        cs.context_info.timezone_offset = -480
        cs.context_info.locale = "zh-CN"
        cs.context_info.url = f"{self.url}/{page_name or self.page}" + (f"?{cs.query_string}" if cs.query_string else "")
        start = time.monotonic()
        await self.ws.send(msg.SerializeToString())
        shown: dict[str, str] = {}
        warned = self.warned = []
        deadline = start + self.args.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunFailed(f"run not finished within {self.args.timeout:.0f} s")
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except asyncio.TimeoutError:
                raise RunFailed(f"run not finished within {self.args.timeout:.0f} s") from None
            self.stats.bytes_in += len(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                what = el.WhichOneof("type")
                if what == "exception":
                    raise RunFailed(f"exception: {el.exception.type}: {el.exception.message[:200]}")
                if what == "alert":
                    if el.alert.format == el.alert.ERROR:
                        raise RunFailed(f"error box: {el.alert.body[:200]}")
                    if el.alert.format == el.alert.WARNING:
                        warned.append(el.alert.body)
                        key = el.alert.body[:80]
                        self.stats.warnings[key] = self.stats.warnings.get(key, 0) + 1
                if what in ("selectbox", "radio"):
                    widget = getattr(el, what)
                    shown[widget.label] = widget.raw_value if widget.set_value else ""
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
                by_hash = {h: n for n, h in self.pages.items() if n}
                self.page = by_hash.get(fm.navigation.page_script_hash, self.page)
            elif kind == "page_info_changed":
                self.qs = dict(urllib.parse.parse_qsl(fm.page_info_changed.query_string, keep_blank_values=True))
            elif kind == "page_not_found":
                raise RunFailed(f"page not found: {page_name or page_hash}")
            elif kind == "script_finished":
                status = fm.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.stats.app_reruns += 1  # the app's own st.rerun: the run goes on
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RunFailed("compile error")
                self.stats.reruns += 1
                self.widgets = shown
                return time.monotonic() - start, shown

    async def connect(self) -> float:
        import websockets

        start = time.monotonic()
        first = "/" + (self.page or "")

        def get_page():
            req = urllib.request.Request(self.url + first, headers={"Accept": "text/html"})
            with urllib.request.urlopen(req, timeout=self.args.timeout) as r:
                r.read()
                cookies = [c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or []]
                return "; ".join(c for c in cookies if c.split("=", 1)[1]), r.headers.get("X-Zsgt-Replica")

        self.cookie, replica = await asyncio.to_thread(get_page)
        if replica:
            self.stats.replicas[replica] = self.stats.replicas.get(replica, 0) + 1
        ws_url = "ws" + self.url[4:] + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                           additional_headers={"Cookie": self.cookie} if self.cookie else None,
                                           open_timeout=self.args.timeout, ping_interval=None)
        _, _ = await self.run(page_name=self.page)
        return time.monotonic() - start

    def pick_action(self) -> tuple[str, str]:
        kinds = [k for k, _ in ACTIONS]
        kind = self.rng.choices(kinds, weights=[w for _, w in ACTIONS])[0]
        if kind == "filter" and not self.filters():
            kind = "period"
        if kind == "scope" and self.choices.labels["scope"] not in self.widgets:
            kind = "period"  # a page without the scope picker (the data pages)
        if kind == "period" and self.choices.labels["period"] not in self.widgets:
            kind = "page"
        return kind, self.page or "cockpit"

    def filters(self) -> dict:
        """The page's own filters a person can change now."""
        filters = PAGE_FILTERS.get(self.page, {})
        if "chain" in self.qs or "department" in self.qs:
            # a chain's or department's scope offers its own chains only (the chain map's picker is
            # then fixed): a person picks another chain there after going back to the whole city
            filters = {k: v for k, v in filters.items() if v != CHAINS}
        return filters

    def prepare(self, kind: str) -> tuple[dict, tuple[str, object] | None, str]:
        """The run's arguments for an action, what the page must show after it (the sidebar widget's
        label and a test of the value it shows, or the page's url path), and a label."""
        c, rng = self.choices, self.rng
        if kind == "page":
            names = [n for n in self.pages if n and n not in SKIPPED_PAGES and n != self.page]
            target = rng.choice(names)
            self.qs = {}  # a sidebar link drops the URL's parameters
            return {"page_hash": self.pages[target]}, ("page", target), f"page→{target}"
        here = {"page_hash": self.pages.get(self.page, "")}
        if kind == "period":
            period = rng.choice([p for p in c.periods if p != self.qs.get("period")])
            self.qs["period"] = period
            self.qs.pop("as_of", None)
            return here, (c.labels["period"], c.period_shown(period)), f"period={period}"
        if kind == "scope":
            kind, names = ("chain", c.chains) if rng.random() < 0.6 else ("department", c.departments)
            value = rng.choice([k for k in names if k != self.qs.get(kind)])
            self.qs.pop("department" if kind == "chain" else "chain", None)
            self.qs[kind] = value
            return here, (c.labels[kind], names[value].__eq__), f"{kind}={value}"
        filters = self.filters()
        param = rng.choice(list(filters))
        values = filters[param]
        values = list(c.chains) if values == CHAINS else c.sorts if values is None else values
        value = rng.choice([v for v in values if v != self.qs.get(param)] or values)
        self.qs[param] = value
        return here, ("filter", (param, value)), f"{param}={value}"

    async def pause(self, until: float) -> bool:
        low, high = self.args.pause
        wait = self.rng.uniform(low, high)
        if time.monotonic() + wait >= until:
            return False
        await asyncio.sleep(wait)
        return True

    async def live(self, until: float) -> None:
        stats = self.stats
        # people arrive over the first pause, not all in the same instant
        await asyncio.sleep(self.rng.uniform(0, self.args.pause[1]) if self.args.sessions > 1 else 0)
        self.page = self.rng.choice(["", "", "rates", "chain_map", "targets", "pipeline"])
        if self.rng.random() < 0.5:
            self.qs["period"] = self.rng.choice(self.choices.periods)
        try:
            stats.first_load.append(await self.connect())
        except Exception as exc:  # noqa: BLE001 - every failure is a reported error
            stats.errors.append(f"session {self.n} first load /{self.page}: {type(exc).__name__}: {exc}")
            await self.close()
            return
        actions = 0
        while await self.pause(until) and (self.args.actions is None or actions < self.args.actions):
            kind, on_page = self.pick_action()
            args, must_show, label = self.prepare(kind)
            try:
                seconds, shown = await self.run(**args)
            except Exception as exc:  # noqa: BLE001
                stats.errors.append(f"session {self.n} on /{on_page}, {label}: {type(exc).__name__}: {exc}")
                await self.close()
                return
            actions += 1
            stats.repaint.append(seconds)
            stats.by_action.setdefault(kind, []).append(seconds)
            stats.by_page.setdefault(self.page or "cockpit", []).append(seconds)
            if must_show is not None:
                what, ok = must_show
                if what == "filter":  # the app took the value: it keeps it in the URL (or drops the
                    param, asked = ok  # default's), and said nothing about a value it cannot take
                    what, value = f"?{param}", self.qs.get(param)
                    passed = value in (asked, None) and not any(f"{param}={asked}" in w for w in self.warned)
                elif what == "page":
                    value = self.page
                    passed = value == ok
                else:
                    value = shown.get(what)
                    passed = value is not None and ok(value)
                if passed:
                    stats.verified += 1
                else:
                    stats.errors.append(f"session {self.n} on /{on_page}, {label}: the page shows "
                                        f"{what} = {value!r}" + (f" ({self.warned[0]})" if self.warned else ""))
        await self.close()

    async def close(self):
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


# -- a real browser beside them (--browsers): the repaint a person sees ---------------------------
CHROMIUM = "/usr/bin/chromium"  # Debian's, as the browser tests use (tests/conftest.py)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
# when the page's script state last turned to "notRunning" (a run ended), in the page's clock
IDLE_WATCH = """
window.__zsIdle = 0;
new MutationObserver(records => {
  const el = document.querySelector('[data-test-script-state]');
  // a run ended: the state is notRunning after a change from another state (each record keeps its
  // change's old value, so running -> notRunning within one batch counts), or when first drawn
  const ended = records.some(r => r.attributeName === 'data-test-script-state' && r.oldValue !== 'notRunning');
  if (el && el.getAttribute('data-test-script-state') === 'notRunning' && (ended || !window.__zsSeen))
    window.__zsIdle = performance.now();
  if (el) window.__zsSeen = true;
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true, childList: true,
                      attributeFilter: ['data-test-script-state']});
"""
IDLE_SINCE = """([since, label, shown]) => {
  const el = document.querySelector('[data-test-script-state]');
  const box = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stSelectbox"]')]
    .find(b => b.innerText.includes(label));
  return el && el.getAttribute('data-test-script-state') === 'notRunning' && window.__zsIdle > since &&
         box !== undefined && (box.querySelector('input')?.value || '').startsWith(shown);
}"""


class BrowserPerson:
    """Headless Chromium (Playwright) beside the protocol sessions, as a sanity check of their figures:
    it opens a page and changes the period through the sidebar's picker as a person does (open,
    type, click), the repaint timed in the page from the click to the script's "notRunning" with the
    picker showing the new period. Its CPU is reported apart from the generator's."""

    def __init__(self, n: int, url: str, choices: Choices, stats: Stats, rng: random.Random, args):
        self.n, self.url, self.choices, self.stats, self.rng, self.args = n, url, choices, stats, rng, args

    async def idle(self, page, since: float, period: str) -> float:
        """When the run started at `since` (page clock) ended: notRunning with the sidebar's period
        picker showing `period`, and still so 300 ms later (a run the app restarts flips back)."""
        name = self.choices.period_names[period]
        arg = [since, self.choices.labels["period"], name if "Q" in period else name + "（"]
        while True:
            await page.wait_for_function(IDLE_SINCE, arg=arg, timeout=self.args.timeout * 1000, polling="raf")
            ended = await page.evaluate("window.__zsIdle")
            await asyncio.sleep(0.3)
            if await page.evaluate("window.__zsIdle") == ended and await page.evaluate(IDLE_SINCE, arg):
                return ended

    async def check(self, page, label: str) -> None:
        if await page.locator('[data-testid="stException"]').count():
            raise RunFailed("exception on the page")
        if await page.locator('[data-testid="stAlertContentError"]').count():
            raise RunFailed("error box on the page")
        if await page.get_by_text("Connection error").count():
            raise RunFailed("Connection error")

    async def live(self, browser, until: float) -> None:
        stats, c, rng = self.stats, self.choices, self.rng
        context = await browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        await context.add_init_script(IDLE_WATCH)
        page = await context.new_page()
        label = "first load"
        try:
            start = time.monotonic()
            current = rng.choice(c.periods)
            await page.goto(f"{self.url}/?period={current}", timeout=self.args.timeout * 1000)
            await self.idle(page, 0, current)
            stats.browser_first_load.append(time.monotonic() - start)
            await self.check(page, label)
            actions = 0
            while (self.args.actions is None or actions < self.args.actions):
                wait = rng.uniform(*self.args.pause)
                if time.monotonic() + wait >= until:
                    break
                await asyncio.sleep(wait)
                period = current = rng.choice([p for p in c.periods if p != current])
                name = c.period_names[period]
                label = f"period={period}"
                box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
                    has_text=c.labels["period"]).first
                await box.locator("input").click()
                await page.keyboard.type(name)
                option = page.locator('[role="option"]').filter(has_text=name if "Q" in period else name + "（").first
                since = await page.evaluate("performance.now()")
                await option.click(timeout=self.args.timeout * 1000)
                ended = await self.idle(page, since, period)
                await self.check(page, label)
                stats.browser_repaint.append((ended - since) / 1000)
                actions += 1
        except Exception as exc:  # noqa: BLE001 - every failure is a reported error
            stats.errors.append(f"browser {self.n}, {label}: {type(exc).__name__}: {str(exc)[:300]}")
        finally:
            await context.close()


async def browsers(n: int, url: str, choices: Choices, stats: Stats, until: float, args) -> None:
    if n == 0:
        return
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            people = [BrowserPerson(i + 1, url, choices, stats, random.Random(f"{args.seed}-browser-{i}"), args)
                      for i in range(n)]
            await asyncio.gather(*(p.live(browser, until) for p in people))
        finally:
            await browser.close()


# -- the server's processes: RSS and CPU from /proc --------------------------------------------------
def proc_stat(pid: int) -> tuple[int, float] | None:
    """(ppid, cpu seconds) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK


def _proc_mb(path: str, key: str) -> float:
    """A /proc file's `key:` line (in kB) in MB; 0 when the process is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mb(pid: int) -> float:
    return _proc_mb(f"/proc/{pid}/status", "VmRSS:")


def pss_mb(pid: int) -> float:
    """A process's proportional share of memory (a page shared by k processes counts 1/k): summing
    RSS over Chromium's many processes would count their shared pages many times."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def tree(pids: list[int]) -> list[int]:
    """The processes and all their descendants (a server's Chromium for chart export, say)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := proc_stat(int(entry))) is not None:
            children.setdefault(st[0], []).append(int(entry))
    out, todo = [], list(pids)
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


OWN_CHILDREN = [-1]  # a group standing for this process's children (--browsers: Playwright and Chromium)


def members(pids: list[int]) -> list[int]:
    if pids != OWN_CHILDREN:
        return tree(pids)
    mine = tree([os.getpid()])[1:]  # not the servers --serve started: only Playwright's driver and its browser
    drivers = [p for p in mine if b"playwright" in _cmdline(p)]
    return tree(drivers)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Sampler:
    """Every `every` seconds: the RSS of each server process tree (MB) and its CPU seconds."""

    def __init__(self, groups: dict[str, list[int]], every: float):
        self.groups, self.every = groups, every
        self.series: list[tuple[float, dict[str, float]]] = []
        self.dead_cpu: dict[str, dict[int, float]] = {g: {} for g in groups}  # last CPU seen per pid

    def cpu(self) -> dict[str, float]:
        out = {}
        for group, pids in self.groups.items():
            seen = self.dead_cpu[group]
            for p in members(pids):
                st = proc_stat(p)
                if st is not None:
                    seen[p] = st[1]
            out[group] = sum(seen.values())
        return out

    def sample(self, t: float) -> None:
        self.series.append((t, {g: sum((pss_mb if pids == OWN_CHILDREN else rss_mb)(p) for p in members(pids))
                                for g, pids in self.groups.items()}))
        self.cpu()

    async def loop(self, start: float) -> None:
        while True:
            self.sample(time.monotonic() - start)
            await asyncio.sleep(self.every)


# -- servers this script starts ------------------------------------------------------------------
def server_env(db: Path) -> dict[str, str]:
    """The server's environment: the store, no user file (the bench stores are demo stores: no sign-in)."""
    env = {k: v for k, v in os.environ.items() if k != "ZSGT_USERS"}
    return {**env, "ZSGT_DB": str(db), "STREAMLIT_SERVER_HEADLESS": "true"}


@contextlib.contextmanager
def serve_single(db: Path, port: int, run_dir: Path):
    """`streamlit run app.py` as `make run` starts it, on 127.0.0.1:port; yields (url, {group: pids})."""
    replicas = _deploy()
    log_path = run_dir / "streamlit.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                                 "--server.port", str(port), "--server.address", "127.0.0.1"],
                                cwd=ROOT, env=server_env(db), stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            replicas._wait_healthy(url + "/_stcore/health", proc, log_path)
            yield url, {"streamlit": [proc.pid]}
        finally:
            replicas._stop([proc])


def _deploy():
    """deploy/replicas.py, the launcher of `make serve-replicas` (its start and stop helpers too)."""
    sys.path.insert(0, str(ROOT / "deploy"))
    import replicas

    return replicas


@contextlib.contextmanager
def serve_replicas(db: Path, n: int, port: int, run_dir: Path):
    """deploy/replicas.py's N processes behind nginx (as `make serve-replicas`); yields (url, groups)."""
    replicas = _deploy()
    old = os.environ.pop("ZSGT_USERS", None)  # replicas.replica_env passes os.environ on
    try:
        ports = [port + 1 + i for i in range(n)]
        with replicas.serve(n, port, ports, db, run_dir=run_dir / "replicas",
                            secret_file=run_dir / "cookie_secret") as cluster:
            groups = {f"replica {i}": [p.pid] for i, p in enumerate(cluster.procs[:-1], start=1)}
            groups["nginx"] = [cluster.procs[-1].pid]
            yield f"http://127.0.0.1:{port}", groups
    finally:
        if old is not None:
            os.environ["ZSGT_USERS"] = old


def pids_on_ports(ports: set[int]) -> list[int]:
    """Streamlit processes started with --server.port in `ports` (for --url without --server-pid)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        args = [a.decode(errors="replace") for a in argv]
        if any("streamlit" in a for a in args) and "--server.port" in args:
            i = args.index("--server.port")
            if i + 1 < len(args) and args[i + 1].isdigit() and int(args[i + 1]) in ports:
                found.append(int(entry))
    return found


# -- the run and its report ----------------------------------------------------------------------
def ms(v: float | None) -> str:
    return "–" if v is None else f"{v * 1000:,.0f} ms"


async def load(url: str, groups: dict[str, list[int]], choices: Choices, args) -> dict:
    stats = Stats()
    if args.browsers:
        groups = {**groups, "Chromium (--browsers)": OWN_CHILDREN}
    sampler = Sampler(groups, args.sample)
    start = time.monotonic()
    cpu0, gen0, busy0 = sampler.cpu(), os.times(), machine_busy()
    load0 = os.getloadavg()
    sampling = asyncio.create_task(sampler.loop(start))
    until = start + args.minutes * 60
    people = [Person(i + 1, url, choices, stats, random.Random(f"{args.seed}-{i}"), args)
              for i in range(args.sessions)]
    try:
        await asyncio.gather(*(p.live(until) for p in people),
                             browsers(args.browsers, url, choices, stats, until, args))
    finally:
        sampling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampling
        for p in people:
            await p.close()
    wall = time.monotonic() - start
    sampler.sample(wall)
    cpu1, gen1, busy1 = sampler.cpu(), os.times(), machine_busy()
    gen_cpu = (gen1.user + gen1.system) - (gen0.user + gen0.system)
    return {
        "url": url, "sessions": args.sessions, "minutes": args.minutes, "seed": args.seed, "wall_s": wall,
        "reruns": stats.reruns, "app_reruns": stats.app_reruns, "actions": len(stats.repaint),
        "verified": stats.verified, "errors": stats.errors, "warnings": stats.warnings,
        "first_load": {"n": len(stats.first_load), "p50": percentile(stats.first_load, 50),
                       "p95": percentile(stats.first_load, 95)},
        "repaint": {"n": len(stats.repaint), "p50": percentile(stats.repaint, 50),
                    "p95": percentile(stats.repaint, 95), "max": max(stats.repaint, default=None)},
        "by_action": {k: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                      for k, v in sorted(stats.by_action.items())},
        "by_page": {k: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                    for k, v in sorted(stats.by_page.items())},
        "replicas": stats.replicas,
        "browsers": {"n": args.browsers,
                     "first_load": {"n": len(stats.browser_first_load), "p50": percentile(stats.browser_first_load, 50),
                                    "p95": percentile(stats.browser_first_load, 95)},
                     "repaint": {"n": len(stats.browser_repaint), "p50": percentile(stats.browser_repaint, 50),
                                 "p95": percentile(stats.browser_repaint, 95)}},
        "rss_mb": [(round(t), {g: round(v) for g, v in s.items()}) for t, s in sampler.series],
        "cpu_s": {g: cpu1[g] - cpu0[g] for g in sampler.groups},
        "generator_cpu_s": gen_cpu,
        "machine_busy": (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]),
        "loadavg": [load0, os.getloadavg()],
        "mb_received": stats.bytes_in / 2 ** 20,
    }


def servers_of(groups) -> list[str]:
    return [g for g in groups if g != "nginx" and not g.startswith("Chromium")]


def cpu_per_run(r: dict) -> float | None:
    """The Streamlit processes' CPU seconds per script run (runs asked for and the app's own restarts):
    what one rerun costs the server, whatever the queueing did to the repaint."""
    runs = r["reruns"] + r["app_reruns"]
    servers = servers_of(r["cpu_s"])
    return sum(r["cpu_s"][g] for g in servers) / runs if servers and runs else None


def report(r: dict, mode: str) -> None:
    wall = r["wall_s"]
    print(f"\n== {mode}: {r['sessions']} sessions × {r['minutes']:g} min against {r['url']} (seed {r['seed']}, "
          f"{wall:.0f} s) ==")
    print(f"runs finished: {r['reruns']} ({r['first_load']['n']} first loads + {r['actions']} actions; "
          f"{r['app_reruns']} restarted by the app itself and followed); {r['mb_received']:.1f} MB received")
    print(f"errors: {len(r['errors'])}" + ("" if not r["errors"] else ""))
    for e in r["errors"][:20]:
        print(f"  ! {e}")
    print(f"state checked: {r['verified']} page, period, scope and filter changes showed what was asked")
    if r["warnings"]:
        print("warning boxes shown (not errors): " + "; ".join(f"{n}× {w}" for w, n in
                                                             sorted(r["warnings"].items(), key=lambda x: -x[1])[:5]))
    fl, rp = r["first_load"], r["repaint"]
    print(f"first load: p50 {ms(fl['p50'])}, p95 {ms(fl['p95'])} (n={fl['n']})")
    print(f"repaint:    p50 {ms(rp['p50'])}, p95 {ms(rp['p95'])}, max {ms(rp['max'])} (n={rp['n']})")
    print("  by action: " + ", ".join(f"{k} {ms(v['p50'])}/{ms(v['p95'])} (n={v['n']})"
                                     for k, v in r["by_action"].items()))
    print("  by page (p50/p95): " + ", ".join(f"{k} {ms(v['p50'])}/{ms(v['p95'])}" for k, v in r["by_page"].items()))
    if r["browsers"]["n"]:
        b = r["browsers"]
        print(f"Chromium beside them ({b['n']}, period changes through the sidebar picker): first load "
              f"p50 {ms(b['first_load']['p50'])}; repaint p50 {ms(b['repaint']['p50'])}, "
              f"p95 {ms(b['repaint']['p95'])} (n={b['repaint']['n']})")
    if r["replicas"]:
        print("sessions per replica (X-Zsgt-Replica): " + ", ".join(f"{k}: {v}" for k, v in sorted(r["replicas"].items())))
    series = r["rss_mb"]
    groups = list(series[0][1]) if series else []
    if not r["cpu_s"]:
        print("server memory and CPU: not measured (no Streamlit process found on the URL's port: "
              "pass --server-pid PID for each)")
    step = max(1, len(series) // 12)
    shown = series[::step] + ([series[-1]] if (len(series) - 1) % step else [])
    for g in groups:
        print(f"{'PSS' if g.startswith('Chromium') else 'RSS'} {g} (MB): " + "  ".join(f"{t}s {s[g]}" for t, s in shown) +
              f"   max {max(s[g] for _, s in series)}")
    for g, cpu in r["cpu_s"].items():
        print(f"CPU {g}: {cpu:.1f} s = {cpu / wall:.0%} of one core, {cpu / wall / CORES:.0%} of the machine")
    if (per_run := cpu_per_run(r)) is not None:
        print(f"server CPU per run: {per_run:.2f} s ({sum(r['cpu_s'][g] for g in servers_of(r['cpu_s'])):.1f} s "
              f"over {r['reruns'] + r['app_reruns']} runs, the app's own restarts included)")
    gen = r["generator_cpu_s"]
    print(f"CPU load generator (this process): {gen:.1f} s = {gen / wall:.0%} of one core, "
          f"{gen / wall / CORES:.0%} of the machine ({CORES} cores)")
    print(f"machine busy (all processes, /proc/stat): {r['machine_busy']:.0%}; load average "
          f"{r['loadavg'][0][0]:.2f} at the start, {r['loadavg'][1][0]:.2f} at the end")


def markdown(r: dict, mode: str) -> None:
    wall = r["wall_s"]
    series = r["rss_mb"]
    srv = [g for g in r["cpu_s"] if g != "nginx" and not g.startswith("Chromium")]
    rss = max(sum(s[g] for g in srv) for _, s in series) if series else 0
    cpu = sum(r["cpu_s"][g] for g in srv)
    b = r["browsers"]
    per_run = "—" if (c := cpu_per_run(r)) is None else f"{c:.2f} s"
    chromium = f" (Chromium: {ms(b['repaint']['p50'])} / {ms(b['repaint']['p95'])})" if b["n"] else ""
    print("\n| mode | sessions × min | runs | errors | first load p50 / p95 | repaint p50 / p95 | server RSS max "
          "| server CPU | CPU per run | generator CPU | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {mode} | {r['sessions']} × {r['minutes']:g} | {r['reruns']} | {len(r['errors'])} "
          f"| {ms(r['first_load']['p50'])} / {ms(r['first_load']['p95'])} "
          f"| {ms(r['repaint']['p50'])} / {ms(r['repaint']['p95'])}{chromium} | {rss:,.0f} MB "
          f"| {cpu / wall:.0%} of a core | {per_run} | {r['generator_cpu_s'] / wall:.0%} of a core "
          f"| {r['loadavg'][0][0]:.1f} → {r['loadavg'][1][0]:.1f} |")


def parse_pause(text: str) -> tuple[float, float]:
    low, high = (float(v) for v in text.split(","))
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError("--pause LOW,HIGH with 0 <= LOW <= HIGH")
    return low, high


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Many sessions at once against the dashboard (loopback only).")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an existing server or proxy on loopback, e.g. http://127.0.0.1:8501")
    where.add_argument("--serve", choices=["single", "replicas"], help="start it: one `streamlit run`, "
                       "or deploy/replicas.py's N processes behind nginx")
    ap.add_argument("--replicas", type=int, default=2, help="with --serve replicas: how many processes (2)")
    ap.add_argument("--port", type=int, default=8501, help="with --serve: the server's (proxy's) port; "
                    "replicas on the next ports")
    ap.add_argument("--tier", default="province", choices=["city", "province", "national"],
                    help="the store bench/out/<tier>.duckdb (default province)")
    ap.add_argument("--db", type=Path, help="the store instead (a path)")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pause", type=parse_pause, default=(5.0, 15.0), help="a person's pause, LOW,HIGH s (5,15)")
    ap.add_argument("--actions", type=int, help="stop a session after this many actions (default: at the end)")
    ap.add_argument("--timeout", type=float, default=60, help="a run not finished after this many s is an error")
    ap.add_argument("--sample", type=float, default=5, help="sample the server's RSS and CPU every s (5)")
    ap.add_argument("--server-pid", type=int, action="append", help="with --url: the server's process(es)")
    ap.add_argument("--browsers", type=int, default=0, help="also drive this many headless Chromiums "
                    "(Playwright, /usr/bin/chromium) changing the period, as a check of the repaint (0)")
    ap.add_argument("--markdown", action="store_true", help="also print a README table row")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)

    db = args.db or OUT / f"{args.tier}.duckdb"
    if not db.exists():
        print(f"no store at {db}: `make bench-store TIER={args.tier}` builds it, or pass --db", file=sys.stderr)
        return 2
    from zsgt.store import StoreError

    try:
        choices = store_choices(db)
    except StoreError as exc:  # an older store (make upgrade-store), a damaged one
        print(exc, file=sys.stderr)
        return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: a shell's background job starts with it ignored
        signal.signal(sig, on_term)
    with contextlib.ExitStack() as stack:
        if args.url:
            parsed = urllib.parse.urlparse(args.url)
            if parsed.hostname not in LOOPBACK:
                print("loopback only: --url http://127.0.0.1:PORT", file=sys.stderr)
                return 2
            url = args.url.rstrip("/")
            pids = args.server_pid or pids_on_ports({parsed.port or 80})
            groups = {"streamlit": pids} if pids else {}
            mode = "url"
        else:
            run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zsgt-load-")))
            print(f"starting {args.serve} on 127.0.0.1:{args.port} with {db} …", flush=True)
            if args.serve == "single":
                url, groups = stack.enter_context(serve_single(db, args.port, run_dir))
                mode = "single"
            else:
                url, groups = stack.enter_context(serve_replicas(db, args.replicas, args.port, run_dir))
                mode = f"{args.replicas} replicas + nginx"
        print(f"{args.sessions} sessions × {args.minutes:g} min against {url}, pauses "
              f"{args.pause[0]:g}–{args.pause[1]:g} s, seed {args.seed}", flush=True)
        try:
            result = asyncio.run(load(url, groups, choices, args))
        except KeyboardInterrupt:
            print("stopped (Ctrl+C or SIGTERM): servers stopped, no report", file=sys.stderr)
            return 130
    result["mode"] = mode
    report(result, mode)
    if args.markdown:
        markdown(result, mode)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
