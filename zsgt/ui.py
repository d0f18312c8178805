"""Page chrome shared by every page: one call at the top of a page, `ctx = ui.page("cockpit.title")`.

It opens the store (or explains in Chinese why it cannot), draws the demo banner, the language
switch, the period picker, the as-of date and the scope picker in the sidebar, keeps them in the
URL, and returns a `Ctx` with what the page's queries need. This is the only module that imports
Streamlit; pages call it, never duckdb.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from . import access, auth, checks, deck, export, figures, fit, fmt, i18n, image_export, store
from . import cohort as cohorts
from .config import db_path, default_lang
from .i18n import t
from .period import CITY, Period, Scope

# What the imports made (Streamlit, Plotly, pandas, the pinyin tables: about 330,000 objects) lives as
# long as the server: frozen out of the cyclic garbage collector, so that its full collections scan
# only what the runs made (a full collection over them took 0.3 s of the interpreter lock)
gc.freeze()


_OPEN: dict[str, tuple[float, duckdb.DuckDBPyConnection]] = {}
_OPEN_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _connection(path: str, mtime: float):
    """The store, read-only; keyed on the file's mtime, so a store swapped in by an import (an
    atomic rename, zsgt.importer.write) is reopened. DuckDB keeps one database instance per file path
    in a process and hands it to every new connection while any connection to it is open: the
    connection to the old file is closed first, else the "new" connection would read the old file."""
    with _OPEN_LOCK:
        old = _OPEN.get(path)
        if old is not None and old[0] != mtime:
            _close_when_idle(old[1])
        con = store.open_store(path)
        _OPEN[path] = (mtime, con)
    return con


def _close_when_idle(con, wait: float = 10.0) -> None:
    """Close a connection once no query of another session is running on it (DuckDB refuses to
    close a busy one); give up with a message after `wait` seconds (the next rerun tries again)."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            con.close()
            return
        except duckdb.Error as exc:
            if "busy" not in str(exc).lower() or time.monotonic() > deadline:
                raise store.StoreError("正在切换到新导入的数据，请稍后刷新页面。") from exc
            time.sleep(0.05)


def _store_key() -> tuple[str, float]:
    path = db_path()
    try:
        return str(path), path.stat().st_mtime
    except OSError:
        return str(path), 0.0


@st.cache_data(show_spinner=False, ttl=3600, max_entries=2000)
def _cached(path: str, mtime: float, name: str, params: tuple) -> pd.DataFrame:
    return store.run(_connection(path, mtime), name, **dict(params))


def q(name: str, **params) -> pd.DataFrame:
    """Run a named query (cached per store file and parameters) with the parameters the signed-in
    user may read (zsgt.access.params_for: a rows query inside their fence). A database error stops
    the page with a message in Chinese rather than a traceback."""
    params = access.params_for(access.acting(), name, params)
    path, mtime = _store_key()
    try:
        return _cached(path, mtime, name, tuple(sorted(params.items(), key=lambda kv: kv[0])))
    except duckdb.Error as exc:
        message = t("chrome.query_error", name=name, path=path, error=str(exc).splitlines()[0])
        try:  # a store failing the data checks: say where the faults are listed
            if any(r.failing and r.severity == "error" for r in _check_results(path, mtime)):
                message += t("chrome.query_error_dq", url=page_url(DATA_QUALITY_URL))
        except Exception:  # noqa: BLE001 - the query's own message is the one to show
            pass
        fail(message)


@st.cache_data(show_spinner=False, ttl=3600, max_entries=20)
def _check_results(path: str, mtime: float) -> list[checks.CheckResult]:
    # once per store file (keyed on its mtime, like the connection): every page's badge reads it
    return checks.run_checks(_connection(path, mtime))


def data_checks() -> list[checks.CheckResult]:
    """Every data check of zsgt/checks.py on the store, run once per store file."""
    path, mtime = _store_key()
    try:
        return _check_results(path, mtime)
    except store.StoreError as exc:
        fail(f"{t('chrome.store_error')}：{exc}")


DATA_QUALITY_URL = "/data_quality"


@st.cache_data(show_spinner=False, ttl=3600, max_entries=20)
def _failing_error_checks(path: str, mtime: float) -> int:
    # the badge's number, kept on its own: every run of every page reads it, and reading the checks
    # themselves from the cache unpickles each one's sample rows (96 frames), 8 % of a rerun's CPU
    return sum(r.failing > 0 and r.severity == "error" for r in _check_results(path, mtime))


def _quality_badge() -> None:
    """A red badge under the title when the store fails any error-level check, linking to 数据质量
    (for a role that may open it: the page lists every failing row of the store)."""
    path, mtime = _store_key()
    try:
        failing = _failing_error_checks(path, mtime)
    except store.StoreError as exc:
        fail(f"{t('chrome.store_error')}：{exc}")
    if failing:
        link = (f"[{t('chrome.dq_link')}]({page_url(DATA_QUALITY_URL)})"
                if access.may_open(access.acting(), "data_quality") else "")
        st.caption(":red-badge[" + t("chrome.dq_badge", n=failing) + "] " + link)


@dataclass(frozen=True)
class Ctx:
    period: Period
    as_of: dt.date
    scope: Scope
    periods: tuple[tuple[int, int], ...]
    cohort: cohorts.Cohort = cohorts.PERIOD  # the rates' cohort (rates=True pages pick it)

    def params(self) -> dict:
        """Period, as-of date, scope and the rates' cohort as query parameters."""
        return {**self.period.params(), "as_of": self.as_of, **self.scope.params(), **self.cohort.params()}

    @property
    def scope_label(self) -> str:
        if self.scope.kind == "city":
            return t("chrome.scope_city")
        table = q("chains", **CITY.params()) if self.scope.kind == "chain" else q("departments", **CITY.params())
        names = dict(zip(table.iloc[:, 0], table[i18n.name_col()]))
        return names.get(self.scope.id, self.scope.id)


def _period_options(available: list[tuple[int, int]]) -> list[Period]:
    """Newest first: each year as a whole, then its quarters."""
    options: list[Period] = []
    for year in sorted({y for y, _ in available}, reverse=True):
        options.append(Period(year))
        options.extend(Period(year, q_) for q_ in sorted((q_ for y, q_ in available if y == year), reverse=True))
    return options


def _period_label(p: Period, available: list[tuple[int, int]]) -> str:
    if p.quarter is None:
        last = max(q_ for y, q_ in available if y == p.year)
        if last < 4:
            return (f"{p.year}年（截至第{last}季度）" if i18n.lang() == "zh" else f"{p.year} (to Q{last})")
        return f"{p.year}年（全年）" if i18n.lang() == "zh" else f"{p.year} (full year)"
    return p.label(i18n.lang())


def _url_value(p: Period) -> str:
    return f"{p.year}Q{p.quarter}" if p.quarter else str(p.year)


def _parse_url_period(text: str, available) -> Period | None:
    """`2023` or `2023Q2` (any case), and only a period the store has results for."""
    match = re.fullmatch(r"(\d{4})(?:Q([1-4]))?", (text or "").strip().upper())
    if match is None:
        return None
    return Period.parse(match[1], match[2], list(available))


def fail(message: str) -> None:
    st.error(message)
    st.stop()


# -- the shared view state: language, period, as-of date, scope --------------------------------
# A widget's state is dropped when a run does not draw it, and a sidebar widget on another page is
# another widget; st.navigation's sidebar links also drop the URL's parameters. So the choices live
# in st.session_state under keys no widget owns (STATE), are copied into each page's widgets, and
# are written back to the URL on every page. A URL parameter that differs from the value last
# written is a request (a link, a typed or pasted URL, the back button) and wins over the state.
STATE = "zs_state"
SHARED_PARAMS = ("lang", "period", "as_of", "chain", "department", "meeting", "cohort")
URL_WRITTEN = "zs_url"
NOTICES = "zs_notices"


def _state() -> dict:
    return st.session_state.setdefault(STATE, {})


def _incoming(param: str) -> str | None:
    """The URL's `param` when it is a new request, not the value this app wrote there itself."""
    value = st.query_params.get(param)
    if value is None or value == st.session_state.setdefault(URL_WRITTEN, {}).get(param):
        return None
    return value


def _write_url(param: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
    st.session_state.setdefault(URL_WRITTEN, {})[param] = value


def _notice(message: str) -> None:
    notices = st.session_state.setdefault(NOTICES, [])
    if message not in notices:
        notices.append(message)


def _show_notices() -> None:
    for message in st.session_state.pop(NOTICES, []):
        st.warning(message, icon="⚠️")


def _keep(widget_key: str, state_key: str, *reset: str) -> None:
    """on_change: copy a widget's new value into the shared state (and forget `reset` keys)."""
    state = _state()
    state[state_key] = st.session_state[widget_key]
    for key in reset:
        state.pop(key, None)


def _ensure_app_navigation() -> None:
    """Run every page inside app.py's navigation, also on a server's very first visit.

    With a `pages/` folder beside app.py, Streamlit starts in its old multipage mode: until some
    session has opened "/", a visit straight to `/chain_map` runs that page file alone, with a file
    list for navigation and without app.py's page config. Leave that mode and rerun: the rerun goes
    through app.py, whose st.navigation resolves the same URL path to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def init_language() -> str:
    """The language of this run: `?lang=` when a link asks for one, else the session's choice, else
    $ZSGT_LANG. app.py calls it before it builds the navigation's titles; ui.page calls it again."""
    state = _state()
    wanted = _incoming("lang")
    if wanted is not None and wanted in i18n.LANGS:
        state["lang"] = wanted
    default = default_lang() if default_lang() in i18n.LANGS else "zh"
    lang = state.setdefault("lang", default)
    i18n.set_lang(lang)
    if wanted is not None and wanted not in i18n.LANGS:
        _notice(t("chrome.bad_lang", value=wanted))
    _write_url("lang", None if lang == default else lang)
    return lang


def resume(ctx: Ctx) -> None:
    """At the top of a page's st.fragment: what ui.page set for this run, set again. A fragment's own
    rerun (a widget inside it changed) runs the fragment alone, without ui.page, on a new script
    thread, where the language and the page context (what chart() stamps exports with) are per-thread
    values back at their defaults: the chain map's chain picked in English came back in Chinese."""
    init_language()
    _page_ctx.set(ctx)


def page(title_key: str, *, scoped: bool = True, show_period: bool = True,
         scope_titles: dict[str, str] | None = None, rates: bool = False) -> Ctx:
    """Draw the shared chrome and return the page's context. Call once, at the top of a page.
    `scope_titles` titles the page by its scope ({"department": "review.title_department"}).
    rates=True: the page shows the two rates, so it draws the cohort picker (the choice is kept in
    the session and in ?cohort= on every page, so it survives pages without the picker)."""
    _ensure_app_navigation()
    state = _state()
    lang = init_language()
    with st.sidebar:
        st.session_state["w_lang"] = lang
        st.radio(t("chrome.language"), list(i18n.LANGS), key="w_lang", horizontal=True,
                 format_func=lambda code: "中文" if code == "zh" else "English", on_change=_keep,
                 args=("w_lang", "lang"))
    _meeting_toggle()

    try:
        path, mtime = _store_key()
        _connection(path, mtime)
        info = dict(q("store_info").itertuples(index=False))
    except store.StoreError as exc:
        st.title(t(title_key))
        fail(f"{t('chrome.store_error')}：{exc}")
    principal = auth.gate(demo_store=info.get("demo") == "true")  # signed in, or the page stops here
    if st.session_state.get(NAV_FOR, principal) != principal:  # app.py drew the navigation for someone else
        st.rerun()
    _refuse_unless_allowed(title_key)
    available = [tuple(r) for r in q("available_periods").itertuples(index=False)]
    if not available:
        st.title(t(title_key))
        fail(t("chrome.no_data"))

    st.html(_HOUSE_CSS)
    heading = st.empty()
    heading.title(t(title_key))
    if info.get("demo") == "true":
        banner = t("chrome.demo_banner_tier", copies=info["copies"]) if "copies" in info else t("chrome.demo_banner")
        st.caption((":orange-badge[" + t("auth.demo_mode") + "] " if principal.demo else "")
                   + ":orange-badge[" + t("chrome.demo") + "] " + banner)
    _quality_badge()

    # -- period: a link's ?period= wins, else the session's choice, else the latest quarter --------
    options = _period_options(available)
    latest = Period(*available[-1])
    wanted = _incoming("period")
    if wanted is not None:
        chosen = _parse_url_period(wanted, available)
        if chosen is None:
            _notice(t("chrome.bad_period", value=wanted, default=state.get("period", latest).label(i18n.lang())))
        elif chosen != state.get("period"):
            state["period"] = chosen
            state.pop("as_of", None)
    if state.get("period") not in options:
        state["period"] = latest
        state.pop("as_of", None)
    period = state["period"]
    # the as-of date stops where the data stops: past it a period would be cut short while the
    # year-earlier one is not, and year on year would compare unlike spans
    data_through = dt.date.fromisoformat(info.get("data_through", period.end.isoformat()))
    default_as_of = period.default_as_of(data_through)
    latest_as_of = max(data_through, period.start)
    _ask_as_of(_incoming("as_of"), period.start, latest_as_of, default_as_of)
    as_of = state.get("as_of") or default_as_of
    if not period.start <= as_of <= latest_as_of:
        as_of = default_as_of
    state["as_of"] = None if as_of == default_as_of else as_of
    scope = _resolve_scope()
    if scoped and scope_titles and scope.kind in scope_titles:
        heading.title(t(scope_titles[scope.kind]))
    cohort, default_cohort = _resolve_cohort(fail_on_error=rates)
    _show_notices()

    with st.sidebar:
        st.session_state["w_period"] = period
        st.selectbox(t("chrome.period"), options, key="w_period", format_func=lambda p: _period_label(p, available),
                     disabled=not show_period, on_change=_keep, args=("w_period", "period", "as_of"))
        # typed, not picked: a date typed and confirmed with Enter applies (a calendar field
        # applied a typed date only when focus left it)
        st.session_state["w_as_of"] = as_of.isoformat()
        st.text_input(t("chrome.as_of"), key="w_as_of", disabled=not show_period,
                      help=t("chrome.as_of_help", start=period.start, end=latest_as_of),
                      on_change=lambda: _ask_as_of(st.session_state["w_as_of"], period.start, latest_as_of,
                                                   default_as_of))
        if scoped:
            _scope_picker()
        if rates:
            _cohort_picker(cohort)
    _write_url("period", _url_value(period))
    _write_url("as_of", None if state["as_of"] is None else as_of.isoformat())
    _write_url("chain", scope.id if scope.kind == "chain" else None)
    _write_url("department", scope.id if scope.kind == "department" else None)
    _write_url("cohort", None if cohort.kind == default_cohort else cohort.kind)
    ctx = Ctx(period=period, as_of=as_of, scope=scope if scoped else CITY, periods=tuple(available), cohort=cohort)
    _page_ctx.set(ctx)
    if meeting():
        _meeting_chrome(ctx, _period_label(period, available))
    return ctx


# narrow screens (a 1280 px projector beside the sidebar): less side padding, so tables keep their columns
_HOUSE_CSS = """<style>
/* a metric's label and value wrap rather than being cut short with an ellipsis */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
/* a metric's value keeps to one line: its size follows its box's width (cqi), so "473.95 ¥100M" fits
   five boxes across a 1280 px screen beside the sidebar, and a change wraps rather than being cut */
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 13cqi, 2.25rem); }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
@media (max-width: 1500px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; }
}
</style>"""


# -- the meeting mode (会议模式): for a projector at the back of a room -----------------------------
def meeting() -> bool:
    """Whether the page is shown in the meeting mode (`?meeting=1`, or the sidebar's toggle)."""
    return bool(_state().get("meeting", False))


def _set_meeting(on: bool) -> None:
    _state()["meeting"] = on


def _meeting_toggle() -> None:
    """The sidebar's toggle, kept in the shared state and the URL: a link's `?meeting=1` turns the
    mode on (`?meeting=0` off), whichever page it opens."""
    state = _state()
    wanted = _incoming("meeting")
    if wanted is not None:
        state["meeting"] = wanted == "1"
    st.session_state["w_meeting"] = state.setdefault("meeting", False)
    with st.sidebar:
        st.toggle(t("meeting.toggle"), key="w_meeting", help=t("meeting.help"), on_change=_keep,
                  args=("w_meeting", "meeting"))
    _write_url("meeting", "1" if state["meeting"] else None)


_MEETING_CSS = """
<style>
/* no sidebar, no header bar or toolbar: the page alone, edge to edge */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.5rem 3rem 4rem 3rem !important; max-width: 100% !important; }
/* widget chrome a room does not need: downloads, definitions, help marks, buttons, chart toolbars */
[data-testid="stDownloadButton"], [data-testid="stExpander"], [data-testid="stTooltipIcon"],
[data-testid="stTooltipHoverTarget"] svg, .modebar-container,
[data-testid="stMain"] [data-testid="stButton"] { display: none !important; }
/* larger type for the back of the room */
h1 { font-size: 3.2rem !important; }
h2, h3 { font-size: 2.3rem !important; }
[data-testid="stMetricValue"] { font-size: clamp(1.6rem, 13cqi, 3.6rem) !important; line-height: 1.2 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.6rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.4rem !important; }
[data-testid="stMetricDelta"] svg { width: 1.4rem !important; height: 1.4rem !important; }
[data-testid="stCaptionContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.25rem !important; }
/* the as-of stamp and the way out, on every screen: a footer bar across the bottom */
.zsgt-stamp { position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990; padding: 0.35rem 1.5rem;
  text-align: right; background: rgba(255, 255, 255, 0.96); border-top: 1px solid #D0D7DE;
  font-size: 1.25rem; color: #1F2933; }
.st-key-meeting_exit { position: fixed; left: 1rem; bottom: 0.3rem; z-index: 999991; width: auto !important; }
.st-key-meeting_exit [data-testid="stButton"] { display: block !important; }
.st-key-meeting_exit button { min-height: 0; padding: 0.05rem 0.7rem; font-size: 0.9rem; }
</style>
"""


def _meeting_chrome(ctx: Ctx, period_label: str) -> None:
    """The meeting mode's look (CSS), its stamp "全市 · 2023年 · 数据截至 2023-12-31" in a footer bar
    on every screen, and a small button at the footer's left that leaves the mode."""
    from html import escape

    stamp = t("meeting.stamp", scope=ctx.scope_label, period=period_label, as_of=ctx.as_of.isoformat())
    st.html(_MEETING_CSS + f'<div class="zsgt-stamp" data-testid="zsgt-meeting-stamp">{escape(stamp)}</div>')
    with st.container(key="meeting_exit"):
        st.button(t("meeting.exit"), key="meeting_exit_button", type="secondary", on_click=_set_meeting,
                  args=(False,))


def _parse_date(text: str) -> dt.date | None:
    """2023-06-30, 2023/6/30, 2023.6.30 or 20230630; None for anything else."""
    text = (text or "").strip()
    match = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
             or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _ask_as_of(text: str | None, start: dt.date, end: dt.date, default: dt.date) -> None:
    """An as-of date asked for by a link or typed in the sidebar: kept when it is a date in the
    period's range, else a notice saying what was wrong and what is shown."""
    if text is None:
        return
    i18n.set_lang(_state().get("lang", i18n.lang()))  # also when called back before the page runs
    asked = _parse_date(text)
    if asked is None:
        _notice(t("chrome.bad_as_of", value=text, default=_state().get("as_of") or default))
    elif not start <= asked <= end:
        _notice(t("chrome.as_of_outside", value=asked, start=start, end=end,
                  default=_state().get("as_of") or default))
    else:
        _state()["as_of"] = None if asked == default else asked


def _resolve_scope() -> Scope:
    """City, one chain or one department: `?chain=aluminium` or `?department=drc` when a link asks,
    else the session's choice, else the signed-in user's own (zsgt.access.default_scope). A scope
    the user may not pick (another chain's, for a chain owner) is refused with a notice, whatever
    asks for it: the scope comes from who is signed in, never from the URL alone."""
    state = _state()
    principal = access.acting()
    if state.get("scope_of") != principal:  # a new session or another sign-in: start on the user's own
        own = access.default_scope(principal)
        state.update(scope_of=principal, scope_kind=own.kind, **({own.kind: own.id} if own.id else {}))
    _name_unknown_own(principal)
    for kind, table, id_col in (("chain", "chains", "chain_id"), ("department", "departments", "department_id")):
        wanted = _incoming(kind)
        if wanted is None:
            continue
        known = q(table, **CITY.params())
        if wanted not in set(known[id_col]):
            _notice(t(f"chrome.bad_{kind}", value=wanted))
        elif not access.may_see(principal, Scope(kind, wanted)):
            _notice(t("access.scope_refused", value=wanted))
        else:
            state.update(scope_kind=kind, **{kind: wanted})
    kind = state.setdefault("scope_kind", "city")
    if kind == "city":
        return CITY
    if state.get(kind) is None:  # the kind was just picked: its first chain or department
        options = _scope_options(kind)
        if not options:  # none the user may pick exists in the store (_name_unknown_own said so)
            state["scope_kind"] = "city"
            return CITY
        state[kind] = options[0]
    scope = Scope(kind, state[kind])
    if not access.may_see(principal, scope):  # kept from before a sign-in changed: the user's own
        scope = access.default_scope(principal)
        state.update(scope_kind=scope.kind, **({scope.kind: scope.id} if scope.id else {}))
    return scope


def _name_unknown_own(principal: access.Principal) -> None:
    """A notice when the user's own chains (departments) include one the store does not have (a typo
    in the user file or the provider's claim): its rows cannot be shown, and the page says why."""
    fence = access.fence(principal)
    if fence is None:
        return
    kind, ids = fence
    known = set(q("chains" if kind == "chain" else "departments", **CITY.params()).iloc[:, 0])
    unknown = [i for i in ids if i and i not in known]
    if unknown:
        _notice(t("access.unknown_own", ids=i18n.join(unknown)))


def _scope_options(kind: str) -> list[str]:
    """The chains (departments) the signed-in user may pick, in display order."""
    table = q("chains" if kind == "chain" else "departments", **CITY.params())
    own = access.scopes(access.acting()).get(kind)
    return [i for i in table.iloc[:, 0] if own is None or i in own]


NAV_FOR = "zs_nav_for"


def navigation_principal() -> access.Principal:
    """For app.py: the principal whose pages the navigation lists (ui.page reruns once when sign-in
    changes it, so the navigation a person sees is always their role's)."""
    st.session_state[NAV_FOR] = access.current()
    return access.acting()


def _calling_page() -> str | None:
    """The pages/ file (its stem) whose run called into this module."""
    import sys
    from pathlib import Path

    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_globals.get("__file__") or "")
        if path.parent.name == "pages" and path.suffix == ".py":
            return path.stem
        frame = frame.f_back
    return None


def _refuse_unless_allowed(title_key: str) -> None:
    """Stop a page the signed-in user's role may not open (a URL typed or kept from another role),
    saying so; the navigation does not offer it (app.py)."""
    name = _calling_page()  # a page this module cannot name is refused too: no role lists it
    if name is None or not access.may_open(access.acting(), name):
        st.title(t(title_key))
        fail(t("access.page_refused", page=t(title_key)))


def _resolve_cohort(fail_on_error: bool) -> tuple[cohorts.Cohort, str]:
    """The rates' cohort and the default kind: `?cohort=` when a link asks for one, else the session's
    choice, else the default of data/rates.toml (the URL names a cohort only when it is not the
    default). A file the pages cannot use stops a page with rates, with its message."""
    try:
        config = cohorts.load_config()
    except cohorts.CohortConfigError as exc:
        if fail_on_error:
            fail(t("cohort.config_error", error=exc))
        return cohorts.PERIOD, cohorts.PERIOD.kind
    state = _state()
    wanted = _incoming("cohort")
    if wanted is not None:
        if wanted in cohorts.KINDS:
            state["cohort"] = wanted
        else:
            _notice(t("cohort.bad", value=wanted, default=config.cohort(state.get("cohort")).label()))
    return config.cohort(state.get("cohort")), config.default


def _cohort_picker(cohort: cohorts.Cohort) -> None:
    """The sidebar's cohort picker (pages with rates): it shows the shared state and writes its changes back."""
    config = cohorts.load_config()
    options = [c.kind for c in config.all()]
    st.session_state["w_cohort"] = cohort.kind
    st.selectbox(t("cohort.picker"), options, key="w_cohort", format_func=lambda k: config.cohort(k).label(),
                 help=t("cohort.picker_help"), on_change=_keep, args=("w_cohort", "cohort"))


def cohort_window(ctx: Ctx):
    """rate_cohort_window's rows for the page's period and cohort."""
    return q("rate_cohort_window", **ctx.params())


def cohort_help(ctx: Ctx, query: str) -> str:
    """A rate's tooltip: its cohort in words, with dates, then the named query's definition."""
    return ctx.cohort.definition(cohort_window(ctx)) + "\n\n" + doc(query)


def metric(where, label: str, value: str, delta: str | None = None, **kwargs):
    """st.metric, except that a change which reads as zero ('+0.0 个百分点') is neutral: no sign, grey,
    no arrow (Streamlit would draw '+0.0' as a green rise)."""
    if delta and not re.sub(r"\D", "", delta).strip("0"):
        delta = re.sub(r"[+\-−](?=0)", "", delta)
        kwargs.update(delta_color="off", delta_arrow="off")
    return where.metric(label, value, delta, **kwargs)


def _scope_picker() -> None:
    """The sidebar's scope: its widgets show the shared state and write their changes back to it."""
    state = _state()
    allowed = access.scopes(access.acting())
    kinds = {k: v for k, v in (("city", t("chrome.scope_city")), ("chain", t("chrome.scope_chain")),
                                ("department", t("chrome.scope_department"))) if k in allowed}
    st.session_state["w_scope_kind"] = state["scope_kind"]
    kind = st.radio(t("chrome.scope"), list(kinds), key="w_scope_kind", format_func=kinds.get, horizontal=True,
                    on_change=_keep, args=("w_scope_kind", "scope_kind"))
    if kind == "city":
        if access.fence(access.acting()) is not None:  # the city's totals and ranks; rows stay the user's own
            st.caption(t("access.city_fenced"))
        return
    table = q("chains" if kind == "chain" else "departments", **CITY.params())
    own = _scope_options(kind)
    names = {i: n for i, n in zip(table.iloc[:, 0], table[i18n.name_col()]) if i in own}
    if not names:  # the user's own chains (departments) are not in the store: the page names them
        return
    if state.get(kind) not in names:
        state[kind] = next(iter(names))
    st.session_state[f"w_scope_{kind}"] = state[kind]
    st.selectbox(t(f"chrome.scope_{kind}"), list(names), key=f"w_scope_{kind}", format_func=names.get,
                 on_change=_keep, args=(f"w_scope_{kind}", kind))


# -- a page's own filters: kept across pages and in the URL ------------------------------------
# The same rule as the sidebar's: the value lives in session state under a key no widget owns, is
# copied into the widget when the page is drawn again, and is written to the URL as `?key=value`
# in plain ids (chain ids, stage codes, ISO dates), the same in both languages. (A widget's own
# bind="query-params" writes the option's displayed label, which changes with the language, so a
# link made in Chinese would not open in English.)
_INVALID = object()


def _to_url(value) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(_to_url(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _from_url(text: str, options, default, kind: str | None):
    """The widget value a URL parameter stands for, or _INVALID."""
    if options is not None:
        by_text = {_to_url(o): o for o in options}
        if isinstance(default, (list, tuple)):
            parts = [v for v in text.split(",") if v]
            return [by_text[v] for v in parts] if all(v in by_text for v in parts) else _INVALID
        return by_text.get(text, _INVALID)
    try:
        if kind == "date":
            return _parse_date(text) or _INVALID
        if isinstance(default, bool):
            return {"1": True, "0": False, "true": True, "false": False}.get(text.lower(), _INVALID)
        if isinstance(default, tuple):
            low, high = (type(default[0])(v) for v in text.split(","))
            return (low, high) if low <= high else _INVALID
        if isinstance(default, (int, float)):
            return type(default)(text)
    except (TypeError, ValueError):
        return _INVALID
    return text


def restore(key: str, options=None, *, default=None, param: str | None = None, kind: str | None = None,
            bounds: tuple | None = None):
    """Before a kept widget is drawn: put in st.session_state[key] the value a link asks for
    (`?param=`), else the value kept from the page's last visit, else `default`; drop choices that
    `options` no longer offers. Returns the value. ui.kept calls it; call it yourself when the page
    needs the value before it draws the widget."""
    param = param or key
    saved = _state().setdefault("filters", {})
    wanted = _incoming(param)
    if wanted is not None:
        st.session_state.setdefault(URL_WRITTEN, {})[param] = wanted  # answered once
        value = _from_url(wanted, options, default, kind)
        if value is _INVALID:
            _notice(t("chrome.bad_filter", param=param, value=wanted))
        else:
            st.session_state[key] = value
    if key not in st.session_state:  # drawn again after a page change: the kept value
        st.session_state[key] = saved.get(key, default)
    current = st.session_state[key]
    if isinstance(current, list):
        if options is not None and not all(v in options for v in current):
            st.session_state[key] = [v for v in current if v in options]
    elif options is not None and current not in options:
        st.session_state[key] = default
    if bounds is not None and isinstance(current, tuple):  # a range kept from a wider list
        low, high = bounds
        clamped = (min(max(current[0], low), high), max(min(current[1], high), low))
        if clamped != current:
            st.session_state[key] = clamped
    return st.session_state[key]


def kept(widget, label: str, options=None, *, key: str, default=None, param: str | None = None,
         kind: str | None = None, **kwargs):
    """Draw a page's filter widget (`widget` is st.selectbox, a column's .multiselect, …) whose value
    survives a page change and lives in the URL as `?param=` (default: the key). Pass the widget's
    initial value as `default`, not as value=/index=; `kind="date"` for a date. A URL value the
    widget cannot take is answered with a notice. Returns the widget's value."""
    param = param or key
    bounds = (kwargs["min_value"], kwargs["max_value"]) if "min_value" in kwargs and "max_value" in kwargs else None
    restore(key, options, default=default, param=param, kind=kind, bounds=bounds)
    _show_notices()
    value = widget(label, *([options] if options is not None else []), key=key, **kwargs)
    _state()["filters"][key] = value
    _write_url(param, None if value == default or value in ("", []) else _to_url(value))
    return value


def doc(name: str) -> str:
    """A named query's definition (its header comment), for a figure's help tooltip."""
    return store.load_query(name).doc


def definition(*names: str) -> None:
    """Show each named query's definition (its header comment) and SQL, next to the figures it feeds
    (not in the meeting mode)."""
    if meeting():
        return
    with st.expander(t("chrome.sql_of")):
        for name in names:
            query = store.load_query(name)
            st.markdown(f"**{name}**  \n" + query.doc.replace("\n", "  \n"))
            st.code(query.sql, language="sql")


def figure(build, *args, **kwargs):
    """The figure a figure builder (zsgt.figures*) makes of these arguments, built once per arguments
    and language and shared by every session: building a Plotly figure validates every property, and
    took about a quarter of a rerun's CPU under bench/load.py. The figure is shared, so nobody changes
    it: ui.chart shows it as it is, the meeting mode (figures.for_room) and the image export
    (image_export.prepare) draw on copies."""
    return _figure(f"{build.__module__}.{build.__qualname__}", i18n.lang(), args, kwargs, build)


@st.cache_resource(show_spinner=False, ttl=3600, max_entries=1000)
def _figure(name: str, lang: str, args: tuple, kwargs: dict, _build):
    # keyed on the builder's name, the language (builders name things through i18n) and the
    # arguments (the query results are small frames, hashed whole); _build is not hashed
    return _build(*args, **kwargs)


def chart(fig, key: str | None = None, *, where: str | None = None, **kwargs):
    """A Plotly chart with the house config (no logo), and under it PNG and SVG downloads rendered on
    the server (zsgt/image_export.py), built only when clicked. The files are named and stamped with
    the page's period, scope (`where` overrides the sidebar's) and as-of date."""
    export = _export_names(fig, where)
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "scale": 2, "filename": export["png"].rsplit(".", 1)[0]}}
    if meeting():  # larger text for the room, no toolbar, no download buttons
        return st.plotly_chart(figures.for_room(fig), width="stretch", config={**config, "displayModeBar": False},
                               key=key, theme=None, **kwargs)
    # theme=None: the figure's own type (zsgt.figures.base_layout), not Streamlit's 12 px grey
    out = st.plotly_chart(fig, width="stretch", config=config, key=key, theme=None, **kwargs)
    key = key or "chart_" + export["png"]
    with st.container(horizontal=True, gap="small", key=f"{key}_export"):
        for fmt in image_export.FORMATS:
            st.download_button(
                t(f"export.{fmt}"), data=while_signed_in(partial(image_export.render, fig, fmt, export["stamp"])),
                file_name=export[fmt], mime=image_export.FORMATS[fmt], key=f"{key}_{fmt}", on_click="ignore",
                type="tertiary", help=t(f"export.{fmt}_help"))
    return out


# the page's context, for what chart() names and stamps its exports with (per script thread, like i18n)
_page_ctx: ContextVar[Ctx | None] = ContextVar("page_ctx", default=None)


def _export_names(fig, where: str | None) -> dict:
    ctx = _page_ctx.get()
    title = fig.layout.title.text or ""
    if ctx is None:
        return {"stamp": None, **{f: image_export.file_name(title, where or "", "", ext=f) for f in image_export.FORMATS}}
    label = ctx.period.label(i18n.lang())
    where = where or _scope_name(ctx.scope)
    stamp = t("export.stamp", period=label, scope=where, as_of=ctx.as_of.isoformat())
    return {"stamp": stamp,
            **{f: image_export.file_name(title, where, _url_value(ctx.period), label, ext=f) for f in image_export.FORMATS}}


def deck_button(ctx: Ctx, scope: Scope | None = None) -> None:
    """会议材料: a button that builds the meeting deck for the page's period, as-of date and scope (or
    `scope`), with a progress bar, then offers the file. Built only on the click. Not in the meeting mode."""
    if meeting():
        return
    spec = deck.DeckSpec(ctx.period, ctx.as_of, scope or ctx.scope, ctx.cohort)
    fence = access.fence(access.acting())
    if fence is not None and spec.scope.kind == "city" and fence[0] == "department":
        # a department's deck is its own: the city deck's per-chain slides hold every chain's rows
        spec = deck.DeckSpec(ctx.period, ctx.as_of, Scope("department", fence[1][0]), ctx.cohort)
    _deck_fragment(spec, deck.file_name(spec, _scope_name(spec.scope)))


def _scope_name(scope: Scope) -> str:
    """全市, 铝产业链 or 市发展和改革委员会: a scope as a file name or a stamp says it."""
    if scope.kind == "city":
        return t("chrome.scope_city")
    table = q("chains", **CITY.params()) if scope.kind == "chain" else q("departments", **CITY.params())
    names = dict(zip(table.iloc[:, 0], table[i18n.name_col()]))
    name = names.get(scope.id, scope.id)
    return t("review.chain_subject", name=name) if scope.kind == "chain" else name


@st.fragment
def _deck_fragment(spec: deck.DeckSpec, file_name: str) -> None:
    # the click reruns this fragment alone on a new script thread, where the language (a per-thread
    # value ui.page sets) is back at its default: set it again, or an English page's deck came out Chinese
    init_language()
    built = st.session_state.get("_deck")
    left, right = st.columns([1, 3], vertical_alignment="center")
    if left.button(t("deck.build"), key="deck_build", help=t("deck.build_help")):
        # the click reruns this fragment alone, not the page and its sign-in gate: when the sign-in no
        # longer holds (idle, signed out, removed or changed in the user file), run the whole page
        # again, which shows the sign-in form and why, instead of building a deck
        if not auth.signed_in_still(st.session_state, access.acting()):
            st.rerun(scope="app")
        bar = right.progress(0.0, text=t("deck.building"))
        path, mtime = _store_key()
        principal = access.acting()
        fence = access.fence(principal)
        con = _connection(path, mtime)
        try:
            # the deck runs its queries itself: with the same parameters as the page (access.params_for),
            # and in city scope a chain owner's chain slides are their own chains'
            data = deck.build(con, spec, progress=lambda f, text: bar.progress(f, text=text),
                              run=lambda name, **p: store.run(con, name, **access.params_for(principal, name, p)),
                              subjects=fence[1] if fence is not None and fence[0] == "chain" else None)
        except duckdb.Error as exc:
            bar.empty()
            fail(t("chrome.query_error", name="deck", path=path, error=str(exc).splitlines()[0]))
        bar.empty()
        built = st.session_state["_deck"] = (spec, file_name, data)
    if built and built[0] == spec:
        right.download_button(t("deck.download", name=built[1]), data=built[2], file_name=built[1], mime=deck.MIME,
                              key="deck_download", on_click="ignore", type="primary")


def while_signed_in(make):
    """`make` (a download's data, built when the button is clicked: on Streamlit's own thread, without
    a rerun of the page, so without the sign-in gate) as a function that first checks that the sign-in
    the page was drawn for still holds (zsgt.auth.signed_in_still). A click on a page left open past
    the idle time, after signing out, or after the user was removed or given another role or scope in
    the user file gives no file (Streamlit says the download failed; the next click shows why)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run_ctx = get_script_run_ctx()
    state, principal = (run_ctx.session_state if run_ctx is not None else None), access.acting()

    def guarded(*args, **kwargs):
        if state is not None and not auth.signed_in_still(state, principal):
            raise PermissionError(t("access.download_ended"))
        return make(*args, **kwargs)

    return guarded


def q_later(name: str, **params):
    """A function that runs the named query when it is called, uncached: for a download button's
    deferred data (Streamlit calls it on its own thread after the click), so a large export is read
    only when someone asks for it, and not kept in the cache."""
    # the fence is read now (the click runs on another thread, without the session); the connection
    # is looked up when the click comes: an import in between reopens the store
    params = access.params_for(access.acting(), name, params)
    return lambda: store.run(_connection(*_store_key()), name, **params)


def q_stream(name: str, **params):
    """Like q_later, but the function returns an iterator of DataFrames, the rows read in batches
    (store.run_batches): an export of a long list is written as it is read, never held whole."""
    params = access.params_for(access.acting(), name, params)
    path, mtime = _store_key()
    con = _connection(path, mtime)
    return lambda: store.run_batches(con, name, **params)


# -- project tables, links to a project's detail, and paging (issue 4) ----------------------------
PIPELINE_PAGE = "pages/pipeline.py"
PIPELINE_URL = "/pipeline"


def nav_params(**extra) -> dict:
    """The current page's period, scope and language as URL parameters, plus `extra`: for links
    that keep the reader where they are."""
    keep = {k: st.query_params[k] for k in SHARED_PARAMS if k in st.query_params}
    return {**keep, **extra}


def page_url(path: str, **extra) -> str:
    """`/supervision?period=…&chain=…`: another page, as a link that keeps period and scope."""
    from urllib.parse import urlencode

    params = nav_params(**extra)
    return path + ("?" + urlencode(params) if params else "")


def project_url(project_id: str) -> str:
    """`/pipeline?project=P000123&period=…&chain=…`: the project's detail, as a link."""
    return page_url(PIPELINE_URL, project=project_id)


def open_project(project_id: str) -> None:
    """Go to the project's detail on the pipeline page, keeping period and scope."""
    st.switch_page(PIPELINE_PAGE, query_params=nav_params(project=project_id))


PAGE_SIZE = 50  # rows a list shows at a time: what a person reads; the count and the export hold every row


@dataclass(frozen=True)
class Page:
    """One page of a paged list: its rows, the number of rows in the whole list (total_rows, counted
    in the database over every row), and where the page sits in it."""
    rows: pd.DataFrame
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return min(self.total, (self.number - 1) * self.size + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def page_of(fetch, key: str, *, size: int | None = None, reset_on=None) -> Page:
    """One page of a paged query, not yet drawn (ui.pager draws its count and picker): `fetch(limit,
    offset)` runs the query (its rows carry total_rows, the count over every row). The page number
    lives in the URL as `?key=` (left out on page 1) and in the session; `reset_on` (the list's
    filters, hashable) starts the list on page 1 again when it changes."""
    size = size or PAGE_SIZE
    saved = _state().setdefault("filters", {})
    wanted = _incoming(key)
    if wanted is not None and wanted.isdigit():
        st.session_state[key] = int(wanted)
    number = int(st.session_state.get(key, saved.get(key, 1)) or 1)
    if reset_on is not None:
        filters = saved.setdefault("_page_filters", {})
        if wanted is None and key in filters and filters[key] != reset_on:  # a new filter: page 1
            number = 1
        filters[key] = reset_on
    number = max(1, number)
    rows = fetch(size, (number - 1) * size)
    if rows.empty and number > 1:  # past the end (the list got shorter): its first page
        number = 1
        rows = fetch(size, 0)
    st.session_state[key] = number
    saved[key] = number
    _write_url(key, None if number == 1 else str(number))
    total = int(rows["total_rows"].iloc[0]) if len(rows) else 0
    return Page(rows=rows, total=total, number=number, size=size)


def pager(page: Page, key: str) -> None:
    """A paged list's count ("共 5,123 条，显示第 1–50 条") and page picker, when it has more than one page."""
    if page.pages <= 1:
        return
    left, right = st.columns([1, 5], vertical_alignment="bottom")
    left.number_input(t("proj.page"), min_value=1, max_value=page.pages, step=1, key=key)
    right.caption(t("proj.page_of", page=page.number, pages=f"{page.pages:,}", n=f"{page.total:,}",
                    first=f"{page.first:,}", last=f"{page.last:,}"))


def paged(fetch, key: str, page_size: int | None = None, reset_on=None) -> tuple[pd.DataFrame, int]:
    """One page of a paged query (ui.page_of) with its count and page picker drawn here (ui.pager).
    Returns the page's rows and the total."""
    page = page_of(fetch, key, size=page_size, reset_on=reset_on)
    pager(page, key)
    return page.rows, page.total


def project_table(table: pd.DataFrame, *, key: str, column_config: dict, columns: list[str],
                  highlight: pd.Series | None = None, highlight_color: str = "#FDE2E1", share: float = 1.0) -> None:
    """A table of projects (with a project_id column) whose rows open the project's detail: select a
    row, or follow the row's link (/pipeline?project=…), or pick it in the box under the table.
    `highlight` (a boolean per row) tints those rows. Its columns fit the screen as `table`'s do."""
    data = table.reset_index(drop=True)
    data = data.assign(detail=[project_url(pid) for pid in data["project_id"]])
    config = {**column_config,
              "detail": st.column_config.LinkColumn(t("col.detail"), display_text=t("proj.open_link"))}
    config = fitted(data, columns + ["detail"], config, share=share, selectable=True)
    shown = data
    if highlight is not None:
        shown = highlighted(data, highlight, highlight_color)
    event = st.dataframe(shown, key=key, on_select="rerun", selection_mode="single-row", hide_index=True,
                         column_config=config, column_order=columns + ["detail"], width="stretch",
                         placeholder=fmt.DASH)
    chosen = event.selection.rows if event is not None else []
    if chosen:
        open_project(data["project_id"].iloc[chosen[0]])
    names = dict(zip(data["project_id"], data["name_zh"]))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    pick = left.selectbox(t("proj.pick"), list(names), key=f"{key}_pick", index=None,
                          format_func=lambda pid: f"{names[pid]}（{pid}）", placeholder=t("proj.pick_hint"))
    if right.button(t("proj.open"), key=f"{key}_open", disabled=pick is None):
        open_project(pick)


def fitted(data: pd.DataFrame, columns: list[str], column_config: dict | None, *, share: float = 1.0,
           selectable: bool = False, height=None) -> dict:
    """The column configs of the `columns` shown (a label, a column_config or nothing each) with the
    widths that keep them all on a 1280×720 screen beside the sidebar (zsgt.fit): `share` is the
    part of the page's width the table has (0.5 in one of two st.columns)."""
    config = {}
    for col in columns:
        cfg = (column_config or {}).get(col)
        config[col] = {"label": cfg} if isinstance(cfg, str) or cfg is None else dict(cfg)
    room = fit.room(share, rows=len(data), height=height, selectable=selectable)
    for col, width in fit.widths(data, columns, config, room=room).items():
        config[col]["width"] = width
    return {**(column_config or {}), **config}


def highlighted(table: pd.DataFrame, rows: pd.Series, color: str = "#FDE2E1"):
    """The table as a Styler with the `rows` (a boolean per row) tinted. A Styler's own display values
    replace column_config formats, so dates are shown as dates and numbers as whole numbers here."""
    data = table.reset_index(drop=True).copy()
    for col in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[col]):
            data[col] = [None if pd.isna(v) else v.date() for v in data[col]]
    flags = rows.reset_index(drop=True).fillna(False).astype(bool)
    numbers = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]
    return (data.style
            .apply(lambda row: [f"background-color: {color}" if flags.iloc[row.name] else ""] * len(row), axis=1)
            .format(na_rep=fmt.DASH)
            .format(precision=0, thousands=",", na_rep=fmt.DASH, subset=numbers))


# -- tables and their exports: one rule for every list (issue 13) ----------------------------------
def table(data, *, share: float = 1.0, wrap: bool = False, **kwargs):
    """st.dataframe with the house rules: an empty cell shows "—", never "None"; the table fills the
    width and hides the index; its columns fit a 1280×720 screen beside the sidebar (`fitted`: none
    hidden behind a sideways scroll; `share` is the part of the page's width the table has, 0.5 in
    one of two st.columns). `wrap`: rows three lines high, long text wrapped rather than cut short
    (for a few rows of sentences). Takes st.dataframe's arguments."""
    if wrap:
        kwargs.setdefault("row_height", fit.WRAP_ROW_PX)
    kwargs.setdefault("placeholder", fmt.DASH)
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    columns = [c for c in (kwargs.get("column_order") or frame.columns) if c in frame.columns]
    kwargs["column_config"] = fitted(frame, columns, kwargs.get("column_config"), share=share,
                                     selectable=kwargs.get("on_select", "ignore") != "ignore",
                                     height=kwargs.get("height"))
    return st.dataframe(data, **kwargs)


def wan_column(label: str, **kwargs):
    """A single project's amount in a list: 万元, whole, thousands separators, the unit in the header."""
    return st.column_config.NumberColumn(fmt.with_unit(label, t("unit.wan")), format=fmt.WAN_FORMAT, **kwargs)


def yi_column(label: str, **kwargs):
    """A total in a summary table: 亿元 with two decimals, the unit in the header."""
    return st.column_config.NumberColumn(fmt.with_unit(label, t("unit.yi")), format=fmt.YI_FORMAT, **kwargs)


def export_buttons(build, *, name: str, key: str, stamp: dt.date | None = None, rows: int | None = None,
                   kinds: dict[str, str] | None = None, about: "export.About | None" = None,
                   sheet: str | None = None):
    """CSV and Excel buttons for a list: `build()` returns the table to write (a DataFrame with the
    headers to show, or an iterator of such chunks read from the database), with the same filters
    as on screen. It runs only when a button is clicked (Streamlit calls it on its own thread), so
    nothing is built on a rerun. `name` is the file name's stem (the list's title), `stamp` the
    as-of date in the file name; `kinds` and `about` go to zsgt.export (column kinds by header, the
    workbook's 说明 sheet); `rows` (when known) is checked against Excel's row limit. Returns the
    two button columns, for a note beside them.

    Every list of the app exports through here; the builders are also kept in the session (by key)
    so a test can check that an export holds the rows the screen counts."""
    build = while_signed_in(build)
    st.session_state.setdefault("_exports", {})[key] = build
    suffix = f"_{stamp.strftime('%Y%m%d')}" if stamp else ""
    sheet = sheet or name
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(t("export.csv"), data=lambda: export.csv_bytes(build(), kinds),
                         file_name=f"{name}{suffix}.csv", mime=export.CSV_MIME, key=f"{key}_csv", on_click="ignore")
    if rows is None or export.fits_excel(rows):
        right.download_button(t("export.xlsx"), data=lambda: export.xlsx_bytes(build(), sheet, kinds=kinds, about=about),
                              file_name=f"{name}{suffix}.xlsx", mime=export.XLSX_MIME, key=f"{key}_xlsx",
                              on_click="ignore")
    else:
        right.warning(t("export.too_big", total=f"{rows:,}"))
    return left, right


# -- the import pages (issue 12) ---------------------------------------------------------------------
def admin_page(title_key: str) -> str:
    """The chrome of a page that writes the store (import, history), and the one place that decides
    who may use it: page() stops a role whose pages (zsgt.access.ROLES) do not include it, with a
    message; the import itself also needs the role's `imports` (an admin, or the demo store's
    principal). Returns who is acting, for the audit: the signed-in user, else (the demo store) the
    user the server runs as."""
    import getpass

    page(title_key, scoped=False, show_period=False)
    principal = access.acting()
    if _calling_page() == "import_data" and not access.may_import(principal):
        fail(t("access.page_refused", page=t(title_key)))
    return getpass.getuser() if principal.demo else principal.user


def store_path() -> str:
    """The store file this session reads."""
    return _store_key()[0]


def store_connection():
    """The session's read-only connection to the store (for the importer's checks and templates)."""
    return _connection(*_store_key())


def headers(column_config: dict, columns: list[str]) -> dict[str, str]:
    """The headers a table shows, by column, from its column_config (a label or a column config)."""
    out = {}
    for c in columns:
        cfg = column_config.get(c, c)
        out[c] = cfg if isinstance(cfg, str) else (cfg.get("label") or c)
    return out


def export_list(ctx: Ctx, fetch, columns: dict[str, str], *, title: str, key: str, rows: int | None = None,
                prepare=None, filters=(), about_period: bool = True):
    """CSV/Excel of a list as the screen shows it: `fetch()` reads every row with the screen's
    filters (ui.q_later with limit=None, or the frame itself, or ui.q_stream's batches), `prepare(frame)` turns codes into
    the words shown, `columns` maps columns (in order) to their headers (ui.headers). Built on click,
    on Streamlit's thread, in the reader's language; the 说明 sheet names scope, period, as-of date
    and `filters` ((label, value) pairs)."""
    lang = i18n.lang()
    kinds = {header: fmt.column_kind(c) for c, header in columns.items() if fmt.column_kind(c)}
    about = export.about(title, lang, scope=ctx.scope_label, period=ctx.period.label(lang) if about_period else None,
                         as_of=ctx.as_of, filters=filters, rows=rows)

    def shaped(frame):
        # the click runs on another thread: words and headers in the reader's language, then as before
        before = i18n.lang()
        i18n.set_lang(lang)
        try:
            return fmt.headed(prepare(frame) if prepare else frame, columns)
        finally:
            i18n.set_lang(before)

    def build():
        frames = fetch()
        if isinstance(frames, pd.DataFrame):
            return shaped(frames)
        return (shaped(frame) for frame in frames)  # batches (ui.q_stream), written as they are read

    return export_buttons(build, name=title, key=key, stamp=ctx.as_of, rows=rows, kinds=kinds, about=about, sheet=title)


def undated_targets_note(scope: Scope) -> None:
    """Say so when some target companies have no recorded status changes: their status and last
    contact are then the current ones at every as-of date (target_history_coverage)."""
    undated = int(q("target_history_coverage", **scope.params())["undated"].iloc[0])
    if undated:
        st.caption(t("asof.status_current", n=undated))
