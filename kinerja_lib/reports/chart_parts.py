"""Parts of the plotly charts: value helpers, the pieces of the monthly trend chart, and the
numbered point labels and key of the budget quadrant.

:mod:`kinerja_lib.reports.charts` builds whole figures from these. The trend pieces draw what
the engine's ``bulanan`` table says and nothing more: a month without a report
(``dilaporkan == False``) is a gap in the realisation line with a "belum dilaporkan" marker,
never the value carried from the month before (the engine's ``realisasi_sd`` there is the
roll-up of the earlier months, which the line would otherwise show as that month's value).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.periods import NAMA_BULAN

REALISASI_COLOUR = "#1565c0"
PROYEKSI_COLOUR = "#ef6c00"
GAP_COLOUR = "#c62828"

BULAN_PENDEK = tuple(b[:3] for b in NAMA_BULAN)

#: plotly's "plotly_white" template cut to the trace types the reports draw (bar and
#: scatter): the same look, a quarter of plotly's cost per figure (the whole template is
#: copied and checked into every figure) and less than half of each figure's JSON.
TEMPLATE = go.layout.Template(
    layout=pio.templates["plotly_white"].layout,
    data={"bar": pio.templates["plotly_white"].data.bar,
          "scatter": pio.templates["plotly_white"].data.scatter})
"""Month labels of the trend charts' x axis (``Jan`` ... ``Des``)."""

BELUM_DILAPORKAN = "Belum dilaporkan"
"""Legend name of the gap markers (months without a report)."""


def esc(text) -> str:
    """Escape text for plotly labels (plotly reads ``<b>``, ``<a>`` ... in strings)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text), quote=False)


def num(value) -> float:
    """A float, NaN for None/NaN/non-numeric."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def reported_mask(df: pd.DataFrame) -> pd.Series:
    """True where the month was reported: the ``dilaporkan`` column, or all True without it."""
    if "dilaporkan" not in df:
        return pd.Series(True, index=df.index)
    return df["dilaporkan"].fillna(False).astype(bool)


def gap_values(values: pd.Series, reported: pd.Series) -> list:
    """``values`` as floats with None at unreported months (plotly breaks the line there)."""
    return [num(v) if ok else None for v, ok in zip(values, reported, strict=True)]


def add_history(fig: go.Figure, history, kode: str, sat: str) -> None:
    """One thin grey line per earlier year: the indicator's realisation s.d. each month.

    A frame with a ``dilaporkan`` column gets a gap at its unreported months.
    """
    hist_frames: dict[int, pd.DataFrame] = {}
    if isinstance(history, pd.DataFrame) and not history.empty and "tahun" in history:
        hist_frames = {int(tahun): g for tahun, g in history.groupby("tahun")}
    elif isinstance(history, Mapping):
        hist_frames = {int(k): v for k, v in history.items() if isinstance(v, pd.DataFrame)}
    for tahun in sorted(hist_frames):
        h = hist_frames[tahun]
        if h.empty or not {"kode", "bulan", "realisasi_sd"} <= set(h.columns):
            continue
        h = h[h["kode"].astype(str) == str(kode)].sort_values("bulan")
        if h.empty:
            continue
        fig.add_scatter(
            x=[BULAN_PENDEK[int(b) - 1] for b in h["bulan"]],
            y=gap_values(h["realisasi_sd"], reported_mask(h)), connectgaps=False,
            mode="lines", name=f"Realisasi {tahun}", line=dict(color="#b0bec5", width=1.5),
            hovertemplate=f"{tahun} %{{x}}: %{{y:,.2~f}}{sat}<extra></extra>",
        )


def add_realisasi(fig: go.Figure, df: pd.DataFrame, sat: str) -> pd.Series:
    """The realisation-to-date line of one indicator, with a gap and a marker at each month
    that was not reported.

    Parameters
    ----------
    fig : Figure
    df : DataFrame
        The indicator's rows of the ``bulanan`` table, sorted by ``bulan`` (int).
    sat : str
        Escaped unit suffix for hover text (``" eksemplar"``).

    Returns
    -------
    Series of float
        The values drawn (NaN at unreported months), indexed like ``df``: the projection
        starts from its last valid value, i.e. the latest reported month.
    """
    xs = [BULAN_PENDEK[b - 1] for b in df["bulan"]]
    rep = reported_mask(df)
    raw = df["realisasi_sd"] if "realisasi_sd" in df else pd.Series(math.nan, index=df.index)
    y = gap_values(raw, rep)
    fig.add_scatter(
        x=xs, y=y, mode="lines+markers+text", name="Realisasi s.d. bulan", connectgaps=False,
        line=dict(color=REALISASI_COLOUR, width=3), marker=dict(size=8),
        text=[format_number(v) if v is not None and not math.isnan(v) else "" for v in y],
        textposition="top center", textfont=dict(size=10),
        hovertemplate=f"Realisasi s.d. %{{x}}: %{{y:,.2~f}}{sat}<extra></extra>",
    )
    missing = [i for i, ok in enumerate(rep) if not ok]
    if missing:
        # on the x axis (y = 0): a mark at the month, not a value for it
        fig.add_scatter(
            x=[xs[i] for i in missing], y=[0.0] * len(missing), mode="markers",
            name=BELUM_DILAPORKAN, cliponaxis=False,
            marker=dict(symbol="x-thin-open", size=13, color=GAP_COLOUR,
                        line=dict(color=GAP_COLOUR, width=2.5)),
            hovertext=[f"{NAMA_BULAN[int(df['bulan'].iloc[i]) - 1]}: belum dilaporkan"
                       for i in missing], hoverinfo="text",
        )
    return pd.Series([math.nan if v is None else v for v in y], index=df.index, dtype=float)


#: The hidden numeric x axis of the trend chart, laid over the month axis: month ``m`` is at
#: ``m - 1`` there, so a value between two months (3.5: the March/April boundary) can be drawn.
POSISI_AXIS = "x2"


def posisi_layout() -> dict:
    """Layout of :data:`POSISI_AXIS`: numeric, aligned with the 12 month categories."""
    return dict(overlaying="x", range=[-0.5, 11.5], visible=False, fixedrange=True)


def add_target_steps(fig: go.Figure, df: pd.DataFrame, sat: str, name: str) -> None:
    """The RA target to date as steps that change between months, not at a month.

    Each month's target covers its whole slot (``m - 1.5`` .. ``m - 0.5`` on
    :data:`POSISI_AXIS`), so the step from the first to the second quarter is drawn at the
    March/April boundary (3.5), not on April. ``df`` holds one indicator's rows sorted by
    ``bulan`` (int) with ``target_sd``.
    """
    b = [int(m) for m in df["bulan"]]
    t = [num(v) for v in df["target_sd"]]
    if not b:
        return
    xs = [m - 1.5 for m in b] + [b[-1] - 0.5]
    ys = t + [t[-1]]
    hover = [f"{name} {NAMA_BULAN[m - 1]}: {format_number(v)}{html.unescape(sat)}"
             if not math.isnan(v) else "" for m, v in zip(b + [b[-1]], ys, strict=True)]
    fig.add_scatter(x=xs, y=ys, xaxis=POSISI_AXIS, mode="lines", line_shape="hv", name=name,
                    line=dict(color="#607d8b", width=2, dash="dash"), hovertext=hover,
                    hoverinfo="text")


def add_projection(fig: go.Figure, proyeksi_row, df: pd.DataFrame, real: pd.Series,
                   sat: str, nama_target: str = "Target tahunan") -> None:
    """Dashed line from the last month with data to the December projection, and the
    annual target as a dotted line across the year, named in the legend
    (``"Target tahunan 3.000"``) so its label never sits on the data labels."""
    x_all = BULAN_PENDEK
    proj = num(proyeksi_row.get("proyeksi_akhir_tahun"))
    annual = num(proyeksi_row.get("target_tahunan"))
    last = real.last_valid_index()
    if not math.isnan(proj):
        x0 = x_all[int(df.loc[last, "bulan"]) - 1] if last is not None else x_all[0]
        y0 = real.loc[last] if last is not None else proj
        risky = bool(proyeksi_row.get("berisiko", False))
        fig.add_scatter(
            x=[x0, x_all[11]], y=[y0, proj], mode="lines+markers+text",
            name="Proyeksi akhir tahun" + (" (berisiko)" if risky else ""),
            line=dict(color="#d32f2f" if risky else PROYEKSI_COLOUR, width=2, dash="dot"),
            marker=dict(size=[0, 11], symbol="diamond"),
            text=["", format_number(proj)], textposition="middle left",
            hovertemplate=f"Proyeksi Desember: %{{y:,.2~f}}{sat}<extra></extra>",
        )
    if not math.isnan(annual):
        label = f"{nama_target} {format_number(annual)}"
        fig.add_scatter(x=[-0.5, 11.5], y=[annual, annual], xaxis=POSISI_AXIS, mode="lines",
                        name=label, line=dict(color="#2e7d32", width=1.5, dash="dot"),
                        hovertext=[label, label], hoverinfo="text")


# --------------------------------------------------------------------------- point labels

#: Plot area (pixels) assumed when placing point labels: the report's PDF column is 182 mm
#: (about 690 px) wide; a wider screen only spreads the labels further apart.
PLOT_PX = (600.0, 340.0)
#: Candidate label offsets around a point: rings of (radius px, number of directions), the
#: first direction up and to the right, then clockwise.
_RINGS = ((15, 8), (28, 12), (42, 16), (58, 20), (76, 24))


def _box(cx: float, cy: float, text: str) -> tuple[float, float, float, float]:
    w = 6.5 * len(text) + 4
    return (cx - w / 2, cy - 7, cx + w / 2, cy + 7)


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def label_offsets(xs, ys, texts, x_range, y_range, plot_px=PLOT_PX) -> list[tuple[int, int]]:
    """Pixel offsets ``(ax, ay)`` (plotly annotation convention, ``ay`` down) that keep short
    point labels apart from each other and from the markers.

    Deterministic greedy placement in the given order: each label takes the first candidate
    offset (rings of growing radius around its point, see ``_RINGS``) whose box stays inside
    the plot area of ``plot_px`` pixels and overlaps no earlier label and no marker; when no
    candidate is free it takes the one with the least overlap.
    """
    w, h = plot_px
    (x0, x1), (y0, y1) = x_range, y_range
    pts = [((x - x0) / (x1 - x0) * w, (1 - (y - y0) / (y1 - y0)) * h) for x, y in
           zip(xs, ys, strict=True)]
    markers = [(px - 7, py - 7, px + 7, py + 7) for px, py in pts]
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for (px, py), text in zip(pts, texts, strict=True):
        best, best_cost = (0, -15), math.inf
        for radius, k in _RINGS:
            for i in range(k):
                ang = math.pi / 4 - 2 * math.pi * i / k  # start at "up right", go clockwise
                ax, ay = round(radius * math.cos(ang)), -round(radius * math.sin(ang))
                box = _box(px + ax, py + ay, text)
                cost = sum(_overlap(box, o) for o in placed + markers)
                if box[0] < 0 or box[1] < 0 or box[2] > w or box[3] > h:
                    cost += 1000
                if cost < best_cost:
                    best, best_cost = (ax, ay), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        placed.append(_box(px + best[0], py + best[1], text))
        out.append(best)
    return out


def add_point_labels(fig: go.Figure, xs, ys, texts, x_range, y_range) -> None:
    """Annotate points with short ``texts`` placed by :func:`label_offsets`, each joined to
    its point by a thin leader line."""
    for x, y, text, (ax, ay) in zip(xs, ys, texts,
                                    label_offsets(xs, ys, texts, x_range, y_range), strict=True):
        fig.add_annotation(x=x, y=y, text=f"<b>{esc(text)}</b>", showarrow=True, ax=ax, ay=ay,
                           arrowhead=0, arrowwidth=0.7, arrowcolor="#616161", standoff=6,
                           font=dict(size=10, color="#212121"), bgcolor="rgba(255,255,255,0.7)",
                           borderpad=0)


def add_key(fig: go.Figure, lines: list[str], top_px: float, plot_h: float,
            columns: int = 1, judul: str = "") -> None:
    """A key of ``lines`` (already escaped) under the plot area, ``top_px`` pixels below it,
    in ``columns`` columns filled top to bottom (``plot_h``: plot area height in pixels),
    under the italic heading ``judul`` (14 px) if given."""
    if judul:
        fig.add_annotation(text=f"<i>{esc(judul)}</i>", x=0, y=-top_px / plot_h, xref="paper",
                           yref="paper", xanchor="left", yanchor="top", showarrow=False,
                           font=dict(size=10, color="#555"))
        top_px += 14
    per_col = math.ceil(len(lines) / columns)
    for c in range(columns):
        part = lines[c * per_col:(c + 1) * per_col]
        if part:
            fig.add_annotation(text="<br>".join(part), x=c / columns, y=-top_px / plot_h,
                               xref="paper", yref="paper", xanchor="left", yanchor="top",
                               align="left", showarrow=False, font=dict(size=10))


def add_quadrant_guides(fig: go.Figure, above: str, below: str) -> None:
    """The budget quadrant's 100 % lines and the captions of the corners above and below the
    diagonal (colours ``above`` and ``below``)."""
    fig.add_hline(y=100, line=dict(color="#bdbdbd", width=1), layer="below")
    fig.add_vline(x=100, line=dict(color="#bdbdbd", width=1), layer="below")
    fig.add_annotation(x=0.02, y=0.98, xref="paper", yref="paper", showarrow=False,
                       text="Efisien: capaian > serapan", xanchor="left",
                       font=dict(size=11, color=above))
    fig.add_annotation(x=0.98, y=0.02, xref="paper", yref="paper", showarrow=False,
                       text="Tidak efisien: capaian < serapan", xanchor="right",
                       font=dict(size=11, color=below))
