"""Interactive exploration for analysts in JupyterLab (notebook 00).

``series(paths)`` stacks the engine's monthly tables of every processed year;
``trend_figure`` draws one indicator across months and years; ``build_explorer`` wires
ipywidgets pickers (unit, indicator, period) to the figure and a table.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import store
from .contract import nama_unit
from .numbers import format_number
from .paths import Paths
from .periods import NAMA_BULAN, Periode


def series(paths: Paths) -> pd.DataFrame:
    """Monthly realisation of every indicator for every processed year.

    Reads ``data/processed/<tahun>/tahunan/bulanan.parquet`` (written by the engine) and joins
    indicator names and units from each year's PK.

    Returns
    -------
    DataFrame
        ``tahun, kode, indikator, satuan, unit, agregasi, bulan, realisasi, realisasi_sd,
        target_sd``.
    """
    frames = []
    for tahun in store.available_years(paths):
        f = store.period_dir(paths, tahun, "tahunan") / "bulanan.parquet"
        if not f.exists():
            continue
        b = pd.read_parquet(f)
        pk = pd.read_parquet(paths.processed_year(tahun) / "pk.parquet")
        b = b.drop(columns=[c for c in ("indikator", "satuan", "unit", "agregasi") if c in b])
        b = b.merge(pk[["kode", "indikator", "satuan", "unit", "agregasi"]], on="kode", how="left")
        b["tahun"] = tahun
        frames.append(b)
    if not frames:
        return pd.DataFrame(columns=["tahun", "kode", "indikator", "satuan", "unit", "agregasi",
                                     "bulan", "realisasi", "realisasi_sd", "target_sd"])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["kode", "tahun", "bulan"]).reset_index(drop=True)


def filter_series(df: pd.DataFrame, unit: str | None = None, kode: str | None = None,
                  periode_kode: str = "tahunan") -> pd.DataFrame:
    """Rows of one unit and/or indicator, limited to the months of a period (all years)."""
    out = df
    if unit:
        out = out[out["unit"] == unit]
    if kode:
        out = out[out["kode"] == kode]
    months = Periode.from_kode(2000, periode_kode).months
    return out[out["bulan"].isin(months)]


def trend_figure(df: pd.DataFrame, kode: str, kumulatif: bool = True) -> go.Figure:
    """One indicator across months, one line per year, with each year's target to date."""
    d = df[df["kode"] == kode]
    fig = go.Figure()
    col = "realisasi_sd" if kumulatif else "realisasi"
    if d.empty:
        fig.add_annotation(text="Tidak ada data", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        return fig
    for tahun, g in d.groupby("tahun", sort=True):
        names = [NAMA_BULAN[m - 1] for m in g["bulan"]]
        fig.add_trace(go.Scatter(
            x=names, y=g[col], mode="lines+markers", name=f"Realisasi {tahun}",
            customdata=[format_number(v) for v in g[col]],
            hovertemplate="%{x}: %{customdata}<extra>" + str(tahun) + "</extra>",
        ))
        if "target_sd" in g and kumulatif:
            fig.add_trace(go.Scatter(
                x=names, y=g["target_sd"], mode="lines", line={"dash": "dash", "shape": "hv"},
                name=f"Target {tahun}",
            ))
    first = d.iloc[0]
    fig.update_layout(
        title=f"{kode} {first['indikator']}",
        yaxis_title=str(first["satuan"]),
        separators=",.",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        height=420,
    )
    return fig


def build_explorer(paths: Paths | None = None):
    """An ipywidgets box: pickers for unit, indicator and period; a trend chart and a table."""
    import ipywidgets as w
    from IPython.display import display

    paths = paths or Paths.default()
    df = series(paths)
    units = sorted(df["unit"].dropna().unique())
    unit_dd = w.Dropdown(options=[("Semua unit", "")] + [(nama_unit(u), u) for u in units],
                         description="Unit")
    kode_dd = w.Dropdown(description="Indikator", layout=w.Layout(width="70%"))
    periode_dd = w.Dropdown(
        options=[("Setahun", "tahunan"), ("Semester I", "s1"), ("Semester II", "s2")]
        + [(f"Triwulan {r}", f"tw{n}") for n, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))],
        description="Periode",
    )
    kum = w.Checkbox(value=True, description="Kumulatif s.d. bulan")
    chart_out = w.Output()
    table_out = w.Output()

    def indicators(unit: str):
        d = df if not unit else df[df["unit"] == unit]
        pairs = d[["kode", "indikator"]].drop_duplicates().sort_values("kode")
        return [(f"{k} {n}", k) for k, n in pairs.itertuples(index=False)]

    def refresh(*_):
        sel = filter_series(df, unit_dd.value or None, kode_dd.value, periode_dd.value)
        # A plain figure re-drawn in an Output widget: works in JupyterLab without the
        # anywidget extension that go.FigureWidget needs.
        chart_out.clear_output(wait=True)
        with chart_out:
            if kode_dd.value:
                display(trend_figure(sel, kode_dd.value, kum.value))
        table_out.clear_output()
        with table_out:
            cols = ["tahun", "bulan", "realisasi", "realisasi_sd", "target_sd"]
            display(sel[cols].reset_index(drop=True))

    def on_unit(*_):
        kode_dd.options = indicators(unit_dd.value)
        refresh()

    kode_dd.options = indicators("")
    unit_dd.observe(on_unit, names="value")
    for widget in (kode_dd, periode_dd, kum):
        widget.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([unit_dd, periode_dd, kum]), kode_dd, chart_out, table_out])
