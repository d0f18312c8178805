"""Every page in a real browser on a tier's store: first paint and filter → repaint (issue 10 item 3; not a test).

    env -u ZSGT_USERS .venv/bin/python bench/bench_browser.py --tier province [--runs 7] [--pages cockpit,targets] [--markdown]
    (or --db PATH for any store file; --cold to ask for a value the server has not answered yet on every repaint)

It starts `streamlit run app.py` on the store (its own free port, headless, $ZSGT_USERS unset: the
tier stores are demo-marked, so the pages open in demo mode without sign-in), drives Debian's
Chromium with Playwright — one browser, one page at a time — and prints, per page, the median and
p95 of:

- **first paint**: from `page.goto(<page URL>)` in a new tab (a new Streamlit session, as a person
  opening a link; the browser's cache holds the app's scripts from the warm-up) until the page's main content is drawn and the app is idle. Drawn: every
  CSS selector of the page's `ready` list is in the DOM (a Plotly chart's SVG, a dataframe's canvas,
  a metric), and idle: the app's `data-test-script-state` is `notRunning` and no element is marked
  stale (`data-stale="true"`, Streamlit's mark for elements of the previous run not drawn again yet).
- **filter → repaint**: on that page, one change a person would make there (the period in the
  sidebar, the chain picked, the department explained, the next page of a list): from the keystroke
  or click until the rerun it caused has finished (the script state went to `running` after the
  action and is back to `notRunning`, counted by a MutationObserver on the attribute), no element is
  stale, the URL holds the new value (`?period=…`, `?tg_page=…`; the app writes its filters there)
  and the page's `ready` content is drawn again.

Every run opens the page in a new session, so on its default value, and changes it to the next one
(the next period back, chain, department, stage, scope, list page). The first run is a warm-up, so
the server has answered both values once: the figures are a person's view of a warm server (the
queries' own cold timings are bench_pages.py's). `--cold` goes one value further on every run
instead (the period two back, three back, …), so every repaint waits for its queries.

Timings depend on the machine's load: the load average is printed before and after. It prints,
never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
CHART = '[data-testid="stPlotlyChart"] .main-svg'
TABLE = '[data-testid="stDataFrame"] canvas'
METRIC = '[data-testid="stMetricValue"]'
PERIOD = ("select", "w_period", "period")  # the sidebar's period: a select box, its URL parameter


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: str
    ready: tuple[str, ...]                   # CSS selectors that must all be in the DOM: the main content
    action: tuple[str, str, str | None] | None  # (kind, widget key, URL parameter it writes): select | step
    action_words: str = ""


PAGES = [
    PageSpec("cockpit", "/", (METRIC, CHART), PERIOD, "period"),
    PageSpec("rates", "/rates", (METRIC, CHART), PERIOD, "period"),
    PageSpec("chain_map", "/chain_map", (CHART, TABLE), ("select", "chain_map_chain", "cm_chain"), "chain picked"),
    PageSpec("resource_map", "/resource_map", (CHART,), PERIOD, "period"),
    PageSpec("fund_map", "/fund_map", (METRIC, CHART, TABLE), PERIOD, "period"),
    PageSpec("opportunities", "/opportunities", (TABLE,), ("select", "w_scope_kind", "chain"), "scope (whole city → a chain)"),
    # (the target list keeps its page in the session, not the URL)
    PageSpec("targets", "/targets", (TABLE,), ("step", "tg_page", None), "next page of the list"),
    PageSpec("pipeline", "/pipeline", (CHART, TABLE), ("select", "pipeline_stage", "pipeline_stage"), "stage filter"),
    PageSpec("supervision", "/supervision", (METRIC, TABLE), PERIOD, "period"),
    PageSpec("visits", "/visits", (METRIC, CHART, TABLE), ("step", "visits_list_page", "visits_list_page"),
             "next page of the list"),
    PageSpec("self_review", "/self_review", (TABLE,), PERIOD, "period"),
    PageSpec("assessment", "/assessment", (TABLE, CHART), ("select", "as_department", "as_department"),
             "department explained"),
    PageSpec("incentives", "/incentives", (METRIC, CHART), PERIOD, "period"),
    PageSpec("data_quality", "/data_quality", (METRIC,), None),
]

# installed on every page: counts the script's runs (the app's data-test-script-state attribute)
OBSERVER = """() => {
  const app = document.querySelector('[data-test-script-state]');
  if (!app || window.__zs) return;
  window.__zs = {running: 0};
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__zs.running += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

IDLE = """([ready, runsBefore, param, before]) => {
  const app = document.querySelector('[data-test-script-state]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (!ready.every(sel => document.querySelector(sel))) return false;
  if (runsBefore !== null && !(window.__zs && window.__zs.running > runsBefore)) return false;
  if (param !== null && new URLSearchParams(location.search).get(param) === before) return false;
  return true;
}"""


def stats(times: list[float]) -> tuple[float, float]:
    t = sorted(times)
    return statistics.median(t), t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run app.py` on the store, headless, on loopback, without $ZSGT_USERS (demo mode)."""

    def __init__(self, db: Path, port: int | None):
        self.port = port or _free_port()
        self.dir = tempfile.TemporaryDirectory(prefix="bench_browser_")
        self.log = open(Path(self.dir.name) / "streamlit.log", "w")
        env = {k: v for k, v in os.environ.items() if k != "ZSGT_USERS"}
        env["ZSGT_DB"] = str(db)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--secrets.files", str(Path(self.dir.name) / "no-secrets.toml")],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while True:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit(f"streamlit did not start on port {self.port}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        self.dir.cleanup()


def wait_idle(page, spec: PageSpec, runs_before=None, param=None, before=None, timeout_s: float = 180) -> None:
    page.wait_for_function(IDLE, arg=[list(spec.ready), runs_before, param, before], polling="raf",
                           timeout=timeout_s * 1000)


def errors_on(page) -> int:
    return page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()


def first_paint(context, base: str, spec: PageSpec):
    """A new session (a new tab) opening the page: seconds to the main content drawn and the app idle; the page."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + spec.path, wait_until="commit")
    page.wait_for_selector("[data-test-script-state]", state="attached", timeout=180_000)
    wait_idle(page, spec)
    return time.perf_counter() - start, page


def change(page, spec: PageSpec, steps: int = 1) -> float:
    """One change of the page's filter, from the value a new session opens with to the option (or
    list page) `steps` further on: seconds from the click or keystroke to the rerun finished and the
    new value shown."""
    kind, key, param = spec.action
    page.evaluate(OBSERVER)
    runs = page.evaluate("() => window.__zs.running")
    before = page.evaluate(f"() => new URLSearchParams(location.search).get({param!r})") if param else None
    widget = page.locator(f".st-key-{key}")
    widget.evaluate("e => e.scrollIntoView({block: 'center'})")  # a list opened at the screen's edge stays shut
    if kind == "select" and widget.locator('[role="combobox"]').count():  # a select box: open it, click
        widget.locator('button[aria-haspopup="listbox"]').click()
        options = page.locator('[role="listbox"] [role="option"]')
        options.first.wait_for()
        n = options.count()
        current = next((i for i in range(n) if options.nth(i).get_attribute("aria-selected") == "true"), 0)
        target = options.nth(min(current + steps, n - 1))
        start = time.perf_counter()
        target.click()
    elif kind == "select":  # a radio (the scope kind): the choice `steps` further on
        options = widget.locator('label[data-testid="stRadioOption"]')
        n = options.count()
        current = next(i for i in range(n) if options.nth(i).get_attribute("data-selected") == "true")
        target = options.nth(min(current + steps, n - 1))
        start = time.perf_counter()
        target.click()
    else:  # step: a list's page number, typed and confirmed with Enter
        box = widget.locator("input")
        box.fill(str(int(box.input_value()) + steps))
        start = time.perf_counter()
        box.press("Enter")
    wait_idle(page, spec, runs_before=runs, param=param, before=before)
    return time.perf_counter() - start


def measure(browser, base: str, spec: PageSpec, runs: int, cold: bool) -> dict:
    out = {"first": [], "repaint": [], "errors": 0}
    # one browser profile per page: after the warm-up its cache holds the app's scripts, as a person's does
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    for i in range(runs + 1):  # the first is the warm-up
        seconds, page = first_paint(context, base, spec)
        if i:
            out["first"].append(seconds)
        if spec.action is not None:
            try:
                # a new session opens on the page's default; warm: the next value each time (the server
                # has answered it in the warm-up), cold: one further each run, never asked before
                took = change(page, spec, steps=i + 1 if cold else 1)
                if i:
                    out["repaint"].append(took)
            except Exception as exc:  # noqa: BLE001 - a page without its widget (a short list) says so
                out["note"] = f"no repaint: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:120]}"
        out["errors"] += errors_on(page)
        page.close()
    context.close()
    return out


def ms(v: float | None) -> str:
    return "—" if v is None else f"{v * 1000:,.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tier", default="province", choices=["city", "province", "national"])
    ap.add_argument("--db", type=Path, help="a store file instead of the tier's")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pages", help="comma-separated page names (default: every page)")
    ap.add_argument("--port", type=int, help="the server's port (default: a free one)")
    ap.add_argument("--cold", action="store_true", help="step to a value not yet asked for on every repaint")
    ap.add_argument("--markdown", action="store_true", help="print a README table")
    args = ap.parse_args()
    if "ZSGT_USERS" in os.environ:
        print("note: $ZSGT_USERS is set; the server is started without it (demo mode)")
    if args.db:
        db = args.db
    else:
        from bench_pages import tier_store  # bench/out/<tier>.duckdb, built or upgraded when needed

        db = tier_store(args.tier)
    wanted = set(args.pages.split(",")) if args.pages else None
    specs = [s for s in PAGES if wanted is None or s.name in wanted]
    from playwright.sync_api import sync_playwright

    print(f"store {db} ({db.stat().st_size / 2 ** 20:,.0f} MiB); {args.runs} runs after a warm-up; "
          f"{'cold' if args.cold else 'warm'} repaints; load average {load_average()} (cores: {os.cpu_count()})")
    server = Server(db, args.port)
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for spec in specs:
                    r = measure(browser, server.url, spec, args.runs, args.cold)
                    results[spec.name] = r
                    first = stats(r["first"])
                    rep = stats(r["repaint"]) if r["repaint"] else (None, None)
                    print(f"{spec.name:<14} first paint {ms(first[0]):>7} ms (p95 {ms(first[1]):>7})   "
                          f"repaint {ms(rep[0]):>7} ms (p95 {ms(rep[1]):>7})  [{spec.action_words or 'no filter'}]"
                          + (f"  errors on page: {r['errors']}" if r["errors"] else "")
                          + (f"  {r['note']}" if r.get("note") else ""), flush=True)
            finally:
                browser.close()
    finally:
        server.stop()
    print(f"load average after: {load_average()}")
    if args.markdown:
        label = args.db.name if args.db else args.tier
        print(f"\n| page ({label}) | first paint median | p95 | filter → repaint median | p95 | the change |")
        print("|---|---|---|---|---|---|")
        for spec in specs:
            r = results[spec.name]
            first = stats(r["first"])
            rep = stats(r["repaint"]) if r["repaint"] else (None, None)
            print(f"| {spec.name} | {ms(first[0])} ms | {ms(first[1])} ms | "
                  f"{ms(rep[0]) + ' ms' if rep[0] is not None else '—'} | "
                  f"{ms(rep[1]) + ' ms' if rep[1] is not None else '—'} | {spec.action_words or '—'} |")


if __name__ == "__main__":
    main()
