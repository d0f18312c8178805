"""Issue 4's pages in a real browser: each opens by URL and reacts to one control; and the path of a
chain owner from "our contract-to-start rate is below target" to a late project's red tasks."""

import datetime as dt
import time

import pytest

from conftest import charts_drawn, choose, no_exception, see, url_has, wait_idle
from helpers import PERIOD_COHORT
from zsgt.store import run

AS_OF = dt.date(2026, 9, 30)  # the demo store's last date


@pytest.fixture
def app_page(open_page):
    """Open a page by URL after the app's frame has run once in the server, so the URL is routed
    through app.py's navigation (a fresh server with a pages/ folder would run the file alone)."""
    open_page("/")

    def _open(path: str, ready: str):
        page = open_page(path)
        # the first run of a page can finish after wait_idle saw the idle state of the blank page
        page.get_by_text(ready, exact=False).first.wait_for(timeout=60_000)
        wait_idle(page)
        no_exception(page)
        return page

    return _open


def wait_text(page, text: str) -> None:
    """Wait until the text is on the page (a rerun under load can end after wait_idle returned)."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    wait_idle(page)


def radio(page, label: str, option: str) -> None:
    page.locator('[data-testid="stRadio"]').filter(has_text=label).first.get_by_text(option, exact=True).click()
    wait_idle(page)


def test_rates_page_ranks_departments(app_page):
    page = app_page("/rates?period=2023&cohort=period", ready="个项目已开工")
    see(page, "签约项目开工率", "资金到位率", "17 / 60 个项目已开工", "目标 80%", "排名", "签约季度队列",
        "Kaplan–Meier", "逾期未开工")
    radio(page, "排名对象", "责任部门")
    no_exception(page)
    charts_drawn(page, 4, at_least=True)


def test_pipeline_page_filters_by_stage(app_page, demo_con):
    expected = run(demo_con, "pipeline_projects", year=2023, quarter=None, as_of=None, scope="city", scope_id=None,
                   stage="signed", flag=None, search=None, limit=1, offset=0)["total_rows"].iloc[0]
    assert expected > 0
    page = app_page("/pipeline?period=2023", ready="项目清单")
    see(page, "项目阶段分布")
    choose(page, "阶段", "项目签约")
    wait_text(page, f"共 {expected} 个项目")
    see(page, f"共 {expected} 个项目")
    no_exception(page)


def test_supervision_page_filters_overdue_tasks(app_page, demo_con):
    expected = run(demo_con, "supervision_tasks", year=2023, quarter=None, as_of=None, scope="city", scope_id=None,
                   show="current", list=None, status="overdue", project=None, limit=1, offset=0)["total_rows"].iloc[0]
    page = app_page("/supervision?period=2023", ready="建议列入红单的项目")
    see(page, "蓝单（前期跟踪）", "红单（落地服务）", "各责任部门办理情况", "建议列入红单的项目")
    choose(page, "状态", "逾期未办结")
    wait_text(page, f"任务共 {expected} 项")
    see(page, f"任务共 {expected} 项")
    no_exception(page)


def test_visits_page_2023_then_2024(app_page, demo_con):
    page = app_page("/visits?period=2023", ready="162 次")
    see(page, "请进来", "走出去", "162 次", "85 次", "77 次", "21 次", "44 次")
    choose(page, "统计期", "2024年（全年）")
    v2024 = run(demo_con, "visits", year=2024, quarter=None, as_of=None, scope="city", scope_id=None)
    wait_text(page, "2024年 · 全市")
    see(page, f"{int(v2024['value'].iloc[0])} 次")
    no_exception(page)


def test_a_chain_owner_goes_from_the_rate_below_target_to_a_late_projects_red_tasks(app_page, demo_con):
    """Rates page, sidebar scope = a chain (the first whose 2026 cohort has a late project with open
    red tasks), 2026 to date → the late projects of the cohort → one of them (the first with open red
    tasks) → its detail with those red tasks."""
    def late_of(chain_id):
        return run(demo_con, "late_projects", **PERIOD_COHORT, year=2026, quarter=None, as_of=AS_OF, scope="chain",
                   scope_id=chain_id, cohort_only=True, no_open_red=False, limit=50, offset=0)

    chains = run(demo_con, "chains", scope="city", scope_id=None)
    chain_id, chain_zh = next((c, zh) for c, zh in zip(chains["chain_id"], chains["name_zh"])
                              if (late_of(c)["open_red_tasks"] > 0).any())
    late = late_of(chain_id)
    row = next(i for i, n in enumerate(late["open_red_tasks"]) if n > 0)
    project = late.iloc[row]
    red = run(demo_con, "supervision_tasks", year=2026, quarter=None, as_of=AS_OF, scope="chain", scope_id=chain_id,
              show="all", list="red", status=None, project=project["project_id"], limit=50, offset=0)
    assert len(red) > 0

    page = app_page("/rates?cohort=period", ready="个项目已开工")  # the period cohort, as `late` above
    choose(page, "统计期", "2026年（截至")
    radio(page, "范围", "产业链")
    choose(page, "产业链", chain_zh)
    wait_text(page, f"按逾期天数排序。共 {len(late)} 个")
    no_exception(page)
    url_has(page, f"chain={chain_id}", "period=2026")
    see(page, "低于目标")  # the chain's 2026 rate is below the (city's) 80 % target
    see(page, f"按逾期天数排序。共 {len(late)} 个")  # the late projects of the chain's 2026 cohort

    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    started = time.perf_counter()
    page.mouse.click(box["x"] + 18, box["y"] + 35 * (row + 1) + 17)  # the row's selection box
    page.wait_for_url("**/pipeline?**", timeout=30_000)
    wait_text(page, f"项目详情：{project['name_zh']}")
    print(f"late list → project detail: {time.perf_counter() - started:.2f} s")
    no_exception(page)
    url_has(page, f"project={project['project_id']}", f"chain={chain_id}")
    see(page, f"项目详情：{project['name_zh']}（{project['project_id']}）", "督办任务（蓝单 · 红单）", *red["title"],
        "红单（落地服务）")


def test_the_rate_cohort_is_picked_in_the_sidebar_and_kept_across_pages(app_page):
    """The cockpit opens on the default cohort (cumulative since 2021); the period cohort is one pick
    away (2026Q3: 0.0 %, a neutral zero change); the choice goes into the URL and survives a visit to a
    page without rates and the way back."""
    page = app_page("/", ready="签约项目开工率（2021年以来累计口径）")
    choose(page, "开工率 · 到位率口径", "当期签约口径")
    see(page, "签约项目开工率（当期签约口径）", "0.0 个百分点（同比）")
    url_has(page, "cohort=period")
    page.get_by_role("link", name="目标企业清单").first.click()
    url_has(page, "/targets", "cohort=period")
    page.get_by_role("link", name="签约项目开工率 · 资金到位率").first.click()
    see(page, "签约项目开工率（当期签约口径）")
    url_has(page, "/rates", "cohort=period")
    no_exception(page)
