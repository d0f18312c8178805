"""zsgt.cohort: data/rates.toml read and checked, and the cohort turned into plain query parameters."""

import pytest

from zsgt import cohort as cohorts
from zsgt.i18n import set_lang

GOOD = {"cohort": {"default": "due"}, "cumulative": {"base_year": 2021}, "rolling": {"quarters": 4}}


def test_the_shipped_file_loads():
    config = cohorts.load_config()
    assert config == cohorts.RateConfig(default="cumulative", base_year=2021, quarters=4)
    assert [c.kind for c in config.all()] == ["cumulative", "period", "due", "rolling"]


def test_a_cohort_is_plain_query_parameters():
    config = cohorts.parse_config(GOOD)
    assert config.cohort().params() == {"cohort": "due", "cohort_base_year": 2021, "cohort_quarters": 4}
    assert config.cohort("rolling").params()["cohort"] == "rolling"
    assert config.cohort("nonsense").kind == "due"  # an unknown choice is the default


def test_labels_in_both_languages():
    config = cohorts.parse_config(GOOD)
    set_lang("en")
    try:
        assert config.cohort("cumulative").label() == "cumulative since 2021"
        assert config.cohort("rolling").rate_label("kpi.start_rate") == "Contract-to-start rate (rolling 4 quarters)"
    finally:
        set_lang("zh")
    assert config.cohort("rolling").label() == "近4个季度滚动口径"
    assert config.cohort("cumulative").label_zh() == "2021年以来累计口径"


@pytest.mark.parametrize("change, message", [
    ({"cohort": None}, "缺少 [cohort] 部分"),
    ({"cohort": {"default": "yearly"}}, "[cohort] 的 default 应为 period（当期签约口径）、due（应开工口径）"),
    ({"cumulative": {"base_year": "2021"}}, "[cumulative] 的 base_year 应为整数（现为 '2021'）"),
    ({"cumulative": {"base_year": 21}}, "[cumulative] 的 base_year 应在 1990 与 2100 之间（现为 21）"),
    ({"rolling": {"quarters": 0}}, "[rolling] 的 quarters 应在 1 与 12 之间（现为 0）"),
    ({"rolling": {"quarters": 2.5}}, "[rolling] 的 quarters 应为整数"),
])
def test_a_wrong_file_says_what_to_fix(change, message):
    data = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(cohorts.CohortConfigError, match=message.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)")):
        cohorts.parse_config(data)


def test_a_missing_or_unreadable_file(tmp_path):
    with pytest.raises(cohorts.CohortConfigError, match="找不到开工率、到位率口径文件"):
        cohorts.load_config(tmp_path / "none.toml")
    bad = tmp_path / "rates.toml"
    bad.write_text("[cohort\n", encoding="utf-8")
    with pytest.raises(cohorts.CohortConfigError, match="格式有误"):
        cohorts.load_config(bad)
