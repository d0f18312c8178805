"""AppTest checks of issue 5's pages on the fixture store: values shown and one interaction each."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def render(page: str, db: Path, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("ZSGT_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                     + [w.value for w in at.warning])


# -- 目标企业清单 ----------------------------------------------------------------------------------
def test_targets_lists_the_fixture_targets_in_pinyin_order(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert "共 5 家企业符合条件 · 第 1/1 页" in texts(at)
    table = at.dataframe[0].value
    assert list(table["name_zh"]) == ["宝武铝业科技有限公司", "河北文丰钢铁有限公司", "华润电力控股有限公司",
                                      "华为技术有限公司", "中国中钢集团有限公司"]
    assert list(table["status"]) == ["洽谈中", "已接触", "已放弃", "未接触", "已拜访"]


def test_targets_search_by_initials(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.text_input(key="tg_search").input("hw").run()
    assert "共 1 家企业符合条件" in texts(at)
    assert list(at.dataframe[0].value["name_zh"]) == ["华为技术有限公司"]


def test_targets_search_that_matches_nothing_says_so(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.text_input(key="tg_search").input("xyz").run()
    assert not at.exception
    assert "没有找到与“xyz”匹配的企业" in at.info[0].value
    assert not at.dataframe


def test_targets_filter_by_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.multiselect(key="tg_chains").select("steel").run()
    assert list(at.dataframe[0].value["name_zh"]) == ["河北文丰钢铁有限公司"]
    assert "共 1 家企业符合条件" in texts(at)


def test_targets_company_view(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.checkbox(key="tg_targets_only").uncheck().run()
    at.selectbox(key="tg_company").select("c2").run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"签约项目": "3 个", "签约额": "0.90 亿元", "累计到位资金": "0.27 亿元", "基金投资": "350 万元",
                     "走访": "1 次"}
    assert "新能源 · 中游 · 储能电站" in texts(at)
    assert list(at.dataframe[1].value["name_zh"]) == ["绿电外送项目", "光伏组件项目", "储能电站项目"]


def test_targets_excel_export_past_the_row_limit_offers_the_csv(fixture_path, monkeypatch, clear_streamlit_caches):
    from zsgt import export

    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 5)  # a header and four rows: the five targets do not fit
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    assert "超过 Excel 单个工作表的上限" in at.warning[0].value
    assert [b.label for b in at.get("download_button")] == ["下载 CSV（UTF-8，Excel 可直接打开）"]
