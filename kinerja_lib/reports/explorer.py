"""Interactive exploration for analysts in JupyterLab (notebook 00).

``series(paths)`` stacks the engine's monthly tables of every processed year;
``filter_series`` narrows them to a unit, an indicator and the months of a period;
``trend_figure`` draws one indicator across months, one line per year; ``build_explorer``
wires ipywidgets pickers (unit, indicator, period, cumulative) to the chart and a table.

Rendering inside JupyterLab
---------------------------
The explorer writes each chart into an ``ipywidgets.Output`` as a ready-made
``application/vnd.plotly.v1+json`` bundle (drawn by the ``jupyterlab-plotly`` extension that
ships with plotly) by assigning ``Output.outputs``. It therefore does not depend on
``plotly.io.renderers.default``: the phase notebooks switch that to an offline ``notebook``
renderer (:func:`kinerja_lib.report.setup_notebook_display`) for nbconvert, which must not
blank the explorer. ``go.FigureWidget`` is not used: with plotly 6 it needs ``anywidget``.
Assigning ``outputs`` (instead of ``with out: display(...)``) also works without a kernel,
which is what the tests use.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative

from kinerja_lib.domain import model
from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import NAMA_BULAN, Periode
from kinerja_lib.io import store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.reports.chart_parts import TEMPLATE, gap_values
from kinerja_lib.reports.charts import empty_figure
from kinerja_lib.reports.tables import format_table, to_html

#: Columns returned by :func:`series`, in order.
SERIES_COLUMNS = [
    "tahun", "kode", "indikator", "satuan", "unit", "agregasi", "bulan", "nama_bulan",
    "triwulan", "realisasi", "pembilang", "penyebut", "dilaporkan", "realisasi_sd", "target_sd",
]

#: Period picker choices: (Indonesian label, period code).
PILIHAN_PERIODE = (
    ("Setahun", "tahunan"), ("Semester I", "s1"), ("Semester II", "s2"),
    ("Triwulan I", "tw1"), ("Triwulan II", "tw2"), ("Triwulan III", "tw3"),
    ("Triwulan IV", "tw4"),
)

#: Mime type drawn by the jupyterlab-plotly extension.
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: Chart config inside JupyterLab: keep the mode bar (zoom, PNG download), no logo.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

_TABLE_COLUMNS = {
    "tahun": "Tahun",
    "nama_bulan": "Bulan",
    "realisasi": "Realisasi bulan",
    "realisasi_sd": "Realisasi s.d. bulan",
    "target_sd": "Target s.d. bulan",
    "dilaporkan": "Dilaporkan",
}


# --------------------------------------------------------------------------- data


def _bulanan_file(paths: Paths, tahun: int):
    return store.period_dir(paths, tahun, "tahunan") / "bulanan.parquet"


def years_without_series(paths: Paths) -> list[int]:
    """Processed years (``pk.parquet`` present) whose annual ``bulanan`` table is missing."""
    return [t for t in store.available_years(paths) if not _bulanan_file(paths, t).exists()]


def series(paths: Paths) -> pd.DataFrame:
    """Monthly realisation of every indicator for every processed year.

    Reads ``data/processed/<tahun>/tahunan/bulanan.parquet`` (the engine tables, written by
    ``kinerja validasi`` through ``recap.write_year_recap`` and again by ``kinerja jalankan``)
    and joins indicator name, unit of measure and aggregation from each year's
    ``pk.parquet``. Years without the annual table are skipped (see
    :func:`years_without_series`).

    Parameters
    ----------
    paths : Paths
        Project tree.

    Returns
    -------
    DataFrame
        :data:`SERIES_COLUMNS`, sorted by ``kode, tahun, bulan``; empty (same columns) when
        nothing is processed.
    """
    frames = []
    for tahun in store.available_years(paths):
        f = _bulanan_file(paths, tahun)
        if not f.exists():
            continue
        b = pd.read_parquet(f)
        pk = pd.read_parquet(paths.processed_year(tahun) / "pk.parquet")
        pk = pk[["kode", "indikator", "satuan", "unit", "agregasi"]].drop_duplicates("kode")
        pk = pk.rename(columns={"unit": "unit_pk"})
        b = b.drop(columns=[c for c in ("indikator", "satuan", "agregasi") if c in b])
        b = b.merge(pk, on="kode", how="left")
        # the engine's own unit column wins; the PK fills gaps (older processed trees)
        b["unit"] = b["unit"].where(b["unit"].notna(), b["unit_pk"]) if "unit" in b else b["unit_pk"]
        b["tahun"] = int(tahun)
        for col in SERIES_COLUMNS:
            if col not in b:
                b[col] = None
        frames.append(b[SERIES_COLUMNS])
    if not frames:
        return model.empty_frame(SERIES_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["kode", "tahun", "bulan"], kind="stable").reset_index(drop=True)


def filter_series(df: pd.DataFrame, unit: str | None = None, kode: str | None = None,
                  periode_kode: str = "tahunan") -> pd.DataFrame:
    """Rows of one unit and/or indicator, limited to the months of a period (all years).

    Parameters
    ----------
    df : DataFrame
        Output of :func:`series`.
    unit, kode : str, optional
        Unit code and indicator code; ``None`` or ``""`` keeps all.
    periode_kode : str
        ``tahunan``, ``s1``, ``s2`` or ``tw1``..``tw4`` (values stay cumulative from January).

    Returns
    -------
    DataFrame
        The matching rows (a copy), original order.
    """
    out = df
    if unit:
        out = out[out["unit"] == unit]
    if kode:
        out = out[out["kode"] == kode]
    months = Periode.from_kode(2000, periode_kode).months
    return out[out["bulan"].isin(months)].copy()


def indicator_choices(df: pd.DataFrame, unit: str | None = None) -> list[tuple[str, str]]:
    """``("IK-01 Nama indikator", "IK-01")`` pairs of a unit (all units when empty).

    The name is the latest year's, so a renamed indicator appears once.
    """
    d = df if not unit else df[df["unit"] == unit]
    if d.empty:
        return []
    latest = d.sort_values(["kode", "tahun"], kind="stable").drop_duplicates("kode", keep="last")
    return [(f"{k} {n if isinstance(n, str) else ''}".strip(), k)
            for k, n in latest[["kode", "indikator"]].itertuples(index=False)]


def unit_choices(df: pd.DataFrame, org: Organisasi | None = None) -> list[tuple[str, str]]:
    """``(nama unit, kode unit)`` pairs in the office's unit order (``org``, from its
    settings); units not defined there follow by code. "Semua unit" first."""
    org = org or Organisasi()
    present = set(df["unit"].dropna())
    order = [k for k in org.kodes if k in present] + sorted(present - set(org.kodes))
    return [("Semua unit", "")] + [(org.nama_unit(u), u) for u in order]


def trend_figure(df: pd.DataFrame, kode: str, kumulatif: bool = True) -> go.Figure:
    """One indicator across months, one line per year, with each year's target to date.

    Parameters
    ----------
    df : DataFrame
        Rows of :func:`series` (usually already passed through :func:`filter_series`).
    kode : str
        Indicator code.
    kumulatif : bool
        ``True``: realisation to date (``realisasi_sd``) with the stepped target to date;
        ``False``: each month's own value (``realisasi``), no target line.

    Returns
    -------
    plotly.graph_objects.Figure
        Title ``"<kode> <indikator>"``; a "Tidak ada data" figure when the indicator has no
        rows.
    """
    d = df[df["kode"] == kode].sort_values(["tahun", "bulan"], kind="stable")
    if d.empty:
        return empty_figure(f"{kode}")
    latest = d.iloc[-1]
    nama = latest["indikator"] if isinstance(latest["indikator"], str) else ""
    satuan = latest["satuan"] if isinstance(latest["satuan"], str) else ""
    col = "realisasi_sd" if kumulatif else "realisasi"
    colours = qualitative.Plotly
    fig = go.Figure()
    for i, (tahun, g) in enumerate(d.groupby("tahun", sort=True)):
        colour = colours[i % len(colours)]
        names = [NAMA_BULAN[int(m) - 1] for m in g["bulan"]]
        # an unreported month is a gap in the line, never the carried-over value
        y = gap_values(g[col], g["dilaporkan"].astype(bool)) if "dilaporkan" in g else \
            g[col].astype(float)
        fig.add_trace(go.Scatter(
            x=names, y=y, mode="lines+markers", name=f"Realisasi {tahun}", connectgaps=False,
            line={"color": colour, "width": 2.5},
            customdata=[format_number(v) for v in g[col]],
            hovertemplate=f"%{{x}} {tahun}: %{{customdata}} {html.escape(satuan)}"
                          "<extra>Realisasi</extra>",
        ))
        if kumulatif and g["target_sd"].notna().any():
            fig.add_trace(go.Scatter(
                x=names, y=g["target_sd"].astype(float), mode="lines", name=f"Target {tahun}",
                line={"color": colour, "dash": "dash", "shape": "hv", "width": 1.5},
                customdata=[format_number(v) for v in g["target_sd"]],
                hovertemplate=f"%{{x}} {tahun}: %{{customdata}} {html.escape(satuan)}"
                              "<extra>Target</extra>",
            ))
    # month order is fixed (a year starting in March must not push January to the end)
    first, last = int(d["bulan"].min()), int(d["bulan"].max())
    months = list(NAMA_BULAN[first - 1:last])
    basis = "Realisasi s.d. bulan" if kumulatif else "Realisasi bulan"
    fig.update_layout(
        title={"text": html.escape(f"{kode} {nama}".strip()), "x": 0.0, "xanchor": "left"},
        separators=",.",
        template=TEMPLATE,
        legend={"orientation": "h", "y": -0.18},
        height=440,
        margin={"l": 60, "r": 20, "t": 60, "b": 90},
    )
    fig.update_xaxes(categoryorder="array", categoryarray=months)
    fig.update_yaxes(title_text=html.escape(f"{basis} ({satuan})" if satuan else basis),
                     tickformat=",~f")
    return fig


# --------------------------------------------------------------------------- widgets


def figure_output(fig: go.Figure) -> dict:
    """The ``display_data`` output drawing ``fig`` in JupyterLab, whatever the default renderer.

    The bundle holds the plotly mime type (figure JSON with :data:`PLOTLY_CONFIG`) and a
    ``text/plain`` fallback naming the chart.
    """
    fig_dict = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    fig_dict["config"] = dict(PLOTLY_CONFIG)
    title = fig.layout.title.text or "grafik"
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: fig_dict, "text/plain": f"Grafik: {html.unescape(title)}"},
        "metadata": {},
    }


def _html_output(text_html: str, text_plain: str) -> dict:
    return {"output_type": "display_data",
            "data": {"text/html": text_html, "text/plain": text_plain}, "metadata": {}}


def table_output(sel: pd.DataFrame, caption: str | None = None) -> dict:
    """The ``display_data`` output of the explorer's table (Indonesian numbers, escaped)."""
    shown = format_table(sel.reset_index(drop=True), _TABLE_COLUMNS)
    return _html_output(to_html(shown, caption=caption), shown.to_string(index=False))


class Explorer(w.VBox):
    """The explorer box returned by :func:`build_explorer`.

    Attributes
    ----------
    unit, indikator, periode : ipywidgets.Dropdown
        Pickers (unit code, indicator code, period code as values).
    kumulatif : ipywidgets.Checkbox
        Realisation to date (checked) or each month's own value.
    info : ipywidgets.HTML
        Where the data comes from, and what is missing.
    grafik, tabel : ipywidgets.Output
        The chart and the table of the current selection.
    data : DataFrame
        The :func:`series` frame behind the pickers.
    """


def _info_html(paths: Paths, df: pd.DataFrame, missing: Sequence[int]) -> str:
    folder = html.escape(str(paths.processed))
    if df.empty:
        contoh = html.escape(str(missing[0]) if missing else "<tahun>")
        return (
            f"<b>Belum ada data olahan tahunan</b> di <code>{folder}</code>. Jalankan dulu "
            f"<code>kinerja validasi --tahun {contoh}</code> untuk setiap tahun yang ingin "
            "dibandingkan."
        )
    years = ", ".join(str(t) for t in sorted(df["tahun"].unique()))
    text = (f"Data olahan tahun {html.escape(years)} dari <code>{folder}</code>; "
            f"{df['kode'].nunique()} indikator.")
    if missing:
        ys = ", ".join(str(t) for t in missing)
        text += (f" Tahun {html.escape(ys)} belum punya tabel bulanan tahunan: jalankan ulang "
                 f"<code>kinerja validasi --tahun {html.escape(str(missing[0]))}</code>.")
    return text


def build_explorer(paths: Paths | None = None, data: pd.DataFrame | None = None) -> Explorer:
    """An ipywidgets box: pickers for unit, indicator and period; a trend chart and a table.

    Parameters
    ----------
    paths : Paths, optional
        Project tree; default :meth:`Paths.default`.
    data : DataFrame, optional
        A :func:`series` frame already loaded (avoids reading the Parquet files twice).

    Returns
    -------
    Explorer
        A ``VBox``: info line, pickers, chart, table. Changing any picker redraws the chart
        and the table (the first indicator is selected from the start).
    """
    paths = paths or Paths.default()
    df = series(paths) if data is None else data
    missing = years_without_series(paths)

    org = load_settings(paths.settings_file).organisasi
    unit_dd = w.Dropdown(options=unit_choices(df, org), value="", description="Unit")
    kode_dd = w.Dropdown(options=[], description="Indikator", layout=w.Layout(width="95%"))
    periode_dd = w.Dropdown(options=list(PILIHAN_PERIODE), value="tahunan",
                            description="Periode")
    kum = w.Checkbox(value=True, description="Kumulatif s.d. bulan")
    info = w.HTML(_info_html(paths, df, missing))
    chart_out = w.Output()
    table_out = w.Output()
    state = {"busy": False}

    def refresh(*_):
        if state["busy"]:
            return
        kode = kode_dd.value
        if not kode:
            chart_out.outputs = ()
            table_out.outputs = (_html_output(
                "<p>Tidak ada indikator untuk pilihan ini.</p>",
                "Tidak ada indikator untuk pilihan ini."),)
            return
        sel = filter_series(df, unit_dd.value or None, kode, periode_dd.value)
        chart_out.outputs = (figure_output(trend_figure(sel, kode, kum.value)),)
        label = dict((v, k) for k, v in PILIHAN_PERIODE)[periode_dd.value]
        table_out.outputs = (table_output(sel, caption=f"{kode}, {label}"),)

    def set_indicators(unit: str) -> None:
        choices = indicator_choices(df, unit or None)
        values = [v for _, v in choices]
        current = kode_dd.value
        state["busy"] = True
        try:
            kode_dd.options = choices
            kode_dd.value = current if current in values else (values[0] if values else None)
        finally:
            state["busy"] = False

    def on_unit(*_):
        set_indicators(unit_dd.value)
        refresh()

    set_indicators("")
    unit_dd.observe(on_unit, names="value")
    for widget in (kode_dd, periode_dd, kum):
        widget.observe(refresh, names="value")
    if df.empty:
        for widget in (unit_dd, kode_dd, periode_dd, kum):
            widget.disabled = True
    refresh()

    box = Explorer([info, w.HBox([unit_dd, periode_dd, kum]), kode_dd, chart_out, table_out])
    box.unit, box.indikator, box.periode, box.kumulatif = unit_dd, kode_dd, periode_dd, kum
    box.info, box.grafik, box.tabel, box.data = info, chart_out, table_out, df
    return box


def setup_display() -> None:
    """pandas display for exploration: Indonesian floats (``1.234,5``), all columns.

    Leaves plotly's renderer alone (JupyterLab's default draws ``fig.show()``).
    """
    pd.set_option("display.float_format", lambda v: format_number(v, 2))
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 160)


__all__ = [
    "series", "filter_series", "trend_figure", "build_explorer", "Explorer",
    "indicator_choices", "unit_choices", "years_without_series", "figure_output",
    "table_output", "setup_display", "SERIES_COLUMNS", "PILIHAN_PERIODE",
]
