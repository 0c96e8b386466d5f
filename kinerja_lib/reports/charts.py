"""Plotly figure builders for the reports.

Every builder takes engine tables (schema in ``docs/dev/arsitektur.md``, "Engine output") and
returns a :class:`plotly.graph_objects.Figure`; nothing here shows or saves a figure. Labels
and titles are in Bahasa Indonesia; axes and hover text use the Indonesian separators
(``layout.separators = ",."``: ``1.234,5``) and values printed on bars are formatted with
:mod:`kinerja_lib.domain.numbers`, so they read right in the PDF (which has no hover text).

Empty input gives a figure carrying a "Tidak ada data" annotation, never an exception; NaN
values (indicators that cannot be assessed) are drawn as "tidak dapat dinilai" rather than
dropped silently. Text from units' workbooks (indicator and unit names) is HTML-escaped
before it reaches plotly, which interprets a subset of HTML tags in labels.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from kinerja_lib.domain.numbers import format_number, format_percent
from kinerja_lib.reports import kalimat
from kinerja_lib.reports.chart_parts import (
    BELUM_DILAPORKAN,
    BULAN_PENDEK,
    TEMPLATE,
    add_history,
    add_key,
    add_point_labels,
    add_projection,
    add_quadrant_guides,
    add_realisasi,
    add_target_steps,
    posisi_layout,
)
from kinerja_lib.reports.chart_parts import REALISASI_COLOUR as _REALISASI_COLOUR
from kinerja_lib.reports.chart_parts import esc as _esc
from kinerja_lib.reports.chart_parts import num as _num

#: Label of indicators/kegiatan that cannot be assessed (target 0, no data, ...).
TIDAK_DINILAI = "Tidak dapat dinilai"

#: Legend name of the realisation bars on the wrong side of the target (below a target,
#: above a ceiling) in :func:`target_vs_realisasi`.
REALISASI_BURUK = "Realisasi di bawah target / melebihi batas"

#: Colours of predikat bands from the top band down, by number of bands in the scale.
_BAND_COLOURS = {
    5: ("#1a9850", "#91cf60", "#fdd835", "#fc8d59", "#d73027"),
    3: ("#1a9850", "#fdd835", "#d73027"),
}
_GREY = "#9e9e9e"
_TARGET_COLOUR = "#607d8b"
_BURUK_COLOUR = "#d84315"

#: Colours of the budget efficiency classes (engine ``anggaran.efisiensi``).
EFISIENSI_COLOURS = {
    "efisien": "#1a9850",
    "cukup efisien": "#f9a825",
    "tidak efisien": "#d73027",
    "tidak dapat dinilai": _GREY,
}
_EFISIENSI_LABEL = {k: k.capitalize() for k in EFISIENSI_COLOURS}  # "Cukup efisien", ...

_FONT = dict(family="Arial, Helvetica, sans-serif", size=12, color="#212121")
_MAX_LABEL = 42


# --------------------------------------------------------------------------- helpers


def _short(text, limit: int = _MAX_LABEL) -> str:
    t = " ".join(str(text).split()) if text is not None else ""
    if t in ("nan", "None"):
        t = ""
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def _base_layout(fig: go.Figure, title: str, height: int, subtitle: str = "",
                 legend_rows: int = 1) -> go.Figure:
    """Common layout: title/subtitle, Indonesian separators, legend at the bottom edge."""
    text = f"<b>{_esc(title)}</b>"
    if subtitle:
        text += f"<br><span style='font-size:11px;color:#555'>{_esc(subtitle)}</span>"
    fig.update_layout(
        title=dict(text=text, x=0.0, xanchor="left", font=dict(size=15)),
        template=TEMPLATE,
        separators=",.",
        font=_FONT,
        height=height + 22 * legend_rows,
        margin=dict(l=10, r=20, t=75 if subtitle else 55, b=55 + 22 * legend_rows),
        hoverlabel=dict(font_size=12),
        legend=dict(orientation="h", yref="container", y=0.0, yanchor="bottom",
                    xanchor="left", x=0.0),
    )
    # group thousands on numeric axes too (plotly leaves 4-digit ticks ungrouped)
    fig.update_xaxes(tickformat=",~f")
    fig.update_yaxes(tickformat=",~f")
    return fig


def empty_figure(title: str, pesan: str = "Tidak ada data") -> go.Figure:
    """A figure with only a title and a centred message (used for empty input).

    Parameters
    ----------
    title : str
        Chart title (Indonesian).
    pesan : str
        Message shown in the plot area.
    """
    fig = go.Figure()
    _base_layout(fig, title, 260)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(
        text=_esc(pesan), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
        font=dict(size=16, color="#757575"),
    )
    return fig


def _is_empty(df) -> bool:
    return df is None or not isinstance(df, pd.DataFrame) or df.empty


def predikat_colours(scale: Sequence[tuple[float, str]]) -> dict[str, str]:
    """Colour of each band of a predikat scale (top band green ... bottom red), plus grey for
    :data:`TIDAK_DINILAI`.

    Parameters
    ----------
    scale : sequence of (lower_bound, label)
        A scale from :mod:`kinerja_lib.settings`, top band first.
    """
    labels = [label for _, label in scale]
    n = len(labels)
    if n in _BAND_COLOURS:
        colours = list(_BAND_COLOURS[n])
    elif n == 1:
        colours = ["#1a9850"]
    else:
        colours = sample_colorscale("RdYlGn", [1 - i / (n - 1) for i in range(n)])
    out = dict(zip(labels, colours, strict=True))
    out[TIDAK_DINILAI] = _GREY
    return out


def _predikat_of(value: float, scale) -> str:
    if math.isnan(value):
        return TIDAK_DINILAI
    for bound, label in scale:
        if value >= bound:
            return label
    return scale[-1][1]


def _wrap(text: str, width: int = _MAX_LABEL) -> str:
    """Escaped text broken into lines of at most ``width`` characters (``<br>``), in full."""
    lines = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    return "<br>".join(_esc(line) for line in lines)


def _indicator_labels(df: pd.DataFrame, arah: bool = False) -> list[str]:
    """``IK-01 · Persentase ...`` per row, the name in full on wrapped lines; the unit is added
    when a code repeats. ``arah`` adds a line "↓ makin rendah makin baik" under a negatif
    indicator (:func:`kalimat.panah_arah`)."""
    kode = df["kode"].astype(str) if "kode" in df else pd.Series([""] * len(df), index=df.index)
    dup = kode.duplicated(keep=False)
    names = df["indikator"] if "indikator" in df else pd.Series([""] * len(df), index=df.index)
    units = df["unit"] if "unit" in df else pd.Series([""] * len(df), index=df.index)
    pols = df["polaritas"] if "polaritas" in df else pd.Series([None] * len(df), index=df.index)
    labels = []
    for k, name, unit, d, pol in zip(kode, names, units, dup, pols, strict=True):
        nm = _short(name, 10_000)
        label = f"{k} · {nm}" if nm else str(k)
        if d and unit is not None and str(unit) not in ("", "nan"):
            label += f" ({unit})"
        label = _wrap(label)
        if arah and kalimat.negatif(pol):
            label += f"<br><i>{_esc(kalimat.panah_arah(pol))}</i>"
        labels.append(label)
    # plotly merges equal category labels; make them unique
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} [{n + 1}]")
    return out


def _with_satuan(value, satuan) -> str:
    """``1.500 eksemplar``, ``40%``; ``-`` for no value."""
    if math.isnan(_num(value)):
        return "-"
    sat = _esc(satuan).strip() if satuan is not None and str(satuan) != "nan" else ""
    if sat == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {sat}".strip()


def _bar_height(n_rows: int, per_row: int = 34, base: int = 150, labels=()) -> int:
    """Figure height for ``n_rows`` bars: plotly gives every category row the same height, so
    a row is ``per_row`` px or, if more, 16 px per line of the longest wrapped label + 8."""
    lines = max((str(label).count("<br>") + 1 for label in labels), default=1)
    return max(260, base + max(per_row, 16 * lines + 8) * n_rows)


# --------------------------------------------------------------------------- charts


def _add_bars(fig: go.Figure, name: str, colour: str, group: str, rows: list) -> None:
    """One bar trace of :func:`target_vs_realisasi`: ``rows`` of (value, annual target,
    satuan, label, polaritas); the bar is the value as a percent of the annual target, its
    text the value with its satuan ("batas 10 berkas" for a negatif target, group ``t``)."""
    if not rows and group == "r":
        return
    ys, xs, text, hover = [], [], [], []
    for value, annual, sat, label, pol in rows:
        ok = not math.isnan(value) and not math.isnan(annual) and annual != 0
        val_txt = _with_satuan(value, sat)
        if group == "t" and kalimat.negatif(pol):
            val_txt = f"batas {val_txt}"
        ys.append(label)
        xs.append(value / annual * 100 if ok else 0)
        text.append(val_txt if ok else f"{val_txt} (tidak dapat dinilai)")
        hover.append(f"{label}<br>{name}: {val_txt}<br>"
                     f"{kalimat.label_target(pol)} tahunan: {_with_satuan(annual, sat)}")
    fig.add_bar(name=name, y=ys, x=xs, orientation="h", marker_color=colour, text=text,
                textposition="outside", cliponaxis=False, hovertext=hover, hoverinfo="text",
                textfont=dict(size=11), offsetgroup=group)


def target_vs_realisasi(capaian_df: pd.DataFrame, basis: str = "sd",
                        judul: str | None = None) -> go.Figure:
    """Target and realisation per indicator as grouped horizontal bars.

    Indicators have different units (%, orang, eksemplar), so both bars are drawn as a
    percentage of the indicator's annual target; the bar text shows the value itself with its
    satuan, formatted the Indonesian way.

    Parameters
    ----------
    capaian_df : DataFrame
        Engine ``capaian`` table (``kode, indikator, satuan, target_tahunan`` and the
        ``target_*``/``realisasi_*`` columns of ``basis``).
    basis : {"sd", "periode"}
        ``sd`` compares ``target_sd`` with ``realisasi_sd`` (cumulative to date, default);
        ``periode`` compares ``target_periode`` with ``realisasi_periode``.
    judul : str, optional
        Title (default "Target dan Realisasi per Indikator"); reports draw one chart per
        sasaran so each fits on an A4 page.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    title = judul or "Target dan Realisasi per Indikator"
    if basis not in ("sd", "periode"):
        raise ValueError("basis must be 'sd' or 'periode'")
    if _is_empty(capaian_df):
        return empty_figure(title)
    df = capaian_df.reset_index(drop=True)
    labels = _indicator_labels(df, arah=True)
    satuan = df["satuan"] if "satuan" in df else pd.Series([""] * len(df))
    pols = df["polaritas"] if "polaritas" in df else pd.Series(["positif"] * len(df))
    tahunan = df["target_tahunan"].map(_num) if "target_tahunan" in df else pd.Series(
        [math.nan] * len(df))
    target = df[f"target_{basis}"].map(_num) if f"target_{basis}" in df else \
        pd.Series([math.nan] * len(df))
    real = df[f"realisasi_{basis}"].map(_num) if f"realisasi_{basis}" in df else \
        pd.Series([math.nan] * len(df))
    met = [kalimat.tercapai(r, t, p) for r, t, p in zip(real, target, pols, strict=True)]
    fig = go.Figure()
    # the realisation is coloured by good/bad in the indicator's direction, not by length:
    # a negatif indicator above its ceiling is red although its bar is the longer one
    any_neg = any(kalimat.negatif(p) for p in pols)
    series = (
        ("Target / batas" if any_neg else "Target", target, _TARGET_COLOUR, [True] * len(df),
         "t"),
        ("Realisasi", real, _REALISASI_COLOUR, [m is not False for m in met], "r"),
        (REALISASI_BURUK, real, _BURUK_COLOUR, [m is False for m in met], "r"),
    )
    rows = list(zip(tahunan, satuan, labels, pols, strict=True))
    for name, values, colour, keep, group in series:
        _add_bars(fig, name, colour, group,
                  [(v, *row) for v, row, k in zip(values, rows, keep, strict=True) if k])
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    span = "s.d. periode ini" if basis == "sd" else "periode ini"
    sub = f"Nilai {span}; panjang batang = persen dari target tahunan"
    if any_neg:
        sub += "; ↓ makin rendah makin baik: target adalah batas atas"
    _base_layout(fig, title, _bar_height(len(df), per_row=46, labels=labels), subtitle=sub,
                 legend_rows=2 if len(fig.data) > 2 else 1)
    longest = max((v for t in fig.data for v in t.x if v is not None), default=0.0)
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array",
                     categoryarray=labels)
    # room on the right for the value labels printed outside the bars
    fig.update_xaxes(title_text="% dari target tahunan", ticksuffix="%",
                     range=[0, max(100.0, longest) * 1.35], automargin=True)
    return fig


def capaian_predikat(
    capaian_df: pd.DataFrame,
    scale: Sequence[tuple[float, str]],
    kolom: str = "capaian_sd",
) -> go.Figure:
    """Capaian per indicator as horizontal bars coloured by predikat.

    Parameters
    ----------
    capaian_df : DataFrame
        Engine ``capaian`` table (``kode, indikator``, ``kolom``, optionally ``predikat`` and
        ``dinilai``).
    scale : sequence of (lower_bound, label)
        The predikat scale in force (``Settings.predikat_scale``); the legend lists its bands
        in this order, then "Tidak dapat dinilai".
    kolom : str
        Capaian column to draw (default the headline ``capaian_sd``).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per band (so the legend shows every band, in order). Indicators that
        cannot be assessed get a grey marker at 0 with the text "tidak dapat dinilai".
    """
    title = "Capaian Kinerja dan Predikat per Indikator"
    if _is_empty(capaian_df):
        return empty_figure(title)
    df = capaian_df.reset_index(drop=True)
    labels = _indicator_labels(df)
    values = df[kolom].map(_num) if kolom in df else pd.Series([math.nan] * len(df))
    dinilai = df["dinilai"].astype(bool) if "dinilai" in df else ~values.isna()
    known = {label for _, label in scale}
    bands = []
    for i, value in enumerate(values):
        if not dinilai.iloc[i] or math.isnan(value):
            bands.append(TIDAK_DINILAI)
            continue
        p = df["predikat"].iloc[i] if "predikat" in df else None
        bands.append(p if p in known else _predikat_of(value, scale))
    colours = predikat_colours(scale)
    fig = go.Figure()
    for band in [label for _, label in scale] + [TIDAK_DINILAI]:
        idx = [i for i, b in enumerate(bands) if b == band]
        nan_band = band == TIDAK_DINILAI
        fig.add_bar(
            name=band,
            y=[labels[i] for i in idx] if idx else [labels[0]],
            x=[0.0 if nan_band else values[i] for i in idx] if idx else [None],
            orientation="h",
            marker_color=colours[band],
            text=["tidak dapat dinilai" if nan_band else format_percent(values[i])
                  for i in idx] if idx else [""],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"{labels[i]}<br>Capaian: "
                       f"{'-' if nan_band else format_percent(values[i])}<br>Predikat: {band}"
                       for i in idx] if idx else [""],
            hoverinfo="text",
            showlegend=True,
            legendrank=len(fig.data) + 1,
        )
    fig.update_layout(barmode="overlay", bargap=0.3, legend=dict(traceorder="normal"))
    vmax = values.max(skipna=True)
    upper = max(110.0, (vmax if not math.isnan(vmax) else 0) * 1.12)
    for bound, _label in scale[:-1]:
        fig.add_vline(x=bound, line=dict(color="#bdbdbd", width=1, dash="dot"), layer="below")
    _base_layout(fig, title, _bar_height(len(df), per_row=26, labels=labels),
                 subtitle="Garis titik-titik: batas bawah tiap predikat",
                 legend_rows=math.ceil((len(scale) + 1) / 4))
    fig.update_layout(legend=dict(title_text="Predikat: "))
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array",
                     categoryarray=labels)
    fig.update_xaxes(title_text="Capaian (%)", ticksuffix="%", range=[0, upper],
                     automargin=True)
    return fig


def tren_bulanan(
    bulanan_df: pd.DataFrame,
    kode: str,
    proyeksi_row: Mapping | pd.Series | None = None,
    history: pd.DataFrame | Mapping[int, pd.DataFrame] | None = None,
    judul: str | None = None,
    satuan: str = "",
    polaritas: str | None = None,
) -> go.Figure:
    """Monthly realisation to date of one indicator against its stepped target.

    Parameters
    ----------
    bulanan_df : DataFrame
        Engine ``bulanan`` table (``kode, bulan, realisasi_sd, target_sd``); rows of other
        indicators are ignored.
    kode : str
        Indicator code.
    proyeksi_row : mapping or Series, optional
        The indicator's row of the engine ``proyeksi`` table (``proyeksi_akhir_tahun``,
        ``target_tahunan``, ``berisiko``): drawn as a dashed line from the last reported
        month to December, and the annual target as a dotted horizontal line.
    history : DataFrame or mapping, optional
        Earlier years to draw as thin grey lines: a frame with ``tahun, kode, bulan,
        realisasi_sd`` or a mapping ``{tahun: bulanan frame of that year}``.
    judul : str, optional
        Title; default ``"Tren Bulanan <kode>"``.
    satuan : str
        Unit of measure for the y axis title.
    polaritas : str, optional
        ``"negatif"``: the target is a ceiling; the subtitle says "↓ makin rendah makin
        baik" and the target lines are named *Batas*.

    Returns
    -------
    plotly.graph_objects.Figure
        A month whose ``dilaporkan`` is False is a gap in the realisation line (None,
        ``connectgaps=False``) with an "x" marker at the bottom of the y axis, trace "Belum
        dilaporkan" (:func:`chart_parts.add_realisasi`); the value carried from earlier
        months is not drawn. The target steps change between months
        (:func:`chart_parts.add_target_steps`). The y axis starts at 0 unless every value lies
        far from it (an index of 51–62), where it spans the values so a change stays visible.
    """
    title = judul or f"Tren Bulanan {kode}"
    if _is_empty(bulanan_df) or "kode" not in bulanan_df:
        return empty_figure(title)
    df = bulanan_df[bulanan_df["kode"].astype(str) == str(kode)].copy()
    if "bulan" in df:
        df = df[pd.to_numeric(df["bulan"], errors="coerce").between(1, 12)]
    if df.empty or "bulan" not in df:
        return empty_figure(title)
    df["bulan"] = df["bulan"].astype(int)
    df = df.sort_values("bulan")
    x_all = list(BULAN_PENDEK)
    fig = go.Figure()
    sat = f" {_esc(satuan)}" if satuan else ""
    kata = "Batas" if kalimat.negatif(polaritas) else "Target"
    add_history(fig, history, kode, sat)
    if "target_sd" in df:
        add_target_steps(fig, df, sat, f"{kata} s.d. bulan")
    real = add_realisasi(fig, df, sat)
    if proyeksi_row is not None:
        add_projection(fig, proyeksi_row, df, real, sat, nama_target=f"{kata} tahunan")
    _base_layout(fig, title, 380, legend_rows=1 + (len(fig.data) > 4),
                 subtitle=kalimat.panah_arah(polaritas) if polaritas else "")
    fig.update_layout(xaxis2=posisi_layout())
    fig.layout.xaxis.update(categoryorder="array", categoryarray=x_all, range=[-0.5, 11.5],
                            title_text="Bulan")
    fig.update_yaxes(title_text=f"Nilai s.d. bulan{(' (' + _esc(satuan) + ')') if satuan else ''}",
                     rangemode="tozero", automargin=True)
    _zoom_y(fig)
    return fig


def _zoom_y(fig: go.Figure) -> None:
    """Span the y axis over the values when they all lie far from 0 (lowest above 40 % of the
    highest): an index moving from 51 to 62 is then visibly a change, not a flat line. The
    "belum dilaporkan" markers move to the bottom of that axis."""
    vals = [v for t in fig.data if t.name != BELUM_DILAPORKAN and t.y is not None
            for v in (_num(y) for y in t.y) if not math.isnan(v)]
    if not vals:
        return
    lo, hi = min(vals), max(vals)
    if lo <= 0 or lo < 0.4 * hi:
        return
    pad = max((hi - lo) * 0.15, abs(hi) * 0.01)
    bottom = lo - pad
    fig.update_yaxes(range=[bottom, hi + pad * 1.5], rangemode="normal")
    for t in fig.data:
        if t.name == BELUM_DILAPORKAN:
            t.y = [bottom] * len(t.y)


def capaian_per_unit(unit_df: pd.DataFrame, scale: Sequence[tuple[float, str]]) -> go.Figure:
    """Mean capaian per unit as horizontal bars, readable for 8 to 40 units (24 px a bar).

    Parameters
    ----------
    unit_df : DataFrame
        :func:`kinerja_lib.reports.summary.ringkasan_unit` (``nama_unit, capaian_rata,
        dinilai, berisiko, jumlah_indikator``), lowest mean first.
    scale : sequence of (lower_bound, label)
        The predikat scale in force; each bar takes the colour of its mean's band.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar per unit, text "95,1% · 1 dari 5 berisiko" (indicators at risk of the
        unit's indicators); a unit with nothing
        assessable is grey at 0 with "tidak dapat dinilai".
    """
    title = "Capaian Rata-rata per Unit"
    if _is_empty(unit_df):
        return empty_figure(title)
    df = unit_df.reset_index(drop=True)
    colours = predikat_colours(scale)
    vals = df["capaian_rata"].map(_num)
    labels = [_wrap(n, 50) for n in df["nama_unit"]]
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):  # plotly merges equal category labels
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} ({_esc(df['unit'].iloc[i])})"
    text, colour = [], []
    for v, r in zip(vals, df.itertuples(), strict=True):
        risk = f"{r.berisiko} dari {r.jumlah_indikator} berisiko"
        text.append(f"{format_percent(v)} · {risk}" if not math.isnan(v)
                    else "tidak dapat dinilai")
        colour.append(_GREY if math.isnan(v) else colours[_predikat_of(v, scale)])
    fig = go.Figure(go.Bar(
        y=labels, x=[0 if math.isnan(v) else v for v in vals], orientation="h",
        marker_color=colour, text=text, textposition="outside", cliponaxis=False,
        textfont=dict(size=11), hoverinfo="text", hovertext=[f"{y}<br>{t}" for y, t in
                                                              zip(labels, text, strict=True)],
        showlegend=False))
    _base_layout(fig, title, _bar_height(len(df), per_row=22, base=120, labels=labels),
                 subtitle="Rata-rata capaian s.d. periode ini; “1 dari 5 berisiko”: indikator "
                          "unit yang diproyeksikan belum mencapai target; warna = predikat",
                 legend_rows=0)
    for bound, _label in scale[:-1]:
        fig.add_vline(x=bound, line=dict(color="#bdbdbd", width=1, dash="dot"), layer="below")
    top = max(100.0, vals.max(skipna=True) if vals.notna().any() else 0.0)
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array",
                     categoryarray=labels)
    fig.update_xaxes(title_text="Capaian rata-rata (%)", ticksuffix="%", range=[0, top * 1.5],
                     automargin=True)
    return fig


def kuadran_anggaran(anggaran_df: pd.DataFrame, ambang: float = 5.0) -> go.Figure:
    """Budget absorption (x) against average capaian (y) per kegiatan.

    Points are coloured by the engine's efficiency class. Reference lines: the diagonal
    ``capaian = serapan`` with the band ``+/- ambang`` (inside = cukup efisien, above =
    efisien, below = tidak efisien), and 100 % on both axes. Each point carries its row number
    in the table (placed clear of the other labels by :func:`chart_parts.label_offsets`); a key
    under the plot gives number, kode and (shortened) name, the hover text the full name.

    Parameters
    ----------
    anggaran_df : DataFrame
        Engine ``anggaran`` table (``kode_kegiatan, kegiatan, serapan_sd, capaian_rata,
        efisiensi``, optionally ``pagu, realisasi_anggaran_sd``).
    ambang : float
        Efficiency threshold in percentage points (``Settings.ambang_efisiensi``).
    """
    title = "Serapan Anggaran dan Capaian Kinerja per Kegiatan"
    if _is_empty(anggaran_df):
        return empty_figure(title)
    df = anggaran_df.reset_index(drop=True).copy()
    df["_x"] = df["serapan_sd"].map(_num) if "serapan_sd" in df else math.nan
    df["_y"] = df["capaian_rata"].map(_num) if "capaian_rata" in df else math.nan
    ok = ~(df["_x"].isna() | df["_y"].isna())
    eff = df["efisiensi"].fillna("tidak dapat dinilai").astype(str) if "efisiensi" in df \
        else pd.Series(["tidak dapat dinilai"] * len(df))
    eff = eff.where(ok, "tidak dapat dinilai")
    fig = go.Figure()
    top = max(110.0, float(df.loc[ok, ["_x", "_y"]].max().max()) * 1.08 if ok.any() else 110.0)
    # band around the diagonal
    fig.add_scatter(
        x=[0, top, top, 0], y=[ambang, top + ambang, top - ambang, -ambang], fill="toself",
        mode="lines", line=dict(width=0), fillcolor="rgba(249,168,37,0.12)",
        name=f"Cukup efisien (±{format_number(ambang)} poin)", hoverinfo="skip",
        showlegend=False,
    )
    fig.add_scatter(x=[0, top], y=[0, top], mode="lines", name="Capaian = serapan",
                    line=dict(color="#757575", width=1, dash="dash"), hoverinfo="skip")
    df["_no"] = [str(i) for i in range(1, len(df) + 1)]  # row number in the budget table
    kode = df["kode_kegiatan"].astype(str) if "kode_kegiatan" in df else df["_no"]
    names = (df["kegiatan"] if "kegiatan" in df else kode).map(lambda n: _short(n, 10_000))
    for cls in EFISIENSI_COLOURS:
        sel = df[(eff == cls) & ok]
        if sel.empty:
            continue
        pagu = sel["pagu"] if "pagu" in sel else [None] * len(sel)
        hover = [f"{no}. {_esc(kode[i])} · {_esc(names[i])}<br>Serapan: "
                 f"{format_percent(x)}<br>Capaian rata-rata: {format_percent(y)}"
                 + (f"<br>Pagu: Rp{format_number(p, 0)}" if p is not None else "")
                 for i, no, x, y, p in zip(sel.index, sel["_no"], sel["_x"], sel["_y"], pagu,
                                           strict=True)]
        fig.add_scatter(
            x=sel["_x"], y=sel["_y"], mode="markers", name=_EFISIENSI_LABEL[cls],
            marker=dict(color=EFISIENSI_COLOURS[cls], size=10, line=dict(color="white", width=1)),
            text=list(sel["_no"]), hovertext=hover, hoverinfo="text",
        )
    add_point_labels(fig, df.loc[ok, "_x"], df.loc[ok, "_y"], df.loc[ok, "_no"], (0, top),
                     (0, top))
    cols = 1 if len(df) <= 10 else 2  # key columns; a key line fits 100 / cols characters
    sfx = ok.map({True: "", False: " (tidak digambar)"})
    key = [f"<b>{no}</b> {_esc(k)} {_esc(_short(n, 96 // cols - len(k + no + x)))}{x}"
           for no, k, n, x in zip(df["_no"], kode, names, sfx, strict=True)]
    add_quadrant_guides(fig, EFISIENSI_COLOURS["efisien"], EFISIENSI_COLOURS["tidak efisien"])
    n_nan = int((~ok).sum())
    subtitle = f"Pita kuning: selisih ±{format_number(ambang)} poin (cukup efisien)"
    if n_nan:
        subtitle += f"; {n_nan} kegiatan tidak dapat dinilai (tidak digambar)"
    key_h = 24 + 13 * math.ceil(len(df) / cols)
    _base_layout(fig, title, 480 + key_h, subtitle=subtitle, legend_rows=2)
    fig.update_layout(margin_b=fig.layout.margin.b + key_h)
    add_key(fig, key, 48, 480 - 130, cols, judul="Angka pada titik: nomor kegiatan")
    fig.update_xaxes(title_text="Serapan anggaran s.d. periode (%)", ticksuffix="%",
                     range=[0, top], zeroline=False)
    fig.update_yaxes(title_text="Capaian kinerja rata-rata (%)", ticksuffix="%",
                     range=[0, top], zeroline=False)
    if not ok.any():
        fig.add_annotation(text="Tidak ada kegiatan yang dapat dinilai", x=0.5, y=0.5,
                           xref="paper", yref="paper", showarrow=False,
                           font=dict(size=14, color="#757575"))
    return fig


__all__ = ["target_vs_realisasi", "capaian_predikat", "tren_bulanan",
           "capaian_per_unit", "kuadran_anggaran", "REALISASI_BURUK", "empty_figure", "predikat_colours", "TIDAK_DINILAI",
           "EFISIENSI_COLOURS"]
