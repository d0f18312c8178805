"""Issue 9: signed in as each role, no page, URL or download shows a project, company, task or visit
outside the role's scope, while the leader sees the whole city.

Each role's principal is put in the session (zsgt.access.SESSION_KEY, what zsgt/auth.py does on
sign-in); every page is rendered in AppTest, then every list's export and the meeting deck are built.
Everything that reached the screen (every element's content: tables, markdown, metrics, charts'
data, widgets' options) or a file is searched for the store's project, company, task and visit ids
and for the names of the projects and companies outside the role's scope.

The scope rules written out here (SQL on the demo store) say what a role may read, independently of
the query layer: a chain owner reads their chains' projects, those projects' tasks, companies and
the visits of their chains; a department its projects, the tasks it is responsible for (and their
projects), the target companies it owns, the local companies on the chain map, and its visits.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from zsgt import access, export
from zsgt.access import Principal

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2023"

ROLES = {
    "leader": Principal("lead", access.LEADER, display="领导"),
    "chain_owner": Principal("al", access.CHAIN_OWNER, chains=("aluminium",), display="铝产业链"),
    "chain_owner_two": Principal("al2", access.CHAIN_OWNER, chains=("aluminium", "nuclear")),
    "department": Principal("com", access.DEPARTMENT, departments=("commerce",), display="商务局"),
    "staff": Principal("st", access.STAFF, departments=("drc",)),
    "admin": Principal("adm", access.ADMIN),
}
ID = re.compile(r"\b(P\d{6}|C\d{7}|T\d{6}|A\d{5})\b")


@dataclass
class Fence:
    """What a role may read, by the scope rules above, and what it must not see."""
    allowed_ids: set[str]
    forbidden_ids: set[str]
    forbidden_names: set[str]


def _fence(con, principal: Principal) -> Fence | None:
    kind = access.role_of(principal).fence
    if kind is None:
        return None
    ids = list(principal.chains if kind == "chain" else principal.departments)
    if kind == "chain":
        projects = "select project_id from projects where list_contains($ids, chain_id)"
        tasks = f"select task_id from tasks where project_id in ({projects})"
        visits = "select activity_id from activities where list_contains($ids, chain_id)"
        companies = (f"select company_id from companies where list_contains($ids, chain_id) "
                     f"or company_id in (select company_id from projects where project_id in ({projects})) "
                     f"or name_zh in (select counterpart from activities where activity_id in ({visits}))")
    else:
        tasks = "select task_id from tasks where list_contains($ids, department_id)"
        projects = ("select project_id from projects where list_contains($ids, department_id) "
                    "or project_id in (select project_id from tasks where list_contains($ids, department_id))")
        visits = "select activity_id from activities where list_contains($ids, department_id)"
        companies = (f"select company_id from companies where is_local "
                     f"or company_id not in (select company_id from target_companies) "
                     f"or company_id in (select company_id from target_companies "
                     f"                  where list_contains($ids, owner_department_id)) "
                     f"or company_id in (select company_id from projects where project_id in ({projects})) "
                     f"or name_zh in (select counterpart from activities where activity_id in ({visits}))")
    allowed, forbidden, names_ok, names_bad = set(), set(), set(), set()
    for table, key, sql in (("projects", "project_id", projects), ("tasks", "task_id", tasks),
                            ("activities", "activity_id", visits), ("companies", "company_id", companies)):
        name = "title" if table == "tasks" else ("counterpart" if table == "activities" else "name_zh")
        rows = con.execute(f"select {key}, {name}, {key} in ({sql}) from {table}", {"ids": ids}).fetchall()
        for rid, text, ok in rows:
            (allowed if ok else forbidden).add(rid)
            if table in ("projects", "companies"):
                (names_ok if ok else names_bad).add(text)
            elif ok:
                names_ok.add(text)
    # a name some allowed row also has (or contains) says nothing about a leak
    names_bad = {n for n in names_bad - names_ok if not any(n in ok for ok in names_ok)}
    return Fence(allowed, forbidden, names_bad)


@pytest.fixture(scope="module")
def fences(demo_path):
    import duckdb

    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        yield {role: _fence(con, p) for role, p in ROLES.items()}
    finally:
        con.close()


# -- what reached the screen or a file -------------------------------------------------------------
def screen_text(at: AppTest) -> str:
    """Every element's content on the page (its protobuf: a table's Arrow data, a chart's figure,
    markdown, metrics, widgets' options), as text."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            parts.append(proto.SerializeToString().decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def downloads(at: AppTest) -> dict[str, str]:
    """Every list's export as the CSV and Excel files a click gives (the builder each list's buttons
    hold, run as the buttons run it)."""
    out = {}
    for key, build in dict(at.session_state["_exports"]).items() if "_exports" in at.session_state else ():
        out[f"{key}.csv"] = export.csv_bytes(build()).decode("utf-8-sig")
        out[f"{key}.xlsx"] = zip_text(export.xlsx_bytes(build(), "rows"))
    return out


def zip_text(data: bytes) -> str:
    """The text of an Office file (.xlsx, .pptx): every XML part of the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", errors="ignore") for n in z.namelist() if n.endswith(".xml"))


def leaks(text: str, fence: Fence | None, asked: tuple[str, ...] = ()) -> set[str]:
    """The ids and names in `text` that lie outside the fence (`asked`: ids the URL itself named,
    which a notice may repeat: "项目 P000001 不存在")."""
    if fence is None:
        return set()
    found = (set(ID.findall(text)) - set(asked)) & fence.forbidden_ids
    return found | {n for n in fence.forbidden_names if n in text}


# -- rendering a page as a role --------------------------------------------------------------------
def render_as(principal: Principal | None, page: str, db: Path, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("ZSGT_DB", str(db))
    path = ROOT / ("app.py" if page == "app" else f"pages/{page}.py")
    at = AppTest.from_file(str(path), default_timeout=120)
    if principal is not None:
        at.session_state[access.SESSION_KEY] = principal
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def refused(at: AppTest) -> bool:
    from zsgt.i18n import STRINGS

    start = {STRINGS["access.page_refused"][lang].split("{")[0] for lang in ("zh", "en")}
    return any(e.value.startswith(tuple(start)) for e in at.error)


# a page's views beyond its first screen, opened by URL: a project's detail (one of the role's own,
# and one of another chain), another chain's diagram and nodes, another chain's self-review
def _views(page: str, fence: Fence | None, own_project: str, other_project: str) -> list[dict]:
    views = [{}]
    if page == "pipeline":
        views += [{"project": own_project}, {"project": other_project}]
    if page == "chain_map":
        views += [{"cm_chain": "steel"}]
    if page == "self_review":
        views += [{"chain": "steel"}, {"chain": "aluminium"}]
    return views


def walk(role: str, fence: Fence | None, demo_path, monkeypatch, *, deck: bool = True) -> dict:
    """Every page (and its views) as `role`: what each shows and exports, and the leaks found."""
    principal = ROLES[role]
    seen: dict[str, set[str]] = {"ids": set()}
    found: dict[str, set[str]] = {}
    for page in access.PAGES:
        for view in _views(page, fence, "P000002", "P000001"):
            at = render_as(principal, page, demo_path, monkeypatch, period=PERIOD, **view)
            where = page + ("?" + "&".join(f"{k}={v}" for k, v in view.items()) if view else "")
            assert not at.exception, (role, where, at.exception)
            if not access.may_open(principal, page):
                assert refused(at), (role, where, [e.value for e in at.error])
            texts = {where: screen_text(at), **{f"{where} → {name}": text for name, text in downloads(at).items()}}
            if deck and any(b.key == "deck_build" for b in at.button):
                at.button(key="deck_build").click().run()
                assert not at.exception, (role, where, at.exception)
                texts[f"{where} → deck.pptx"] = zip_text(at.session_state["_deck"][2])
            for name, text in texts.items():
                seen["ids"] |= set(ID.findall(text))
                bad = leaks(text, fence, tuple(view.values()))
                if bad:
                    found[name] = bad
    return {"seen": seen["ids"], "leaks": found}


FENCED = ("chain_owner", "chain_owner_two", "department")


@pytest.mark.parametrize("role", FENCED)
def test_no_page_view_or_download_shows_a_row_outside_the_roles_scope(role, fences, demo_path, monkeypatch,
                                                                        clear_streamlit_caches):
    result = walk(role, fences[role], demo_path, monkeypatch)
    assert not result["leaks"], {k: sorted(v)[:8] for k, v in result["leaks"].items()}
    # and the walk did see the role's own rows (a walk that sees nothing proves nothing)
    assert result["seen"] & fences[role].allowed_ids


def test_the_two_chain_owner_sees_both_chains_rows(fences, demo_path, monkeypatch, clear_streamlit_caches):
    import duckdb

    at = render_as(ROLES["chain_owner_two"], "pipeline", demo_path, monkeypatch, period=PERIOD)
    ids = set(ID.findall(screen_text(at)))
    con = duckdb.connect(str(demo_path), read_only=True)
    chains = {c for (c,) in con.execute("select distinct chain_id from projects where list_contains(?, project_id)",
                                        [sorted(ids)]).fetchall()}
    con.close()
    assert chains == {"aluminium", "nuclear"}


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_the_city_roles_see_every_chains_rows(role, fences, demo_path, monkeypatch, clear_streamlit_caches):
    # the walk's collector finds what the chain owner must not see when the role may see it
    at = render_as(ROLES[role], "pipeline", demo_path, monkeypatch, period=PERIOD)
    assert leaks(screen_text(at), fences["chain_owner"])


@pytest.fixture
def unfenced(monkeypatch):
    """The enforcement switched off: every query runs with the scope it was asked for."""
    monkeypatch.setattr(access, "params_for", lambda principal, name, params: dict(params))


def test_the_leak_test_catches_a_leak_when_the_enforcement_is_off(unfenced, fences, demo_path, monkeypatch,
                                                                  clear_streamlit_caches):
    result = walk("chain_owner_two", fences["chain_owner_two"], demo_path, monkeypatch, deck=False)
    print(sorted(result["leaks"]))
    assert any(name.startswith("pipeline") for name in result["leaks"])


# -- URL tampering as the aluminium chain owner: own scope or a refusal, never steel's rows ---------
def _steel(fences) -> Fence:
    return fences["chain_owner"]


@pytest.mark.parametrize("page, query", [
    ("cockpit", {"chain": "steel"}),
    ("pipeline", {"chain": "steel"}),
    ("supervision", {"department": "industry"}),
    ("visits", {"chain": "steel"}),
    ("self_review", {"chain": "steel"}),
])
def test_a_chain_owner_who_edits_the_scope_in_the_url_keeps_their_own(page, query, fences, demo_path, monkeypatch,
                                                                       clear_streamlit_caches):
    from zsgt.i18n import t

    at = render_as(ROLES["chain_owner"], page, demo_path, monkeypatch, period=PERIOD, **query)
    assert not at.exception and not at.error
    value = next(iter(query.values()))
    assert t("access.scope_refused", value=value) in [w.value for w in at.warning]
    assert at.query_params.get("chain") == "aluminium" and "department" not in at.query_params
    assert not leaks(screen_text(at), fences["chain_owner"])
    assert not any(leaks(text, fences["chain_owner"]) for text in downloads(at).values())


def test_another_chains_project_in_the_url_is_not_found(fences, demo_path, monkeypatch, clear_streamlit_caches):
    from zsgt.i18n import t

    steel = "P000006"  # a steel project of the demo store (checked below)
    assert steel in fences["chain_owner"].forbidden_ids
    at = render_as(ROLES["chain_owner"], "pipeline", demo_path, monkeypatch, period=PERIOD, project=steel)
    assert t("detail.not_found", id=steel) in [w.value for w in at.warning]
    assert not leaks(screen_text(at), fences["chain_owner"], (steel,))
    # the leader opens it
    at = render_as(ROLES["leader"], "pipeline", demo_path, monkeypatch, period=PERIOD, project=steel)
    assert t("detail.not_found", id=steel) not in [w.value for w in at.warning]
    assert leaks(screen_text(at), fences["chain_owner"], (steel,))


def test_another_chains_diagram_shows_none_of_its_projects_or_companies(fences, demo_path, monkeypatch,
                                                                         clear_streamlit_caches):
    at = render_as(ROLES["chain_owner"], "chain_map", demo_path, monkeypatch, period=PERIOD,
                   cm_chain="steel")
    assert not at.exception
    assert not leaks(screen_text(at), fences["chain_owner"])


# -- every role, in English ------------------------------------------------------------------------
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_works_in_english(role, demo_path, monkeypatch, clear_streamlit_caches):
    from zsgt.i18n import STRINGS

    principal = ROLES[role]
    home = access.first_page(principal)
    at = render_as(principal, home, demo_path, monkeypatch, period=PERIOD, lang="en")
    assert not at.exception and not at.error, (role, home, [e.value for e in at.error])
    assert re.search(r"[A-Za-z]", at.title[0].value) and not re.search(r"[\u4e00-\u9fff]", at.title[0].value)
    closed = next((p for p in access.PAGES if not access.may_open(principal, p)), None)
    if closed:
        at = render_as(principal, closed, demo_path, monkeypatch, period=PERIOD, lang="en")
        assert at.error[0].value.startswith(STRINGS["access.page_refused"]["en"].split("{")[0])


def test_the_app_opens_on_the_first_page_the_role_may_open(demo_path, monkeypatch, clear_streamlit_caches):
    at = render_as(ROLES["admin"], "app", demo_path, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "数据质量"
    at = render_as(ROLES["chain_owner"], "app", demo_path, monkeypatch)
    assert at.title[0].value == "领导驾驶舱"
