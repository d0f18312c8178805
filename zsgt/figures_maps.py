"""Figure builders of the three investment maps (产业链 / 资源 / 基金招商图谱): DataFrame -> go.Figure.

Pure functions, no Streamlit. Chains keep their colour from `chains.color`; node status has one
colour everywhere (STATUS_COLORS); titles and axis labels are Chinese with units, and an empty
frame gives `figures.empty_figure` with a sentence.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import i18n
from .figures import (FONT_FAMILY, FONT_SIZE, NEUTRAL, ROOM_FIT, TEXT_COLOR, TOP_MARGIN, add_layout_items, base_layout,
                      clear_of_line, empty_figure, legend_below)
from . import fmt
from .fmt import WAN_PER_YI
from .i18n import paren, pick, t

STATUS_COLORS = {"strong": "#2E7D32", "weak": "#F2B134", "missing": "#C62828"}
STATUS_FILL = {"strong": "#2E7D32", "weak": "#F6D27A", "missing": "#FFFFFF"}
STATUS_TEXT = {"strong": "#FFFFFF", "weak": "#3D2E00", "missing": "#C62828"}
RESOURCE_KIND_COLORS = {
    "mineral": "#8C564B", "energy": "#E8A33D", "land": "#7F9C3A", "byproduct": "#5E6B78",
    "water": "#2A7FBF", "logistics": "#9467BD", "tourism": "#D6456B",
}
FUND_KIND_COLORS = {"guidance": "#1F4E79", "industry": "#3C8D93", "venture": "#8E6BB5", "special": "#E8A33D"}
PARK_COLOR = "#1F2933"
SEGMENTS = ("upstream", "midstream", "downstream")
STATUS_ORDER_RANK = {"strong": 1, "weak": 2, "missing": 3}


def _rgba(hex_color: str, alpha: float) -> str:
    h = (hex_color or NEUTRAL).lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _wrap(text: str, width: int) -> str:
    """Break a label into lines of about `width` characters (Plotly does not wrap): Chinese anywhere,
    words with spaces between words (a word longer than a line is hyphenated)."""
    if " " not in text and not text.isascii():
        return "<br>".join(text[i:i + width] for i in range(0, len(text), width))
    pieces = []  # words, split after their hyphens; a piece longer than a line is hyphenated
    for word in re.split(r"(?<=-)(?=.)|\s+", text.strip()):
        while len(word) > width + 1:  # one character over is kept whole; no tail of one or two letters
            cut = min(width - 1, len(word) - 3)
            pieces.append(word[:cut] + "-")
            word = word[cut:]
        pieces.append(word)
    lines = [""]
    for piece in pieces:
        glue = "" if not lines[-1] or lines[-1].endswith("-") else " "
        if lines[-1] and len(lines[-1]) + len(glue) + len(piece) > max(width, len(piece)):
            lines.append(piece)
        else:
            lines[-1] += glue + piece
    return "<br>".join(lines)


def status_legend(thresholds: dict) -> dict[str, str]:
    return {"strong": t("maps.legend.strong", op=thresholds["min_operating"], local=thresholds["min_local"]),
            "weak": t("maps.legend.weak"), "missing": t("maps.legend.missing")}


# -- the industry-chain map ------------------------------------------------------------------
def chain_grid(nodes: pd.DataFrame, title: str, thresholds: dict, name_col: str = "name_zh",
               chain_name_col: str = "chain_zh") -> go.Figure:
    """All chains at once: chains as rows, up/mid/downstream as column blocks, one cell per node
    coloured by its status. Each cell carries customdata [chain_id, node_id] for a click."""
    if nodes.empty:
        return empty_figure(title, t("chrome.empty"))
    chains = nodes.drop_duplicates("chain_id").sort_values("chain_order")
    row_of = {cid: i for i, cid in enumerate(chains["chain_id"])}
    width = int(nodes.groupby(["chain_id", "segment"]).size().max())
    block = width + 0.6
    fig = go.Figure()
    xs, ys, texts, colors, custom, hovers, cells = [], [], [], [], [], [], []
    for (cid, seg), grp in nodes.groupby(["chain_id", "segment"], sort=False):
        s = SEGMENTS.index(seg)
        for i, r in enumerate(grp.itertuples(index=False)):
            x0, y = s * block + i, -row_of[cid]
            cells.append({"type": "rect", "x0": x0 + 0.04, "x1": x0 + 0.96, "y0": y - 0.42, "y1": y + 0.42,
                          "fillcolor": STATUS_FILL[r.status], "line": {"color": STATUS_COLORS[r.status], "width": 2},
                          "layer": "below"})
            xs.append(x0 + 0.5)
            ys.append(y)
            name = getattr(r, name_col)
            texts.append(_wrap(name, 4) if name_col == "name_zh" else _wrap(name, 8))
            colors.append(STATUS_TEXT[r.status])
            custom.append([cid, r.node_id])
            hovers.append(f"<b>{getattr(r, chain_name_col)} · {name}</b><br>"
                          + t("maps.hover.node", status=i18n.label("node_status", r.status),
                              local=fmt.count(r.local_companies), op=fmt.count(r.operating_projects),
                              pipe=fmt.count(r.pipeline_projects), targets=fmt.count(r.open_targets),
                              opps=fmt.count(r.opportunities)))
    # English names are longer: smaller type, so that they fit a cell also on a 1280-pixel screen; the
    # meeting mode enlarges them only as far as a cell holds (ROOM_FIT: its width grows less than the type)
    fig.add_scatter(x=xs, y=ys, mode="markers+text", text=texts,
                    textfont={"color": colors, "size": 13 if name_col == "name_zh" else 10},
                    marker={"size": 40, "symbol": "square", "opacity": 0}, customdata=custom,
                    hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
                    name="nodes", meta=None if name_col == "name_zh" else {ROOM_FIT: 14})
    legend = status_legend(thresholds)
    for status in ("strong", "weak", "missing"):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=legend[status],
                        marker={"symbol": "square", "size": 14, "color": STATUS_FILL[status],
                                "line": {"color": STATUS_COLORS[status], "width": 2}})
    # the cells and headings set at once (figures.add_layout_items): one add_shape per cell re-checks
    # every shape before it, which took 0.6 s for a province's 69 nodes
    add_layout_items(fig, shapes=cells, annotations=[
        {"x": s * block + width / 2, "y": 0.5, "yref": "y", "text": f"<b>{i18n.label('segment', seg)}</b>",
         "showarrow": False, "yanchor": "bottom", "font": {"size": 15}} for s, seg in enumerate(SEGMENTS)])
    # each row's label: the chain, and under it its count of strong / weak / missing nodes
    counts = nodes.groupby(["chain_id", "status"]).size().unstack(fill_value=0)
    ticks = []
    for cid, chain_name in zip(chains["chain_id"], chains[chain_name_col]):
        c = counts.loc[cid] if cid in counts.index else {}
        ticks.append(f"<b>{_wrap(chain_name, 16) if chain_name.isascii() else chain_name}</b><br>" + t("maps.grid.counts", strong=int(c.get("strong", 0)),
                                                     weak=int(c.get("weak", 0)), missing=int(c.get("missing", 0))))
    fig.update_xaxes(visible=False, range=[-0.1, 3 * block - 0.5], fixedrange=True)
    fig.update_yaxes(tickvals=[-i for i in row_of.values()], ticktext=ticks,
                     range=[-len(row_of) + 0.45, 1.0], showgrid=False, zeroline=False, fixedrange=True,
                     tickfont={"size": 13})
    fig = base_layout(fig, title, height=130 + 66 * len(row_of))
    fig.update_layout(dragmode=False, margin={"l": 10, "r": 10, "t": 90, "b": 10})
    return fig


def node_positions(nodes: pd.DataFrame, links: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """x = segment (0, 1, 2); y spreads each segment's nodes around 0, top to bottom. Midstream and
    downstream nodes are ordered by the mean height of their suppliers, so links cross less."""
    pos: dict[str, tuple[float, float]] = {}
    suppliers: dict[str, list[str]] = {}
    for f, to in zip(links["from_node_id"], links["to_node_id"]):
        suppliers.setdefault(to, []).append(f)
    for s, seg in enumerate(SEGMENTS):
        ids = list(nodes.loc[nodes["segment"] == seg, "node_id"])
        if s > 0:
            def key(nid, ids=ids):
                ys = [pos[f][1] for f in suppliers.get(nid, []) if f in pos]
                return (-(sum(ys) / len(ys)) if ys else 0.0, ids.index(nid))
            ids = sorted(ids, key=key)
        n = len(ids)
        for i, nid in enumerate(ids):
            pos[nid] = (float(s), (n - 1) / 2 - i)
    return pos


def _marker_size(value: float, top: float) -> float:
    return 24 + 40 * math.sqrt(max(value, 0) / top) if top > 0 else 24


def chain_diagram(nodes: pd.DataFrame, links: pd.DataFrame, title: str, thresholds: dict,
                  selected: str | None = None, name_col: str = "name_zh") -> go.Figure:
    """One chain, upstream → midstream → downstream: a circle per node, coloured by status and sized
    by the contract amount invested in it (亿元), arrows for the supply links, the picked node ringed.
    Points carry customdata [node_id] for a click."""
    if nodes.empty:
        return empty_figure(title, t("chrome.empty"))
    pos = node_positions(nodes, links)
    invested = nodes["invested_wan"].astype(float)
    top = float(invested.max()) if len(invested) else 0.0
    size = {nid: _marker_size(v, top) for nid, v in zip(nodes["node_id"], invested)}
    fig = go.Figure()
    per_seg = nodes.groupby("segment").size()
    half = max(per_seg.max() - 1, 1) / 2
    bands, notes = [], []
    for s, seg in enumerate(SEGMENTS):
        bands.append({"type": "rect", "x0": s - 0.42, "x1": s + 0.42, "y0": -half - 0.75, "y1": half + 0.55,
                      "fillcolor": "#F4F6F8", "line": {"width": 0}, "layer": "below"})
        notes.append({"x": s, "y": half + 0.55, "text": f"<b>{i18n.label('segment', seg)}</b>", "showarrow": False,
                      "yanchor": "bottom", "font": {"size": 16}})
    for f, to in zip(links["from_node_id"], links["to_node_id"]):
        if f not in pos or to not in pos:
            continue
        hot = selected in (f, to)
        notes.append({"x": pos[to][0], "y": pos[to][1], "ax": pos[f][0], "ay": pos[f][1], "xref": "x", "yref": "y",
                      "axref": "x", "ayref": "y", "text": "", "showarrow": True, "arrowhead": 3, "arrowsize": 1.2,
                      "arrowwidth": 2.6 if hot else 1.4, "arrowcolor": "#1F4E79" if hot else "#A7B1BC",
                      "standoff": size[to] / 2 + 2, "startstandoff": size[f] / 2 + 2})
    add_layout_items(fig, shapes=bands, annotations=notes)
    if selected in pos:
        # a soft halo behind the picked node (drawn first, so the node and its label stay on top)
        fig.add_scatter(x=[pos[selected][0]], y=[pos[selected][1]], mode="markers", name=t("maps.picked"),
                        marker={"size": size[selected] + 26, "color": "rgba(31,78,121,0.22)",
                                "line": {"color": "#1F4E79", "width": 2}},
                        customdata=[[selected]], hoverinfo="skip", legendrank=10)
    legend = status_legend(thresholds)
    for status in ("strong", "weak", "missing"):
        sub = nodes[nodes["status"] == status]
        fig.add_scatter(
            x=[pos[n][0] for n in sub["node_id"]], y=[pos[n][1] for n in sub["node_id"]],
            mode="markers+text", name=legend[status],
            marker={"size": [size[n] for n in sub["node_id"]], "color": STATUS_FILL[status],
                    "line": {"color": STATUS_COLORS[status], "width": 3}, "opacity": 1},
            text=[f"<b>{getattr(r, name_col)}</b><br>"
                  + t("maps.node.label", local=int(r.local_companies), op=int(r.operating_projects))
                  for r in sub.itertuples(index=False)],
            textposition="bottom center", textfont={"size": 13, "color": "#1F2933"},
            customdata=[[n] for n in sub["node_id"]],
            hovertext=[f"<b>{getattr(r, name_col)}</b><br>"
                       + t("maps.hover.node", status=i18n.label("node_status", r.status),
                           local=fmt.count(r.local_companies), op=fmt.count(r.operating_projects),
                           pipe=fmt.count(r.pipeline_projects), targets=fmt.count(r.open_targets), opps=fmt.count(r.opportunities))
                       + "<br>" + t("maps.hover.invested", v=f"{float(r.invested_wan) / WAN_PER_YI:,.2f}")
                       for r in sub.itertuples(index=False)],
            hovertemplate="%{hovertext}<extra></extra>", legendrank=STATUS_ORDER_RANK[status],
        )
    fig.update_xaxes(visible=False, range=[-0.5, 2.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-half - 0.8, half + 0.95], fixedrange=True)
    fig = base_layout(fig, title, height=int(260 + 150 * (2 * half + 1)))
    fig.update_layout(dragmode=False, clickmode="event+select", margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": 0.0, "yanchor": "top"})
    return fig


# -- Sankey diagrams: the resource and the fund flows share one way of drawing ---------------------
SANKEY_COLUMN_NODES = 12   # a column shows at most this many nodes; the smallest others join one "其他 n 个" node
SANKEY_LABEL_WIDTH = 14    # a node's label is cut to about this many Chinese characters (the full name on hover)
SANKEY_NODE = 16           # node thickness, px


def sankey_shown(n: int, most: int = SANKEY_COLUMN_NODES) -> int:
    """How many of a column's `n` nodes a Sankey draws by name: all when they fit in `most`, else the
    `most - 1` carrying most (the rest join one "其他 n 个" node)."""
    return n if n <= most else most - 1


def text_width(text: str) -> float:
    """About how wide `text` runs, in Chinese characters (a Latin letter or digit is a little over half)."""
    return sum(0.58 if ch.isascii() else 1.0 for ch in text)


def short_label(text: str, width: float = SANKEY_LABEL_WIDTH) -> str:
    """`text` cut to about `width` Chinese characters with "…" (English at a word where it can), so a
    label on a chart keeps to its room; the full name goes in the hover."""
    text = str(text)
    if text_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch) > width - 1:
            break
        out += ch
    if text.isascii() and " " in out.strip():
        out = out.rsplit(" ", 1)[0]
    return out.rstrip(" ·-（(") + "…"


def sankey_pad(font_size: float) -> int:
    """The gap between two nodes of a column: one label line (labels sit centred on their nodes, so
    two neighbours' labels never touch however thin the nodes are)."""
    return math.ceil(font_size * 1.45)


class _Flows:
    """The nodes (key -> column, full name, colour, hover) and the links of a Sankey, gathered first,
    then drawn by `sankey`."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self.links: dict[tuple[str, str], dict] = {}

    def node(self, key: str, column: int, name: str, color: str, hover: str | None = None, count: int = 1) -> str:
        """A node once (the first call's name wins); `count`: how many things it stands for (a query's
        "其他 n 个项目" stands for n), so that merged nodes count what they hold."""
        self.nodes.setdefault(key, {"column": column, "name": str(name), "color": color, "hover": hover or str(name),
                                    "count": count})
        return key

    def link(self, src: str, dst: str, value: float, color: str) -> None:
        entry = self.links.setdefault((src, dst), {"value": 0.0, "color": color})
        entry["value"] += value

    def merge_small(self, others: dict[int, str], most: int = SANKEY_COLUMN_NODES) -> None:
        """In each column of more than `most` nodes, keep the `most - 1` carrying most and merge the
        rest into one node named `others[column]` (formatted with their count)."""
        through: dict[str, float] = {}
        for (src, dst), e in self.links.items():
            for k in (src, dst):
                through[k] = through.get(k, 0.0) + e["value"]
        merged: dict[str, str] = {}
        for column, word in others.items():
            keys = sorted((k for k, n in self.nodes.items() if n["column"] == column),
                          key=lambda k: (-through.get(k, 0.0), k))
            small = keys[sankey_shown(len(keys), most):]
            if not small:
                continue
            key = f"others:{column}"
            names = [self.nodes[k]["name"] for k in small]
            name = t(word, n=sum(self.nodes[k]["count"] for k in small))
            self.nodes[key] = {"column": column, "name": name, "color": NEUTRAL, "count": 0,
                               "hover": name + "<br>" + "<br>".join(names[:12]) + ("<br>…" if len(names) > 12 else "")}
            merged.update(dict.fromkeys(small, key))
        if not merged:
            return
        links, self.links = self.links, {}
        for (src, dst), e in links.items():
            self.link(merged.get(src, src), merged.get(dst, dst), e["value"], e["color"])
        for k in merged:
            del self.nodes[k]


def sankey(flows: _Flows, title: str, heads: list[str], value_format: str, unit: str) -> go.Figure:
    """A Sankey of the gathered flows, one way for every flow diagram: node labels cut to
    SANKEY_LABEL_WIDTH with the full name on hover, nodes a label line apart (sankey_pad), and the
    figure as tall as its fullest column needs; the column heads above."""
    keys = [k for k in flows.nodes]
    index = {k: i for i, k in enumerate(keys)}
    nodes = [flows.nodes[k] for k in keys]
    links = list(flows.links.items())
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [short_label(n["name"]) for n in nodes], "color": [n["color"] for n in nodes],
              "customdata": [n["hover"] for n in nodes], "pad": sankey_pad(FONT_SIZE), "thickness": SANKEY_NODE,
              "line": {"color": "white", "width": 0.5},
              "hovertemplate": "%{customdata}<br>%{value:" + value_format + "} " + unit + "<extra></extra>"},
        link={"source": [index[s] for (s, _), _e in links], "target": [index[d] for (_, d), _e in links],
              "value": [e["value"] for _k, e in links], "color": [e["color"] for _k, e in links],
              "customdata": [f"{flows.nodes[s]['name']} → {flows.nodes[d]['name']}" for (s, d), _e in links],
              "hovertemplate": "%{customdata}<br>%{value:" + value_format + "} " + unit + "<extra></extra>"},
        textfont={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
    ))
    fullest = max(sum(1 for n in nodes if n["column"] == c) for c in {n["column"] for n in nodes})
    fig = base_layout(fig, title, height=max(420, TOP_MARGIN + 40 + fullest * (sankey_pad(FONT_SIZE) + 14)))
    last = len(heads) - 1
    for i, text in enumerate(heads):
        fig.add_annotation(x=i / last, y=1.0, xref="paper", yref="paper", text=f"<b>{text}</b>", showarrow=False,
                           xanchor="left" if i == 0 else "right" if i == last else "center", yanchor="bottom",
                           yshift=FONT_SIZE * 0.7, font={"size": FONT_SIZE})  # above the top node's label
    return fig


# -- the resource map ------------------------------------------------------------------------
def resource_sankey(flows: pd.DataFrame, title: str, with_projects: bool = True) -> go.Figure:
    """Resource → chain node (→ project), widths in 亿元 of contract amount (see resource_flows.sql).
    Without projects, each node's label says how many projects it has and the drawing stays legible
    for every resource at once. A node's chain is in its colour and its hover."""
    if not flows.empty:
        keep = ["resource_node", "node_project"] if with_projects else ["resource_node"]
        flows = flows[flows["link"].isin(keep)]
    if flows.empty or float(flows["value_wan"].astype(float).sum()) == 0:
        return empty_figure(title, t("maps.resource.no_flows"))
    counts = dict(zip(flows["target_id"], flows["projects"]))
    drawn = _Flows()
    for r in flows.itertuples(index=False):
        v = float(r.value_wan) / WAN_PER_YI
        if r.link == "resource_node":
            kind_color = RESOURCE_KIND_COLORS.get(r.source_kind, NEUTRAL)
            a = drawn.node("r:" + r.source_id, 0, pick(r, "source"), kind_color,
                           pick(r, "source") + paren(i18n.label("resource_kind", r.source_kind)))
            name = pick(r, "target")
            if not with_projects:
                name += " · " + t("maps.resource.n_projects", n=fmt.count(counts.get(r.target_id, 0)))
            b = drawn.node("n:" + r.target_id, 1, name, r.color, pick(r, "target") + paren(pick(r, "chain")))
            drawn.link(a, b, v, _rgba(kind_color, 0.35))
        else:
            a = drawn.node("n:" + r.source_id, 1, pick(r, "source"), r.color, pick(r, "source") + paren(pick(r, "chain")))
            b = drawn.node("p:" + r.target_id, 2, pick(r, "target"), _rgba(r.color, 0.75), count=int(r.projects))
            drawn.link(a, b, v, _rgba(r.color, 0.3))
    drawn.merge_small({0: "sankey.others.resource", 1: "sankey.others.node", 2: "sankey.others.project"})
    heads = [t("maps.resource.col_resource"), t("maps.resource.col_node")]
    heads += [t("maps.resource.col_project")] if with_projects else []
    return sankey(drawn, title, heads, ",.2f", t("unit.yi"))


def _wrap_items(items: list[str], width: int) -> list[str]:
    """Join names with '、' into lines of about `width` characters, breaking between names only."""
    lines, line = [], ""
    for item in items:
        if line and len(line) + 1 + len(item) > width:
            lines.append(line + t("sep.list").rstrip())
            line = item
        else:
            line = f"{line}{t('sep.list')}{item}" if line else item
    return lines + ([line] if line else [])


def _box(lon: pd.Series, lat: pd.Series, pad_lon: float, pad_lat: float) -> tuple[float, float, float, float]:
    return (float(lon.min()) - pad_lon, float(lon.max()) + pad_lon, float(lat.min()) - pad_lat,
            float(lat.max()) + pad_lat)


def _inside(lon, lat, box) -> bool:
    return box[0] <= lon <= box[1] and box[2] <= lat <= box[3]


MAP_LABELS = 8  # a map panel names at most this many places (parks first); every place names itself on hover


def resource_map(places: pd.DataFrame, title: str) -> go.Figure:
    """Parks and resources on plain lon/lat axes (no tiles, no geo traces: works offline), equal
    ground distances both ways. Left: the whole city inside a dashed box drawn around its points;
    right: the parks enlarged. Resources are circles coloured by kind. Labels are short names of at
    most MAP_LABELS places a panel: the parks in the enlarged part, the resources lying outside any
    park; a park's land and the resources in it, and every place's full name, are on hover."""
    if places.empty:
        return empty_figure(title, t("chrome.empty"))
    parks = places[places["place"] == "park"]
    res = places[places["place"] == "resource"]
    city = _box(places["lon"], places["lat"], 0.05, 0.04)
    zoom = _box(parks["lon"], parks["lat"], 0.06, 0.035) if len(parks) else city
    fig = make_subplots(rows=1, cols=2, column_widths=[0.36, 0.64], horizontal_spacing=0.06,
                        subplot_titles=(t("maps.map.whole"), t("maps.map.zoom")))
    # the city area, sketched as the box around every point, and the enlarged part
    # (the dashed box names itself in the legend, not on the map where the places' names lie)
    fig.add_shape(type="rect", x0=city[0], x1=city[1], y0=city[2], y1=city[3], row=1, col=1, layer="below",
                  line={"color": "#9AA5B1", "dash": "dash"}, fillcolor="rgba(244,246,248,0.7)",
                  showlegend=True, name=t("maps.map.area"), legendrank=2000)
    fig.add_shape(type="rect", x0=zoom[0], x1=zoom[1], y0=zoom[2], y1=zoom[3], row=1, col=1,
                  line={"color": "#1F4E79", "width": 1.5}, fillcolor="rgba(31,78,121,0.05)")
    fig.add_annotation(x=zoom[1], y=zoom[2], xref="x", yref="y", text=t("maps.map.zoom_box"), showarrow=False,
                       xanchor="right", yanchor="top", font={"size": FONT_SIZE - 1, "color": "#1F4E79"})
    inside = [_inside(x, y, zoom) for x, y in zip(res["lon"], res["lat"])]
    # which resources a panel names: outside the enlarged part on the left, outside the parks on the right
    named = {1: [not i for i in inside], 2: [i and pd.isna(pk) for i, pk in zip(inside, res["park_id"])]}
    budget = {1: MAP_LABELS, 2: MAP_LABELS - min(len(parks), MAP_LABELS)}
    for col in (1, 2):
        seen = 0
        for k, wanted in enumerate(named[col]):
            if wanted:
                seen += 1
                named[col][k] = seen <= budget[col]
    middle = (city[0] + city[1]) / 2
    for kind, grp in res.groupby("kind", sort=False):
        color = RESOURCE_KIND_COLORS.get(kind, NEUTRAL)
        rows = [res.index.get_loc(i) for i in grp.index]
        for col in (1, 2):
            sub = [k for k in rows if col == 1 or inside[k]]
            if not sub:
                continue
            part = res.iloc[sub]
            fig.add_scatter(
                x=part["lon"], y=part["lat"], mode="markers+text", name=i18n.label("resource_kind", kind),
                legendgroup=kind, showlegend=col == 1, cliponaxis=False,
                marker={"size": 11 if col == 1 else 15, "color": color, "line": {"color": "white", "width": 1}},
                text=[short_label(part["name_zh"].iloc[j], 9) if named[col][k] else "" for j, k in enumerate(sub)],
                # on the left, a name runs toward the middle of the city box, so it stays inside the panel
                textposition=["middle right" if x < middle else "middle left" for x in part["lon"]]
                if col == 1 else "top center",
                textfont={"size": FONT_SIZE - 1, "color": "#3E4C59"},
                hovertext=[f"<b>{n}</b><br>{i18n.label('resource_kind', kind)} · {quantity_text(q, u)}"
                           for n, q, u in zip(part["name_zh"], part["quantity"], part["unit"])],
                hovertemplate="%{hovertext}<extra></extra>", row=1, col=col)
    # a park's hover: its land and the other resources lying in it
    in_park = res[res["park_id"].notna() & (res["kind"] != "land")].groupby("park_id")["name_zh"].apply(list).to_dict()
    hover = [f"<b>{pick(r, 'name')}</b><br>" + (t("maps.map.land", v=_num(r.quantity)) if pd.notna(r.quantity)
                                                else t("maps.map.no_land"))
             + "".join(f"<br>{chunk}" for chunk in _wrap_items(in_park.get(r.park_id, []), 14))
             for r in parks.itertuples(index=False)]
    labels = [f"<b>{short_label(pick(r, 'name'), 8)}</b>" if i < MAP_LABELS else ""
              for i, r in enumerate(parks.itertuples(index=False))]
    for col in (1, 2):
        fig.add_scatter(x=parks["lon"], y=parks["lat"], mode="markers+text" if col == 2 else "markers",
                        name=t("maps.map.parks"), legendgroup="park", showlegend=col == 1, cliponaxis=False,
                        marker={"size": 12 if col == 1 else 22, "symbol": "square", "color": "rgba(0,0,0,0)",
                                "line": {"color": PARK_COLOR, "width": 2.5}},
                        text=labels, textposition="bottom center", textfont={"size": FONT_SIZE - 1, "color": PARK_COLOR},
                        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", row=1, col=col)
    # one degree of longitude is cos(latitude) of a degree of latitude on the ground
    for col, box, pad in ((1, city, 0.02), (2, zoom, 0.0)):
        ratio = 1 / math.cos(math.radians((box[2] + box[3]) / 2))
        axis = "x" if col == 1 else "x2"
        fig.update_xaxes(title_text=t("maps.map.lon"), range=[box[0] - pad, box[1] + pad], ticksuffix="°",
                         gridcolor="#EEF0F2", showgrid=True, constrain="domain", row=1, col=col)
        fig.update_yaxes(title_text=t("maps.map.lat") if col == 1 else None, range=[box[2] - pad, box[3] + pad],
                         ticksuffix="°", scaleanchor=axis, scaleratio=ratio, constrain="domain", row=1, col=col)
    fig.update_annotations(selector={"text": t("maps.map.whole")}, font={"size": FONT_SIZE})
    fig.update_annotations(selector={"text": t("maps.map.zoom")}, font={"size": FONT_SIZE})
    fig = base_layout(fig, title, height=660)
    return legend_below(fig)


def park_land_bars(parks: pd.DataFrame, title: str, name_col: str = "name_zh") -> go.Figure:
    """Available industrial land per park, 公顷."""
    data = parks[parks["available_land_ha"].notna()]
    if data.empty:
        return empty_figure(title, t("maps.map.no_land_any"))
    data = data.iloc[::-1]
    values = data["available_land_ha"].astype(float)
    fig = go.Figure(go.Bar(x=values, y=data[name_col], orientation="h", marker_color="#7F9C3A",
                           text=[f"{v:,.0f}" for v in values], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}<br>%{x:,.0f} " + t("unit.ha") + "<extra></extra>"))
    fig.update_xaxes(title_text=t("maps.map.land_axis"), rangemode="tozero", range=[0, values.max() * 1.2])
    return base_layout(fig, title, height=max(300, 90 + 46 * len(data)))


def _num(v) -> str:
    f = float(v)
    return f"{f:,.2f}".rstrip("0").rstrip(".")


def quantity_text(q, u) -> str:
    """"1,280 公顷"; empty when there is no quantity."""
    return "" if pd.isna(q) else f"{_num(q)} {u}"


# -- the fund map ----------------------------------------------------------------------------
def fund_bars(funds: pd.DataFrame, title: str) -> go.Figure:
    """Per fund: size and money invested (亿元) with the share deployed, and the leverage 撬动比
    (contract amount of the backed projects ÷ fund money in them)."""
    if funds.empty:
        return empty_figure(title, t("chrome.empty"))
    data = funds.iloc[::-1]
    names = [_wrap(n, 12) for n in data["name_zh"]]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.62, 0.38], horizontal_spacing=0.03,
                        subplot_titles=(t("funds.fig.size_axis"), t("funds.fig.leverage_axis")))
    size = data["size_wan"].astype(float) / WAN_PER_YI
    inv = data["invested_wan"].astype(float) / WAN_PER_YI
    fig.add_bar(x=size, y=names, orientation="h", name=t("funds.fig.size"), marker_color="#DDE3E8",
                hovertemplate="%{y}<br>" + t("funds.fig.size") + " %{x:,.2f} " + t("unit.yi") + "<extra></extra>",
                row=1, col=1)
    fig.add_bar(x=inv, y=names, orientation="h", name=t("funds.fig.invested"), marker_color="#1F4E79", width=0.5,
                text=[t("funds.fig.deployed", v=f"{s * 100:.1f}") if pd.notna(s) else ""
                      for s in data["deployed_share"]],
                textposition="outside", cliponaxis=False,
                hovertemplate="%{y}<br>" + t("funds.fig.invested") + " %{x:,.2f} " + t("unit.yi") + "<extra></extra>",
                row=1, col=1)
    lev = data["leverage"].astype(float)
    fig.add_bar(x=lev.fillna(0), y=names, orientation="h", name=t("funds.fig.leverage"), marker_color="#3C8D93",
                text=[f"1 : {v:.1f}" if pd.notna(v) else t("funds.fig.no_leverage") for v in lev],
                textposition="outside", cliponaxis=False, showlegend=False,
                hovertemplate="%{y}<br>" + t("funds.fig.leverage") + " %{x:.1f}<extra></extra>", row=1, col=2)
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=t("axis.amount_yi"), rangemode="tozero", range=[0, max(size.max(), 0.01) * 1.3],
                     row=1, col=1)
    fig.update_xaxes(title_text=t("funds.fig.times"), rangemode="tozero",
                     range=[0, max(lev.max() if lev.notna().any() else 1, 1) * 1.35], row=1, col=2)
    fig.update_annotations(font={"size": 15, "family": FONT_FAMILY})
    fig = base_layout(fig, title, height=max(380, 150 + 62 * len(data)))
    return legend_below(fig)


def _others_hover(name: str, names, count: int) -> str:
    """An "other" node's hover: its name, then the largest dozen it holds (as merge_small writes it)."""
    names = [] if names is None else list(names)
    return name + "".join("<br>" + n for n in names[:12]) + ("<br>…" if count > 12 else "")


def fund_sankey(flows: pd.DataFrame, title: str) -> go.Figure:
    """Fund → chain → project, widths in 万元 of fund money invested in the period. `flows`: the
    fund_sankey query's rows, where the funds and projects beyond the largest are already summed in the
    database into "other" rows (a null fund_id / project_id, with funds_other / projects_other and their
    names), said under the chart; or fund_flows' rows, whose smallest nodes are merged here."""
    if flows.empty:
        return empty_figure(title, t("funds.no_flows"))
    drawn = _Flows()

    def fund_node(r) -> tuple[str, str]:
        if r.fund_id is None or r.fund_id != r.fund_id:
            name = t("sankey.others.fund", n=fmt.count(r.funds_other))
            return drawn.node("f:others", 0, name, NEUTRAL, _others_hover(name, r.funds_other_names, r.funds_other),
                              count=int(r.funds_other)), NEUTRAL
        color = FUND_KIND_COLORS.get(r.fund_kind, NEUTRAL)
        return drawn.node("f:" + r.fund_id, 0, r.fund_zh, color), color

    def project_node(r) -> str:
        if r.project_id is None or r.project_id != r.project_id:
            name = t("sankey.others.project", n=fmt.count(r.projects_other))
            return drawn.node("p:others", 2, name, NEUTRAL, _others_hover(name, r.projects_other_names,
                                                                          r.projects_other), count=int(r.projects_other))
        return drawn.node("p:" + r.project_id, 2, r.project_zh, _rgba(r.color, 0.75))

    for r in flows.itertuples(index=False):
        fund, fcolor = fund_node(r)
        chain = drawn.node("c:" + r.chain_id, 1, pick(r, "chain"), r.color)
        drawn.link(fund, chain, float(r.amount_wan), _rgba(fcolor, 0.35))
    for r in flows.itertuples(index=False):
        drawn.link("c:" + r.chain_id, project_node(r), float(r.amount_wan), _rgba(r.color, 0.3))
    drawn.merge_small({0: "sankey.others.fund", 1: "sankey.others.chain", 2: "sankey.others.project"})
    fig = sankey(drawn, title, [t("funds.col_fund"), t("col.chain"), t("col.project")], ",.0f", t("unit.wan"))
    if "projects_other" in flows and int(flows["projects_other"].iloc[0]):
        total, rest = int(flows["projects_total"].iloc[0]), int(flows["projects_other"].iloc[0])
        # the note in the figure's own room under the diagram (a domain, not a margin: an export sets its margins)
        note = int(FONT_SIZE * 3.6)  # two lines, also enlarged for the meeting mode
        height = fig.layout.height + note
        fig.update_layout(height=height)
        fig.update_traces(domain={"y": [note / (height - TOP_MARGIN - 10), 1]})
        fig.add_annotation(x=0, y=0, xref="paper", yref="paper", xanchor="left", yanchor="bottom", showarrow=False,
                           align="left", font={"size": FONT_SIZE, "color": TEXT_COLOR},
                           text=t("fund_map.sankey_note", shown=fmt.count(total - rest), rest=fmt.count(rest),
                                  n=fmt.count(total)))
    return fig


def fund_backing_rates(rates: pd.DataFrame, title: str) -> go.Figure:
    """Contract-to-start and fund-arrival rates, fund-backed vs not, side by side (%)."""
    if rates.empty or int(rates["cohort"].sum()) == 0:
        return empty_figure(title, t("funds.no_cohort"))
    metrics = [t("kpi.start_rate"), t("kpi.arrival_rate")]
    fig = go.Figure()
    for r in rates.itertuples(index=False):
        name = t("funds.backed" if r.fund_backed else "funds.not_backed", n=fmt.count(r.cohort))
        vals = [r.contract_to_start_rate, r.fund_arrival_rate]
        ys = [None if pd.isna(v) else float(v) * 100 for v in vals]
        fig.add_bar(x=metrics, y=ys, name=name, marker_color="#1F4E79" if r.fund_backed else "#B8C4CF",
                    text=["—" if y is None else f"{y:.1f}%" for y in ys], textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}<br>" + name + "<br>%{y:.1f}%<extra></extra>")
    fig.update_layout(barmode="group")
    top = max([v for v in fig.data[0].y + fig.data[1].y if v is not None] or [1])
    fig.update_yaxes(title_text=t("funds.fig.rate_axis"), rangemode="tozero", range=[0, top * 1.25], ticksuffix="%")
    return base_layout(fig, title, height=400)


def special_fund_years(years: pd.DataFrame, title: str) -> go.Figure:
    """Special support fund committed per year (万元) against the yearly 1000 万元, the chosen year dark."""
    if years.empty:
        return empty_figure(title, t("chrome.empty"))
    committed = years["committed_wan"].astype(float)
    yearly = float(years["yearly_wan"].iloc[0])
    top = max(committed.max(), yearly) * 1.25
    fig = go.Figure(go.Bar(
        x=years["year"].astype(str), y=committed, name=t("funds.special.committed"),
        marker_color=["#E8A33D" if c else "#F3D4A0" for c in years["is_chosen_year"]],
        text=[f"{v:,.0f}" for v in committed], textposition=clear_of_line(committed, yearly, top),
        insidetextanchor="end", cliponaxis=False,
        hovertemplate="%{x}<br>%{y:,.2f} " + t("unit.wan") + "<extra></extra>"))
    fig.add_hline(y=yearly, line={"color": "#C62828", "dash": "dash", "width": 2},
                  annotation_text=t("funds.special.line", v=f"{yearly:,.0f}"), annotation_position="top left",
                  annotation_font={"color": "#C62828", "size": 13})
    fig.update_xaxes(title_text=t("funds.special.year_axis"), type="category")
    fig.update_yaxes(title_text=t("funds.special.axis"), rangemode="tozero", range=[0, top])
    return base_layout(fig, title, height=380)
