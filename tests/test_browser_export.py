"""A real browser downloads a chart's server-side PNG and the meeting deck from the cockpit, and opens them."""

import io

from PIL import Image
from playwright.sync_api import expect
from pptx import Presentation

from conftest import no_exception


def test_a_charts_png_export_downloads_a_1920_pixel_image(open_page, tmp_path):
    page = open_page("/?period=2023")
    button = page.locator(".st-key-cockpit_trend_png").get_by_role("button", name="下载 PNG")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "近三年各季度签约额与到位资金_全市_2023.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    img = Image.open(io.BytesIO(path.read_bytes()))
    assert img.format == "PNG" and img.size == (1920, 1080)
    no_exception(page)


def test_the_deck_button_builds_a_deck_that_opens(open_page, tmp_path):
    page = open_page("/?period=2023")
    page.get_by_role("button", name="生成会议材料（PPT）").click()
    download_button = page.get_by_role("button", name="下载 会议材料_全市_2023.pptx")
    expect(download_button).to_be_visible(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "会议材料_全市_2023.pptx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    prs = Presentation(str(path))
    assert len(prs.slides) == 15  # seven, then one per chain of the demo store's eight
    kpi = "\n".join(s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)
    for value in ["60 个", "473.95 亿元", "+102.95%（同比）", "176.56 亿元", "+43.25%（同比）", "162 次"]:
        assert value in kpi, value
    no_exception(page)


def test_an_english_page_builds_an_english_deck(open_page, tmp_path):
    # the click reruns the deck's fragment alone, on a new script thread: it must keep the page's
    # language (a per-thread value ui.page sets), not fall back to Chinese for the button or the deck
    page = open_page("/?period=2023&lang=en")
    page.get_by_role("button", name="Build the meeting deck (PPTX)").click()
    download_button = page.get_by_role("button", name="Download meeting_deck_Whole_city_2023.pptx")
    expect(download_button).to_be_visible(timeout=120_000)
    expect(page.get_by_role("button", name="Build the meeting deck (PPTX)")).to_be_visible()
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    title = "\n".join(s.text_frame.text for s in Presentation(str(path)).slides[0].shapes if s.has_text_frame)
    assert "meeting material" in title and "会议材料" not in title, title
    no_exception(page)
