"""Page chrome shared by every page: one call at the top of a page, `ctx = ui.page("cockpit.title")`.

It opens the store (or explains in Chinese why it cannot), draws the demo banner, the language
switch, the period picker, the as-of date and the scope picker in the sidebar, keeps them in the
URL, and returns a `Ctx` with what the page's queries need. This is the only module that imports
Streamlit; pages call it, never duckdb.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from . import checks, deck, i18n, image_export, store
from .config import db_path
from .i18n import t
from .period import CITY, Period, Scope


@st.cache_resource(show_spinner=False)
def _connection(path: str, mtime: float):
    # keyed on the file's mtime, so a store swapped in place is reopened
    return store.open_store(path)


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
    """Run a named query (cached per store file and parameters). A database error stops the page
    with a message in Chinese rather than a traceback."""
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


def _quality_badge() -> None:
    """A red badge under the title when the store fails any error-level check, linking to 数据质量."""
    failing = sum(r.failing > 0 and r.severity == "error" for r in data_checks())
    if failing:
        st.caption(":red-badge[" + t("chrome.dq_badge", n=failing) + "] "
                   + f"[{t('chrome.dq_link')}]({page_url(DATA_QUALITY_URL)})")


@dataclass(frozen=True)
class Ctx:
    period: Period
    as_of: dt.date
    scope: Scope
    periods: tuple[tuple[int, int], ...]

    def params(self) -> dict:
        """Period, as-of date and scope as query parameters."""
        return {**self.period.params(), "as_of": self.as_of, **self.scope.params()}

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
    text = (text or "").strip().upper()
    year, _, quarter = text.partition("Q")
    return Period.parse(year, quarter or None, list(available))


def fail(message: str) -> None:
    st.error(message)
    st.stop()


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


def page(title_key: str, *, scoped: bool = True, show_period: bool = True) -> Ctx:
    """Draw the shared chrome and return the page's context. Call once, at the top of a page."""
    _ensure_app_navigation()
    st.session_state.setdefault("lang", st.query_params.get("lang", i18n.lang()))
    with st.sidebar:
        lang = st.radio(t("chrome.language"), ["zh", "en"], key="lang", horizontal=True,
                        format_func=lambda code: "中文" if code == "zh" else "English")
    i18n.set_lang(lang)

    try:
        path, mtime = _store_key()
        _connection(path, mtime)
        available = [tuple(r) for r in q("available_periods").itertuples(index=False)]
        info = dict(q("store_info").itertuples(index=False))
    except store.StoreError as exc:
        st.title(t(title_key))
        fail(f"{t('chrome.store_error')}：{exc}")
    if not available:
        st.title(t(title_key))
        fail(t("chrome.no_data"))

    st.title(t(title_key))
    if info.get("demo") == "true":
        st.caption(":orange-badge[" + t("chrome.demo") + "] " + t("chrome.demo_banner"))
    _quality_badge()

    # -- period: from the URL once, then from the picker --------------------------------------
    options = _period_options(available)
    latest = Period(*available[-1])
    if "period" not in st.session_state:
        wanted = st.query_params.get("period")
        chosen = _parse_url_period(wanted, available) if wanted else latest
        if chosen is None:
            st.warning(t("chrome.bad_period", value=wanted, default=latest.label(i18n.lang())))
            chosen = latest
        st.session_state["period"] = chosen
    if st.session_state["period"] not in options:
        st.session_state["period"] = latest
    with st.sidebar:
        period = st.selectbox(t("chrome.period"), options, key="period",
                              format_func=lambda p: _period_label(p, available), disabled=not show_period)
        data_through = dt.date.fromisoformat(info.get("data_through", period.end.isoformat()))
        end = period.default_as_of(data_through)
        as_of = st.date_input(t("chrome.as_of"), value=end, min_value=period.start,
                              max_value=max(data_through, period.start), key=f"as_of_{period}",
                              help=t("chrome.as_of_help"), format="YYYY-MM-DD", disabled=not show_period)
        scope = _scope_picker() if scoped else CITY
    st.query_params["period"] = _url_value(period)
    ctx = Ctx(period=period, as_of=as_of, scope=scope, periods=tuple(available))
    _page_ctx.set(ctx)
    return ctx


def _scope_picker() -> Scope:
    """City, one chain or one department; `?chain=aluminium` or `?department=drc` opens on it."""
    chains = q("chains", **CITY.params())
    departments = q("departments", **CITY.params())
    if "scope_kind" not in st.session_state:
        url_chain, url_dep = st.query_params.get("chain"), st.query_params.get("department")
        if url_chain in set(chains["chain_id"]):
            st.session_state.update(scope_kind="chain", scope_chain=url_chain)
        elif url_dep in set(departments["department_id"]):
            st.session_state.update(scope_kind="department", scope_department=url_dep)
        else:
            st.session_state["scope_kind"] = "city"
    kinds = {"city": t("chrome.scope_city"), "chain": t("chrome.scope_chain"),
             "department": t("chrome.scope_department")}
    kind = st.radio(t("chrome.scope"), list(kinds), key="scope_kind", format_func=kinds.get, horizontal=True)
    name = i18n.name_col()
    for key in ("chain", "department"):
        st.query_params.pop(key, None)
    if kind == "chain":
        names = dict(zip(chains["chain_id"], chains[name]))
        chosen = st.selectbox(t("chrome.scope_chain"), list(names), key="scope_chain", format_func=names.get)
        st.query_params["chain"] = chosen
        return Scope("chain", chosen)
    if kind == "department":
        names = dict(zip(departments["department_id"], departments[name]))
        chosen = st.selectbox(t("chrome.scope_department"), list(names), key="scope_department",
                              format_func=names.get)
        st.query_params["department"] = chosen
        return Scope("department", chosen)
    return CITY


def doc(name: str) -> str:
    """A named query's definition (its header comment), for a figure's help tooltip."""
    return store.load_query(name).doc


def definition(*names: str) -> None:
    """Show each named query's definition (its header comment) and SQL, next to the figures it feeds."""
    with st.expander(t("chrome.sql_of")):
        for name in names:
            query = store.load_query(name)
            st.markdown(f"**{name}**  \n" + query.doc.replace("\n", "  \n"))
            st.code(query.sql, language="sql")


def chart(fig, key: str | None = None, *, where: str | None = None, **kwargs):
    """A Plotly chart with the house config (no logo), and under it PNG and SVG downloads rendered on
    the server (zsgt/image_export.py), built only when clicked. The files are named and stamped with
    the page's period, scope (`where` overrides the sidebar's) and as-of date."""
    export = _export_names(fig, where)
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "scale": 2, "filename": export["png"].rsplit(".", 1)[0]}}
    out = st.plotly_chart(fig, width="stretch", config=config, key=key, **kwargs)
    key = key or "chart_" + export["png"]
    with st.container(horizontal=True, gap="small", key=f"{key}_export"):
        for fmt in image_export.FORMATS:
            st.download_button(
                t(f"export.{fmt}"), data=partial(image_export.render, fig, fmt, export["stamp"]),
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
    `scope`), with a progress bar, then offers the file. Built only on the click."""
    spec = deck.DeckSpec(ctx.period, ctx.as_of, scope or ctx.scope)
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
    built = st.session_state.get("_deck")
    left, right = st.columns([1, 3], vertical_alignment="center")
    if left.button(t("deck.build"), key="deck_build", help=t("deck.build_help")):
        bar = right.progress(0.0, text=t("deck.building"))
        path, mtime = _store_key()
        try:
            data = deck.build(_connection(path, mtime), spec, progress=lambda f, text: bar.progress(f, text=text))
        except duckdb.Error as exc:
            bar.empty()
            fail(t("chrome.query_error", name="deck", path=path, error=str(exc).splitlines()[0]))
        bar.empty()
        built = st.session_state["_deck"] = (spec, file_name, data)
    if built and built[0] == spec:
        right.download_button(t("deck.download", name=built[1]), data=built[2], file_name=built[1], mime=deck.MIME,
                              key="deck_download", on_click="ignore", type="primary")


def q_later(name: str, **params):
    """A function that runs the named query when it is called, uncached: for a download button's
    deferred data (Streamlit calls it on its own thread after the click), so a large export is read
    only when someone asks for it, and not kept in the cache."""
    path, mtime = _store_key()
    con = _connection(path, mtime)
    return lambda: store.run(con, name, **params)


def q_stream(name: str, **params):
    """Like q_later, but the function returns an iterator of DataFrames, the rows read in batches
    (store.run_batches): an export of a long list is written as it is read, never held whole."""
    path, mtime = _store_key()
    con = _connection(path, mtime)
    return lambda: store.run_batches(con, name, **params)


# -- project tables, links to a project's detail, and paging (issue 4) ----------------------------
PIPELINE_PAGE = "pages/pipeline.py"
PIPELINE_URL = "/pipeline"


def nav_params(**extra) -> dict:
    """The current page's period, scope and language as URL parameters, plus `extra`: for links
    that keep the reader where they are."""
    keep = {k: st.query_params[k] for k in ("period", "chain", "department") if k in st.query_params}
    if i18n.lang() != "zh":
        keep["lang"] = i18n.lang()
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


def paged(fetch, key: str, page_size: int = 50) -> tuple[pd.DataFrame, int]:
    """One page of a paged query: `fetch(limit, offset)` runs it (its rows carry total_rows). Draws a
    page picker when there is more than one page. Returns the page's rows and the total."""
    import math

    page = int(st.session_state.get(key, 1) or 1)
    rows = fetch(page_size, (page - 1) * page_size)
    if rows.empty and page > 1:
        page = 1
        st.session_state[key] = 1
        rows = fetch(page_size, 0)
    total = int(rows["total_rows"].iloc[0]) if len(rows) else 0
    pages = max(1, math.ceil(total / page_size))
    if pages > 1:
        left, right = st.columns([1, 5], vertical_alignment="bottom")
        left.number_input(t("proj.page"), min_value=1, max_value=pages, step=1, key=key)
        right.caption(t("proj.page_of", page=page, pages=pages, n=total))
    return rows, total


def project_table(table: pd.DataFrame, *, key: str, column_config: dict, columns: list[str],
                  highlight: pd.Series | None = None, highlight_color: str = "#FDE2E1") -> None:
    """A table of projects (with a project_id column) whose rows open the project's detail: select a
    row, or follow the row's link (/pipeline?project=…), or pick it in the box under the table.
    `highlight` (a boolean per row) tints those rows."""
    data = table.reset_index(drop=True)
    data = data.assign(detail=[project_url(pid) for pid in data["project_id"]])
    config = {**column_config,
              "detail": st.column_config.LinkColumn(t("col.detail"), display_text=t("proj.open"))}
    shown = data
    if highlight is not None:
        shown = highlighted(data, highlight, highlight_color)
    event = st.dataframe(shown, key=key, on_select="rerun", selection_mode="single-row", hide_index=True,
                         column_config=config, column_order=columns + ["detail"], width="stretch")
    chosen = event.selection.rows if event is not None else []
    if chosen:
        open_project(data["project_id"].iloc[chosen[0]])
    names = dict(zip(data["project_id"], data["name_zh"]))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    pick = left.selectbox(t("proj.pick"), list(names), key=f"{key}_pick", index=None,
                          format_func=lambda pid: f"{names[pid]}（{pid}）", placeholder=t("proj.pick_hint"))
    if right.button(t("proj.open"), key=f"{key}_open", disabled=pick is None):
        open_project(pick)


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
            .format(na_rep="")
            .format(precision=0, thousands=",", na_rep="", subset=numbers))
