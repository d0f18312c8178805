"""Two Streamlit processes behind nginx (`make serve-replicas`, deploy/replicas.py) in a real browser:
a session stays on its process through many reruns over one websocket, both processes serve users,
and a store swapped in by rename (as an import does) reaches every process.

Skipped, saying so, only when nginx is not installed (`make nginx-deps` installs Debian's)."""

import re
import shutil
import sys
import urllib.request

import duckdb
import pytest
from playwright.sync_api import expect

from conftest import ROOT, _free_port, choose, no_exception, wait_idle

sys.path.insert(0, str(ROOT / "deploy"))
import replicas  # noqa: E402

pytestmark = pytest.mark.skipif(
    replicas.nginx_binary() is None,
    reason="nginx is not installed: `make nginx-deps` (apt-get install nginx) installs Debian's, then this runs")

# the demo store's signed amount by year (data/generate_demo.py SIGNED_TOTAL, the cockpit's second figure)
SIGNED = {"2020": "128.00 亿元", "2021": "161.20 亿元", "2022": "233.53 亿元", "2023": "473.95 亿元",
          "2024": "512.00 亿元", "2025": "553.00 亿元"}


@pytest.fixture(scope="module")
def cluster(demo_path, tmp_path_factory):
    """Two replicas and nginx on free loopback ports, on a copy of the demo store (a test swaps it)."""
    work = tmp_path_factory.mktemp("replicas")
    db = work / "store" / "city.duckdb"
    db.parent.mkdir()
    shutil.copyfile(demo_path, db)
    ports = [_free_port(), _free_port()]
    with replicas.serve(2, _free_port(), ports, db, run_dir=work / "run",
                        secret_file=work / "cookie_secret") as c:
        c.db = db
        yield c


def replica_of(cluster, sticky: str) -> str:
    """Which replica nginx sends a browser carrying the sticky cookie `sticky` to (its header)."""
    req = urllib.request.Request(cluster.url + "/_stcore/health",
                                 headers={"Cookie": f"{replicas.STICKY_COOKIE}={sticky}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers[replicas.REPLICA_HEADER]


def sticky_for_each_replica(cluster) -> dict[str, str]:
    """A sticky cookie value that lands on each replica ('1', '2'), found by asking nginx."""
    found: dict[str, str] = {}
    for k in range(200):
        found.setdefault(replica_of(cluster, f"probe{k}"), f"probe{k}")
        if len(found) == len(cluster.ports):
            return found
    raise AssertionError(f"nginx sent 200 cookies to replicas {sorted(found)} only")


def log_lines(cluster, sticky: str, timeout: float = 15) -> list[str]:
    """The access log's lines of the browser holding `sticky`, once its websocket's line is there:
    nginx logs a request when it ends, a websocket when it closes (close the page first)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in cluster.access_log.read_text().splitlines() if line.endswith(f"sticky={sticky}")]
        if any('"GET /_stcore/stream' in line for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.2)


def open_cockpit(browser, cluster, sticky: str | None = None, period: str = "2023"):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    if sticky:
        context.add_cookies([{"name": replicas.STICKY_COOKIE, "value": sticky, "url": cluster.url}])
    page = context.new_page()
    page.sockets = []
    page.on("websocket", lambda ws: page.sockets.append(ws))
    page.first_response = page.goto(f"{cluster.url}/?period={period}")
    page.wait_for_selector("h1", timeout=60_000)
    wait_idle(page)
    return page


def signed_amount(page):
    """The cockpit's second headline figure: the period's signed amount."""
    return page.locator('[data-testid="stMetricValue"]').nth(1)


def test_a_session_keeps_working_across_many_reruns_on_one_replica(browser, cluster):
    page = open_cockpit(browser, cluster)
    sticky = next(c["value"] for c in page.context.cookies() if c["name"] == replicas.STICKY_COOKIE)
    expect(signed_amount(page)).to_have_text(SIGNED["2023"], timeout=60_000)
    for year in ["2022", "2024", "2021", "2025", "2020", "2023", "2022", "2024"]:
        choose(page, "统计期", f"{year}年（全年）")
        expect(page).to_have_url(re.compile(rf"period={year}(&|$)"))
        expect(signed_amount(page)).to_have_text(SIGNED[year], timeout=60_000)
        no_exception(page)
        expect(page.get_by_text("Connection error")).to_have_count(0)
    # one websocket carried every rerun: never dropped and reconnected
    assert len(page.sockets) == 1 and not page.sockets[0].is_closed()
    page.context.close()
    # and every request of the session, its websocket included, went to one replica
    lines = log_lines(cluster, sticky)
    assert any('"GET /_stcore/stream' in line for line in lines)
    assert len({re.search(r"replica=(\S+)", line).group(1) for line in lines}) == 1


def test_both_replicas_serve_users(browser, cluster):
    pages = {}
    for replica, sticky in sticky_for_each_replica(cluster).items():
        page = open_cockpit(browser, cluster, sticky)
        assert page.first_response.headers[replicas.REPLICA_HEADER.lower()] == replica
        expect(signed_amount(page)).to_have_text(SIGNED["2023"], timeout=60_000)
        pages[replica] = (page, sticky)
    assert sorted(pages) == ["1", "2"]
    for replica, (page, sticky) in pages.items():
        page.context.close()
        port = cluster.ports[int(replica) - 1]
        lines = log_lines(cluster, sticky)
        assert any('"GET /_stcore/stream' in line for line in lines)
        assert all(f"replica=127.0.0.1:{port} " in line for line in lines)


def test_a_store_swapped_in_by_rename_reaches_every_replica(browser, cluster):
    pages = [open_cockpit(browser, cluster, sticky) for sticky in sticky_for_each_replica(cluster).values()]
    for page in pages:
        expect(signed_amount(page)).to_have_text(SIGNED["2023"], timeout=60_000)
    # a new store built beside the old one and renamed over it, as zsgt.importer writes an import:
    # one 2023 project signed 100 万元 more (473.95 → 473.96 亿元)
    staging = cluster.db.with_name(".city.duckdb.staging")
    shutil.copyfile(cluster.db, staging)
    con = duckdb.connect(str(staging))
    con.execute("update projects set contract_amount_wan = contract_amount_wan + 100 where project_id = "
                "(select min(project_id) from projects where year(signed_date) = 2023)")
    con.close()
    staging.replace(cluster.db)
    for page in pages:  # the next rerun of each open session reads the new file
        choose(page, "统计期", "2022年（全年）")
        expect(signed_amount(page)).to_have_text(SIGNED["2022"], timeout=60_000)
        choose(page, "统计期", "2023年（全年）")
        expect(signed_amount(page)).to_have_text("473.96 亿元", timeout=60_000)
        no_exception(page)
        page.context.close()
