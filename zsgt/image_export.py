"""Charts to image files, rendered on the server: PNG (16:9, 1920 × 1080 px) and SVG.

kaleido 1.5 drives Debian's Chromium (`/usr/bin/chromium`, or `$BROWSER_PATH`); it never downloads a
browser of its own. One warm kaleido server per process, started on the first export, serves every
session: its task and result queues are shared, so every export holds one lock (without it concurrent
exports were seen to come back with each other's images). A warm export takes a few tenths of a
second; the first one starts the browser (a few seconds).

A chart is exported at a fixed 16:9 size with its period, scope and as-of date under its title, so an
image pasted into a report says what it shows. Pure functions and a lock, no Streamlit.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import plotly.graph_objects as go

from .figures import FONT_FAMILY

WIDTH, HEIGHT = 960, 540  # the layout's size in CSS px: 16:9
SCALE = 2                 # PNG pixels per CSS px: 1920 × 1080
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
DEBIAN_CHROMIUM = "/usr/bin/chromium"

_lock = threading.Lock()


class ExportError(Exception):
    """The image cannot be made on this server; the message (Chinese) says what to do."""


def browser_path() -> str:
    """The Chromium kaleido drives: $BROWSER_PATH, else Debian's. Raises ExportError if neither exists."""
    path = os.environ.get("BROWSER_PATH") or DEBIAN_CHROMIUM
    if not Path(path).exists():
        raise ExportError(f"服务器上找不到 Chromium 浏览器（{path}），无法生成图片。请在服务器上运行 `make run`"
                          "（会安装 Debian 的 chromium 与 fonts-noto-cjk），或设置环境变量 BROWSER_PATH 指向已安装的 Chromium。")
    return path


def _server():
    """The process's kaleido module with its sync server running (started on first use; call under _lock)."""
    import kaleido

    server = kaleido._global_server  # noqa: SLF001 (kaleido's sync server has no public handle)
    if server.is_running() and not server._thread.is_alive():  # noqa: SLF001
        server._initialized = False  # noqa: SLF001 (its browser died: start a new one rather than wait forever)
    if not server.is_running():
        os.environ["BROWSER_PATH"] = browser_path()  # choreographer reads it when the browser starts
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    return kaleido


def prepare(fig: go.Figure, stamp: str | None = None) -> go.Figure:
    """A copy of the figure at the export size, in the house CJK font, with `stamp` (period · scope ·
    as-of · source) as the title's subtitle."""
    out = go.Figure(fig)
    title = out.layout.title
    out.update_layout(
        width=WIDTH, height=HEIGHT,
        font={"family": out.layout.font.family or FONT_FAMILY},
        margin={"t": 105 if stamp else 70, "l": 30, "r": 30, "b": 30},
        # no toolbar over an image: the title without the band kept for it on screen (base_layout's pad),
        # so that the stamp under it stays above the legend and the subplot titles
        title={"x": 0.02, "xref": "container", "xanchor": "left", "y": 0.97, "yref": "container", "yanchor": "top",
               "text": title.text or "", "pad": {"t": 0, "b": 0, "l": 0, "r": 0}},
    )
    if stamp:
        out.update_layout(title_subtitle={"text": stamp, "font": {"size": 13, "color": "#52606D"}})
    return out


def render(fig: go.Figure, fmt: str, stamp: str | None = None) -> bytes:
    """The figure as PNG (1920 × 1080 px) or SVG (960 × 540) bytes, rendered by the shared exporter."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    prepared = prepare(fig, stamp)
    opts = {"format": fmt, "width": WIDTH, "height": HEIGHT, "scale": SCALE if fmt == "png" else 1}
    with _lock:
        kaleido = _server()
        try:
            return kaleido.calc_fig_sync(prepared, opts=opts)
        except Exception as exc:  # kaleido's own errors carry the browser's message
            raise ExportError(f"图片生成失败：{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}。"
                              "请稍后重试；如仍失败，请联系管理员检查服务器上的 Chromium。") from exc


_UNSAFE = re.compile(r"[^\w.-]+")  # \w keeps Chinese; anything else (spaces, punctuation, / \ : …) → _


def _tidy(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "")  # plotly titles may hold <br>, <sup>
    return _UNSAFE.sub("_", text).strip("_.")


def file_name(title: str, where: str, period_code: str, period_label: str = "", ext: str = "png") -> str:
    """What, where and when: `签约额_按产业链_全市_2024Q4.png`. The period is named once, at the end
    (`period_label`, e.g. "2024年第4季度", is taken out of the title if it says it)."""
    what = (title or "").replace(period_label, " ") if period_label else (title or "")
    parts = [p for p in (_tidy(what) or "chart", _tidy(where), _tidy(period_code)) if p]
    return re.sub(r"_+", "_", "_".join(parts)) + "." + ext
