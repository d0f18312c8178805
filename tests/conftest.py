"""Shared fixtures: the tiny fixture store, the demo store, and clean Streamlit caches."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fixture import ASOF, write_fixture  # noqa: E402
from zsgt import store  # noqa: E402


@pytest.fixture(scope="session")
def fixture_path(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture(scope="session")
def con(fixture_path):
    c = store.open_store(fixture_path)
    yield c
    c.close()


@pytest.fixture(scope="session")
def asof_path(tmp_path_factory) -> Path:
    """The fixture store with tests/asof.sql: rows that changed after 2023-12-31."""
    return write_fixture(tmp_path_factory.mktemp("asof") / "asof.duckdb", extra=(ASOF,))


@pytest.fixture(scope="session")
def asof_con(asof_path):
    c = store.open_store(asof_path)
    yield c
    c.close()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "data"))
    import generate_demo

    return generate_demo.build(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture(scope="session")
def demo_con(demo_path):
    c = store.open_store(demo_path)
    yield c
    c.close()


@pytest.fixture
def city():
    return {"scope": "city", "scope_id": None}


@pytest.fixture
def clear_streamlit_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


# -- the real browser: `streamlit run` on a free port, Playwright driving Debian's Chromium ---------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path, log_dir: Path):
    """`streamlit run app.py` on a free port against the store `db`; yields the base URL; stops it."""
    import os
    import subprocess
    import time
    import urllib.request

    port = _free_port()
    log = open(log_dir / "streamlit.log", "w")
    env = {**os.environ, "ZSGT_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(demo_path, tmp_path_factory):
    """The app served on the demo store for the whole browser session."""
    with serve(demo_path, tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser, app_url):
    """open_page('/?period=2023') -> a Playwright page whose script has finished running."""
    pages = []

    def _open(path: str = "/", width: int = 1600, height: int = 1000):
        page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        pages.append(page)
        page.goto(app_url + path)
        page.wait_for_selector("h1", timeout=60_000)  # every page has a title: the script has started
        wait_idle(page)
        return page

    yield _open
    for p in pages:
        p.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit's script has run to the end. After an interaction the rerun may not have
    started yet, so first give it a moment to show "running", then wait for "notRunning"."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector('[data-test-script-state="running"]', state="attached", timeout=1500)
    except PlaywrightTimeout:
        pass  # already finished, or this was a fresh load
    page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached", timeout=timeout)
    page.wait_for_timeout(300)


def wait_text(page, text: str, timeout: float = 30_000) -> None:
    """Wait until `text` is shown somewhere on the page."""
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a selectbox the way a user does: open it, type to filter, click the option
    (or press Enter when the list shows no option element to click)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    page.keyboard.type(option)
    try:
        page.locator('[role="option"]').filter(has_text=option).first.click(timeout=5_000)
    except PlaywrightTimeout:
        page.keyboard.press("Enter")
    wait_idle(page)


def exceptions(page) -> int:
    return page.locator('[data-testid="stException"]').count()


# -- browser assertions that wait: Playwright's expect() retries until the condition holds (or times
# out), so a chart still drawing or a rerun still ending is waited for, never counted once ----------
WAIT_MS = 60_000


def see(page, *texts: str, timeout: float = WAIT_MS) -> None:
    """Wait until each text is shown on the page."""
    from playwright.sync_api import expect

    for text in texts:
        expect(page.locator("body")).to_contain_text(text, use_inner_text=True, timeout=timeout)


def not_see(page, *texts: str, timeout: float = WAIT_MS) -> None:
    """Wait until none of the texts is shown on the page."""
    from playwright.sync_api import expect

    for text in texts:
        expect(page.locator("body")).not_to_contain_text(text, use_inner_text=True, timeout=timeout)


def no_exception(page, timeout: float = WAIT_MS) -> None:
    """Wait until the page shows no exception box."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stException"]')).to_have_count(0, timeout=timeout)


def charts_drawn(page, count: int, *, at_least: bool = False, timeout: float = WAIT_MS) -> None:
    """Wait until `count` Plotly charts (or at least that many) have drawn their SVG."""
    from playwright.sync_api import expect

    drawn = page.locator(".js-plotly-plot:has(.main-svg)")
    if at_least:
        expect(drawn.nth(count - 1)).to_be_attached(timeout=timeout)
    else:
        expect(drawn).to_have_count(count, timeout=timeout)


def url_has(page, *parts: str, timeout: float = WAIT_MS) -> None:
    """Wait until the page's URL holds each part (the URL follows a rerun)."""
    import re

    from playwright.sync_api import expect

    for part in parts:
        expect(page).to_have_url(re.compile(re.escape(part)), timeout=timeout)
