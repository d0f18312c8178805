"""Charts exported on the server (zsgt/image_export.py): PNG and SVG through kaleido and Debian's Chromium,
Chinese intact, one warm exporter shared safely by concurrent sessions."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image

from zsgt import image_export
from zsgt.figures import base_layout

ROOT = Path(__file__).resolve().parent.parent
TITLE = "签约额按产业链统计"
OTHER = "到位资金按部门统计"  # as many characters: tofu boxes would draw both titles alike


def figure(title: str, values=(3, 5, 2)) -> go.Figure:
    fig = go.Figure(go.Bar(x=["钢", "铝", "新能源"], y=list(values)))
    return base_layout(fig, title)


def png_of(title: str) -> bytes:
    return image_export.render(figure(title), "png")


def title_region(png: bytes) -> Image.Image:
    # the title sits in the top 70 CSS px (140 px at scale 2), from the left
    return Image.open(io.BytesIO(png)).convert("L").crop((0, 0, 1200, 140))


def ink(img: Image.Image) -> int:
    return sum(1 for v in img.getdata() if v < 128)


def title_glyphs_ok(png: bytes, other_png: bytes) -> bool:
    """The title region has ink, and two different Chinese titles of equal length draw differently (so
    the ink is glyphs, not missing-glyph boxes, which are alike for every character)."""
    a, b = title_region(png), title_region(other_png)
    differing = sum(1 for x, y in zip(a.getdata(), b.getdata()) if abs(x - y) > 64)
    return ink(a) > 1500 and differing > 1500


def test_png_is_16_9_at_1920_pixels_and_not_blank():
    png = png_of(TITLE)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == (1920, 1080)
    extrema = img.convert("L").getextrema()
    assert extrema[0] < 100 and extrema[1] > 200  # dark ink on a light ground


def test_png_title_region_shows_chinese_glyphs():
    assert title_glyphs_ok(png_of(TITLE), png_of(OTHER))


def test_the_glyph_check_fails_without_a_cjk_font(tmp_path):
    # the same exporter in a process whose fontconfig knows only DejaVu (no CJK font): Chinese becomes
    # missing-glyph boxes, and the check must say so
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>""")
    script = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']\n"
              "from test_image_export import png_of\n"
              "for title, out in zip(sys.argv[2::2], sys.argv[3::2]):\n"
              "    open(out, 'wb').write(png_of(title))\n")
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    subprocess.run([sys.executable, "-c", script, str(ROOT), TITLE, str(a), OTHER, str(b)], check=True,
                   env={**os.environ, "FONTCONFIG_FILE": str(conf)}, timeout=120)
    assert Image.open(a).size == (1920, 1080)
    assert not title_glyphs_ok(a.read_bytes(), b.read_bytes())


def test_svg_has_the_stated_size_and_the_chinese_title():
    svg = image_export.render(figure(TITLE), "svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert 'width="960"' in svg and 'height="540"' in svg
    assert TITLE in svg
    assert "Noto Sans CJK SC" in svg


def test_an_export_carries_its_period_scope_and_as_of_date():
    stamp = "2023年 · 全市 · 数据截至 2023-12-31 · 来源：招商图谱"
    svg = image_export.render(figure(TITLE), "svg", stamp).decode("utf-8")
    assert "数据截至 2023-12-31" in svg and "2023年" in svg and "全市" in svg


def test_the_figure_itself_is_not_changed_by_an_export():
    fig = figure(TITLE)
    image_export.render(fig, "svg", "2023年 · 全市")
    assert fig.layout.width is None and fig.layout.title.subtitle.text is None


def test_eight_threads_each_get_their_own_image():
    figs = [figure(f"图{i}：第{i}号产业链", values=(i + 1, 8 - i, 3)) for i in range(8)]
    expected = [image_export.render(f, "png") for f in figs]
    assert len(set(expected)) == 8  # eight different images to tell apart
    got: dict[int, tuple[bytes, bytes]] = {}
    start = threading.Barrier(8)

    def work(i):
        start.wait()
        got[i] = (image_export.render(figs[i], "png"), image_export.render(figs[i], "svg"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    for i in range(8):
        png, svg = got[i]
        assert png == expected[i], f"thread {i} received another figure's PNG"
        assert f"图{i}：第{i}号产业链" in svg.decode("utf-8")


@pytest.mark.parametrize("title, where, code, label, ext, expected", [
    ("签约额（按产业链）", "全市", "2024Q4", "2024年第4季度", "png", "签约额_按产业链_全市_2024Q4.png"),
    ("2023年各产业链签约额与到位资金", "铝产业链", "2023", "2023年", "svg", "各产业链签约额与到位资金_铝产业链_2023.svg"),
    ("A / B: <b>x</b>", "市发展和改革委员会", "2023", "", "png", "A_B_x_市发展和改革委员会_2023.png"),
    ("", "全市", "2023", "", "png", "chart_全市_2023.png"),
])
def test_file_names_say_what_where_and_when(title, where, code, label, ext, expected):
    assert image_export.file_name(title, where, code, label, ext=ext) == expected


def test_a_missing_browser_is_explained_in_chinese(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(image_export.ExportError, match="找不到 Chromium"):
        image_export.browser_path()


PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_on_a_page_has_png_and_svg_downloads(page, demo_path, monkeypatch, clear_streamlit_caches):
    from helpers import render

    scope = {"chain": "aluminium"} if page == "self_review.py" else {}
    at = render(page, demo_path, monkeypatch, period="2023", **scope)
    charts = len(at.get("plotly_chart"))
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("下载 PNG") == labels.count("下载 SVG") == charts
    if page == "cockpit.py":
        assert charts == 4  # trend, by chain, the two rankings: the count is of real charts
