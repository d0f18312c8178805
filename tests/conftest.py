"""Shared fixtures: the tiny fixture store, the demo store, and clean Streamlit caches."""

from __future__ import annotations

import contextlib
import re
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


# -- sign-in (issue 9): a user file for the tests, configured for every test ----------------------------
# name -> (role, chains, departments, password); the passwords are the tests' own, never real ones
TEST_USERS = {
    "leader": ("leader", (), (), "leader-pass-1"),
    "admin": ("admin", (), (), "admin-pass-1"),
    "alu": ("chain_owner", ("aluminium",), (), "alu-pass-1"),
}


def write_users(path: Path, entries: dict = TEST_USERS) -> Path:
    """A user file at `path` (mode 600) holding `entries` (name -> role, chains, departments, password)."""
    from zsgt import users

    users.save(path, {name: users.User(name, role, users.HASHER.hash(pw), tuple(ch), tuple(dep), f"测试{name}")
                      for name, (role, ch, dep, pw) in entries.items()})
    return path


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    return write_users(tmp_path_factory.mktemp("users") / "users.toml")


@pytest.fixture(autouse=True)
def _sign_in_configured(users_file, monkeypatch):
    """Every test runs with the local user file configured (a non-demo store then serves pages to a
    signed-in principal: tests/helpers.render puts one in the session). Tests of the other set-ups
    unset $ZSGT_USERS themselves."""
    monkeypatch.setenv("ZSGT_USERS", str(users_file))
    yield


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
def serve(db: Path, log_dir: Path, *, users: Path | None = None, secrets: Path | None = None,
          port: int | None = None, env: dict | None = None):
    """`streamlit run app.py` on a free port (or `port`) against the store `db`; yields the base URL;
    stops it. Sign-in: `users` is the local user file ($ZSGT_USERS), `secrets` a secrets.toml with an
    [auth] section (OIDC); with neither, a demo store needs no sign-in and a real one shows no data."""
    import os
    import subprocess
    import time
    import urllib.request

    port = port or _free_port()
    log = open(log_dir / "streamlit.log", "w")
    env = {**{k: v for k, v in os.environ.items() if k != "ZSGT_USERS"}, "ZSGT_DB": str(db), **(env or {})}
    if users is not None:
        env["ZSGT_USERS"] = str(users)
    # no secrets.toml but the given one (none: no identity provider), whatever ~/.streamlit holds
    secrets_files = str(secrets) if secrets is not None else str(log_dir / "no-secrets.toml")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--secrets.files", secrets_files],
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


def submit_sign_in(page, user: str, password: str) -> None:
    """Type a name and password into the sign-in form and submit it."""
    from playwright.sync_api import expect

    form = page.locator('[data-testid="stForm"]')
    expect(form).to_be_visible(timeout=WAIT_MS)
    form.locator('input[type="text"]').fill(user)
    form.locator('input[type="password"]').fill(password)
    form.locator("[data-testid^=stBaseButton][data-testid$=FormSubmit]").click()


def signed_in(page, user: str = "leader", password: str | None = None):
    """Sign in through the page's sign-in form (the local user file) as a person would, and wait for
    the page behind it. `password`: the test user's own unless given."""
    from playwright.sync_api import expect

    submit_sign_in(page, user, TEST_USERS[user][3] if password is None else password)
    expect(page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile("退出登录|Sign out"))) \
        .to_be_visible(timeout=WAIT_MS)
    wait_idle(page)
    return page


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
