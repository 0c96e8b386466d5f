"""Exploration notebook library (``kinerja_lib.eksplorasi``): data, figure, widgets.

Two data sources: a small processed tree written here as Parquet (engine ``bulanan`` schema,
hand-made numbers, a renamed indicator, a year starting in March, a year without the annual
table), and the deterministic sample run through ingest and the engine. The widget tests
drive the pickers by setting ``.value`` (which fires the observers, as a click does in
JupyterLab) and read what the ``Output`` widgets hold; no kernel or browser is needed. The
in-browser check is manual (docs/dev/arsitektur.md, "Checking the exploration notebook").
"""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
import pytest

from kinerja_lib.domain.errors import PeriodError
from kinerja_lib.domain.periods import NAMA_BULAN, tahunan
from kinerja_lib.io import ingest, store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.reports import explorer as eksplorasi

MIME = "application/vnd.plotly.v1+json"

PK = {
    2022: [("IK-01", "Nilai TGM", "poin", "PUS", "posisi_akhir")],
    2023: [("IK-01", "Nilai TGM", "poin", "PUS", "posisi_akhir"),
           ("IK-02", "Arsip lama", "berkas", "ARS-PEN", "kumulatif")],
    2024: [("IK-01", "Nilai TGM", "poin", "PUS", "posisi_akhir"),
           ("IK-02", "Arsip <b>baru</b>", "berkas", "ARS-PEN", "kumulatif")],
}


def _bulanan_rows(tahun: int, kode: str, unit: str, months, flow, target_q):
    rows, sd = [], 0.0
    for m in months:
        value = flow(m)
        sd = sd + value if kode == "IK-02" else value
        rows.append({
            "opd": "DISPERSIP-BLG", "tahun": tahun, "periode": "tahunan", "kode": kode,
            "unit": unit, "bulan": m, "nama_bulan": NAMA_BULAN[m - 1],
            "triwulan": (m - 1) // 3 + 1, "realisasi": float(value), "pembilang": float("nan"),
            "penyebut": float("nan"), "dilaporkan": True, "realisasi_sd": float(sd),
            "target_sd": float(target_q[(m - 1) // 3]),
        })
    return rows


def _write_tree(root) -> Paths:
    """pk.parquet for 2022-2024; tahunan/bulanan.parquet for 2023 (from March) and 2024."""
    paths = Paths(root)
    for tahun, pk_rows in PK.items():
        d = paths.processed_year(tahun)
        d.mkdir(parents=True)
        pd.DataFrame(pk_rows, columns=["kode", "indikator", "satuan", "unit", "agregasi"]
                     ).assign(tahun=tahun).to_parquet(d / "pk.parquet")
    rows = (
        _bulanan_rows(2023, "IK-01", "PUS", range(3, 13), lambda m: 50 + m, [52, 56, 59, 62])
        + _bulanan_rows(2023, "IK-02", "ARS-PEN", range(3, 13), lambda m: 100.0 * m,
                        [300, 1500, 3000, 5000])
        + _bulanan_rows(2024, "IK-01", "PUS", range(1, 13), lambda m: 60 + m / 2,
                        [61, 63, 64, 66])
        + _bulanan_rows(2024, "IK-02", "ARS-PEN", range(1, 13), lambda m: 1234.5,
                        [3000, 7000, 11000, 15000])
    )
    b = pd.DataFrame(rows)
    for tahun in (2023, 2024):
        d = store.period_dir(paths, tahun, "tahunan")
        d.mkdir(parents=True)
        b[b["tahun"] == tahun].to_parquet(d / "bulanan.parquet")
    return paths


@pytest.fixture
def tree(tmp_path):
    return _write_tree(tmp_path)


def _title(out_widget) -> str:
    (o,) = out_widget.outputs
    return o["data"][MIME]["layout"]["title"]["text"]


def _traces(out_widget) -> list[dict]:
    (o,) = out_widget.outputs
    return o["data"][MIME]["data"]


# --------------------------------------------------------------------------- data


def test_series_stacks_years_and_joins_pk(tree):
    df = eksplorasi.series(tree)
    assert list(df.columns) == eksplorasi.SERIES_COLUMNS
    # 2022 has a PK but no annual table: skipped, and reported as missing
    assert sorted(df["tahun"].unique()) == [2023, 2024]
    assert eksplorasi.years_without_series(tree) == [2022]
    assert len(df) == 2 * 10 + 2 * 12
    assert list(df[["kode", "tahun", "bulan"]].itertuples(index=False, name=None)) == sorted(
        df[["kode", "tahun", "bulan"]].itertuples(index=False, name=None))
    ik2 = df[df["kode"] == "IK-02"]
    assert set(ik2.loc[ik2["tahun"] == 2023, "indikator"]) == {"Arsip lama"}
    assert set(ik2.loc[ik2["tahun"] == 2024, "indikator"]) == {"Arsip <b>baru</b>"}
    assert set(ik2["unit"]) == {"ARS-PEN"} and set(ik2["satuan"]) == {"berkas"}
    # values come back from Parquet unchanged: 2023 IK-02 is 300 + 400 + ... + 1200 by December
    dec = ik2[(ik2["tahun"] == 2023) & (ik2["bulan"] == 12)].iloc[0]
    assert dec["realisasi_sd"] == sum(100.0 * m for m in range(3, 13)) == 7500.0


def test_series_of_empty_tree_has_columns(tmp_path):
    df = eksplorasi.series(Paths(tmp_path))
    assert df.empty and list(df.columns) == eksplorasi.SERIES_COLUMNS


def test_filter_series_by_unit_kode_and_period(tree):
    df = eksplorasi.series(tree)
    tw2 = eksplorasi.filter_series(df, kode="IK-01", periode_kode="tw2")
    assert sorted(set(tw2["bulan"])) == [4, 5, 6] and set(tw2["tahun"]) == {2023, 2024}
    assert set(tw2["kode"]) == {"IK-01"}
    # Triwulan I of 2023 only has March (the year started in March)
    tw1 = eksplorasi.filter_series(df, unit="ARS-PEN", periode_kode="tw1")
    assert sorted(tw1.loc[tw1["tahun"] == 2023, "bulan"]) == [3]
    assert set(tw1["unit"]) == {"ARS-PEN"}
    s2 = eksplorasi.filter_series(df, unit="", kode=None, periode_kode="s2")
    assert len(s2) == 4 * 6
    assert eksplorasi.filter_series(df, unit="SEKRE").empty
    with pytest.raises(PeriodError):
        eksplorasi.filter_series(df, periode_kode="tw5")


def test_choices_use_latest_name_and_registry_order(tree):
    df = eksplorasi.series(tree)
    assert eksplorasi.indicator_choices(df) == [
        ("IK-01 Nilai TGM", "IK-01"), ("IK-02 Arsip <b>baru</b>", "IK-02")]
    assert eksplorasi.indicator_choices(df, "PUS") == [("IK-01 Nilai TGM", "IK-01")]
    assert eksplorasi.indicator_choices(df, "SEKRE") == []
    # the sample office's settings list PUS before ARS-PEN
    assert eksplorasi.unit_choices(df, sample_settings().organisasi) == [
        ("Semua unit", ""), ("Bidang Perpustakaan", "PUS"), ("Seksi Pengelolaan Arsip", "ARS-PEN")]


# --------------------------------------------------------------------------- figure


def test_trend_figure_one_line_per_year_with_target(tree):
    df = eksplorasi.series(tree)
    fig = eksplorasi.trend_figure(df, "IK-02")
    assert [t.name for t in fig.data] == ["Realisasi 2023", "Target 2023",
                                          "Realisasi 2024", "Target 2024"]
    r24 = fig.data[2]
    assert list(r24.x) == list(NAMA_BULAN)
    assert list(r24.y) == [1234.5 * m for m in range(1, 13)]
    assert r24.customdata[0] == "1.234,5"  # Indonesian hover text
    assert list(fig.data[1].y) == [300, 1500, 1500, 1500, 3000, 3000, 3000, 5000, 5000, 5000]
    assert fig.data[1].line.shape == "hv"
    # latest name, escaped: plotly would otherwise read the unit's <b> as markup
    assert fig.layout.title.text == "IK-02 Arsip &lt;b&gt;baru&lt;/b&gt;"
    assert fig.layout.yaxis.title.text == "Realisasi s.d. bulan (berkas)"
    # 2023 starts in March; January still comes first on the axis
    assert list(fig.layout.xaxis.categoryarray) == list(NAMA_BULAN)
    assert fig.layout.xaxis.categoryorder == "array"
    assert fig.layout.separators == ",."


def test_trend_figure_monthly_values_and_period_axis(tree):
    df = eksplorasi.series(tree)
    sel = eksplorasi.filter_series(df, kode="IK-01", periode_kode="s2")
    fig = eksplorasi.trend_figure(sel, "IK-01", kumulatif=False)
    assert [t.name for t in fig.data] == ["Realisasi 2023", "Realisasi 2024"]
    assert list(fig.data[1].y) == [60 + m / 2 for m in range(7, 13)]
    assert list(fig.layout.xaxis.categoryarray) == list(NAMA_BULAN[6:12])
    assert fig.layout.yaxis.title.text == "Realisasi bulan (poin)"


def test_trend_figure_without_rows_says_so(tree):
    fig = eksplorasi.trend_figure(eksplorasi.series(tree), "IK-99")
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == ["Tidak ada data"]


# --------------------------------------------------------------------------- widgets


def test_build_explorer_redraws_on_every_picker(tree):
    import ipywidgets as w

    box = eksplorasi.build_explorer(tree)
    assert isinstance(box, w.VBox)
    assert box.children[2] is box.indikator and box.children[3] is box.grafik
    assert "2023, 2024" in box.info.value and "2022" in box.info.value  # missing year named
    # the first indicator is selected from the start: the chart is drawn after Run All
    assert box.indikator.value == "IK-01"
    assert _title(box.grafik) == "IK-01 Nilai TGM"
    assert box.grafik.outputs[0]["data"]["text/plain"] == "Grafik: IK-01 Nilai TGM"

    box.indikator.value = "IK-02"
    assert _title(box.grafik) == "IK-02 Arsip &lt;b&gt;baru&lt;/b&gt;"
    table = box.tabel.outputs[0]["data"]["text/html"]
    assert "1.234,5" in table and "Arsip" not in table.split("<caption>")[0]
    assert "&lt;b&gt;" not in table and "<b>" not in table

    box.unit.value = "PUS"  # IK-02 is not a PUS indicator: the picker moves to IK-01
    assert [v for _, v in box.indikator.options] == ["IK-01"]
    assert box.indikator.value == "IK-01" and _title(box.grafik) == "IK-01 Nilai TGM"

    box.periode.value = "tw2"
    traces = _traces(box.grafik)
    assert {tuple(t["x"]) for t in traces} == {("April", "Mei", "Juni")}
    assert "IK-01, Triwulan II" in box.tabel.outputs[0]["data"]["text/html"]

    box.kumulatif.value = False
    assert [t["name"] for t in _traces(box.grafik)] == ["Realisasi 2023", "Realisasi 2024"]

    box.unit.value = ""  # back to all units: the current indicator is kept
    assert box.indikator.value == "IK-01" and len(box.indikator.options) == 2


def test_build_explorer_ignores_report_renderer(tree):
    """The report notebooks set plotly's default renderer to an offline ``notebook``
    renderer; the explorer still hands JupyterLab the plotly mime bundle."""
    from kinerja_lib.reports import render as report

    saved_default, saved_nb = pio.renderers.default, pio.renderers["notebook"]
    try:
        with pd.option_context("display.float_format", None):
            report.setup_notebook_display()
            assert pio.renderers.default == "notebook"
            box = eksplorasi.build_explorer(tree, eksplorasi.series(tree))
            box.indikator.value = "IK-02"
    finally:
        pio.renderers["notebook"] = saved_nb
        pio.renderers.default = saved_default
    (o,) = box.grafik.outputs
    assert set(o["data"]) == {MIME, "text/plain"}
    assert o["data"][MIME]["config"]["displaylogo"] is False


def test_build_explorer_without_data_explains(tmp_path):
    box = eksplorasi.build_explorer(Paths(tmp_path))
    assert "Belum ada data olahan tahunan" in box.info.value
    assert "kinerja validasi --tahun" in box.info.value
    assert box.unit.disabled and box.indikator.disabled
    assert box.grafik.outputs == ()
    assert "Tidak ada indikator" in box.tabel.outputs[0]["data"]["text/plain"]


def test_setup_display_formats_floats_indonesian():
    with pd.option_context("display.float_format", None, "display.max_columns", 20):
        eksplorasi.setup_display()
        text = repr(pd.DataFrame({"x": [1234.5]}))
    assert "1.234,5" in text
    assert "1.234,5" not in repr(pd.DataFrame({"x": [1234.5]}))  # restored


# --------------------------------------------------------------------------- sample + engine


@pytest.fixture(scope="module")
def sample_paths(tmp_path_factory):
    """The sample, ingested, with the engine's annual tables of 2023 and 2024 (about 6 s)."""
    from kinerja_lib.io.sample import write_sample

    settings = sample_settings()
    paths = Paths(tmp_path_factory.mktemp("eksplorasi_sample"))
    write_sample(paths, (2023, 2024))
    for tahun in (2023, 2024):
        store.save_year(ingest.read_year(paths, tahun, settings).data, paths)
        store.compute_and_write_year(paths, tahun, settings, periods=[tahunan(tahun)])
    return paths


def test_series_matches_engine_tables_on_sample(sample_paths):
    df = eksplorasi.series(sample_paths)
    for tahun in (2023, 2024):
        b = store.load_period_tables(sample_paths, tahun, "tahunan")["bulanan"]
        mine = df[df["tahun"] == tahun].sort_values(["kode", "bulan"]).reset_index(drop=True)
        theirs = b.sort_values(["kode", "bulan"]).reset_index(drop=True)
        assert len(mine) == len(theirs) > 0
        for col in ("kode", "unit", "bulan", "realisasi", "realisasi_sd", "target_sd"):
            pd.testing.assert_series_equal(mine[col], theirs[col], check_names=False,
                                           check_dtype=False)
    pk = pd.read_parquet(sample_paths.processed_year(2024) / "pk.parquet")
    assert set(df["kode"]) == set(pk["kode"])
    assert df["indikator"].notna().all() and df["satuan"].notna().all()


def test_explorer_on_sample_every_unit_draws(sample_paths):
    box = eksplorasi.build_explorer(sample_paths)
    seen = set()
    for _, unit in box.unit.options[1:]:
        box.unit.value = unit
        kode = box.indikator.value
        assert kode and {v for _, v in box.indikator.options} == set(
            box.data.loc[box.data["unit"] == unit, "kode"])
        title = _title(box.grafik)
        assert title.startswith(kode + " ")
        assert any(t["name"] == "Realisasi 2024" for t in _traces(box.grafik))
        seen.add(title)
    assert len(seen) == len(box.unit.options) - 1  # each unit shows its own indicator


def test_trend_figure_leaves_a_gap_at_an_unreported_month(tree):
    df = eksplorasi.series(tree)
    gap = (df["kode"] == "IK-02") & (df["tahun"] == 2024) & (df["bulan"] == 5)
    df.loc[gap, "dilaporkan"] = False
    fig = eksplorasi.trend_figure(df, "IK-02")
    r24 = fig.data[2]
    assert r24.y[4] is None and r24.y[3] == 1234.5 * 4 and r24.y[5] == 1234.5 * 6
    assert r24.connectgaps is False


# --------------------------------------------------------------------------- jupytext header


def test_jupytext_round_trip_keeps_the_notebooks_byte_identical():
    """Opening and saving a notebook with Jupytext (as JupyterLab does, with the repository's
    ``jupytext.toml``) leaves each tracked ``notebooks/*.py`` byte-identical."""
    from pathlib import Path

    import jupytext
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_config

    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "notebooks").glob("*.py"))
    assert len(files) >= 7
    for f in files:
        assert Path(find_jupytext_configuration_file(str(f.parent))) == root / "jupytext.toml"
        config = load_jupytext_config(str(f))
        text = f.read_bytes()
        nb = jupytext.reads(text.decode("utf-8"), fmt="py:percent")
        nb.metadata.setdefault("jupytext", {}).setdefault("text_representation", {}).update(
            format_version="9.9", jupytext_version="0.0.0")  # what a save would stamp
        out = jupytext.writes(nb, fmt="py:percent", config=config).encode("utf-8")
        assert out == text, f.name
        assert b"jupytext_version" not in text and b"notebook_metadata_filter" not in text
