"""Chart builders: data in the traces, predikat colours, Indonesian formats, empty/NaN input."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from kinerja_lib.domain.settings import PREDIKAT_LAMPU, PREDIKAT_PERMENDAGRI_86
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.reports import charts

NAN = float("nan")


@pytest.fixture
def capaian():
    return pd.DataFrame({
        "kode": ["IK-01", "IK-02", "IK-03", "IK-04", "IK-05"],
        "indikator": ["Persentase pengunjung <script>alert(1)</script>", "Jumlah koleksi",
                      "Nilai TGM", "Arsip terdigitalisasi", "Indeks kepuasan"],
        "satuan": ["%", "eksemplar", "poin", "%", "poin"],
        "unit": ["PUS-LAY", "PUS-LAY", "PUS-BIN", "ARS-PEN", "SEKRE"],
        "target_sd": [40.0, 1500.0, 60.0, 30.0, 0.0],
        "realisasi_sd": [38.0, 1700.0, 45.0, 10.0, NAN],
        "target_periode": [20.0, 750.0, 60.0, 15.0, 0.0],
        "realisasi_periode": [18.0, 900.0, 45.0, 5.0, NAN],
        "target_tahunan": [80.0, 3000.0, 65.0, 60.0, 0.0],
        "capaian_sd": [95.0, 100.0, 75.0, 33.3, NAN],
        "predikat": ["Sangat Tinggi", "Sangat Tinggi", "Sedang", "Sangat Rendah", None],
        "dinilai": [True, True, True, True, False],
    })


def _trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert found, f"no trace {name!r} in {[t.name for t in fig.data]}"
    return found[0]


def _is_empty_fig(fig):
    texts = [a.text for a in fig.layout.annotations]
    return isinstance(fig, go.Figure) and not fig.data and any("Tidak ada data" in t for t in texts)


def test_capaian_predikat_colours_by_band_and_legend_order(capaian):
    fig = charts.capaian_predikat(capaian, PREDIKAT_PERMENDAGRI_86)
    labels = [label for _, label in PREDIKAT_PERMENDAGRI_86]
    assert [t.name for t in fig.data] == labels + [charts.TIDAK_DINILAI]
    colours = charts.predikat_colours(PREDIKAT_PERMENDAGRI_86)
    for t in fig.data:
        assert t.marker.color == colours[t.name]
    top = _trace(fig, "Sangat Tinggi")
    assert list(top.x) == [95.0, 100.0]
    assert top.y[0].startswith("IK-01")
    assert list(top.text) == ["95%", "100%"]
    low = _trace(fig, "Sangat Rendah")
    assert list(low.text) == ["33,3%"]  # Indonesian decimal comma
    assert colours["Sangat Tinggi"] != colours["Sangat Rendah"]
    nd = _trace(fig, charts.TIDAK_DINILAI)
    assert list(nd.text) == ["tidak dapat dinilai"] and nd.y[0].startswith("IK-05")
    # empty bands still appear in the legend, without drawn values
    assert list(_trace(fig, "Tinggi").x) == [None]
    assert fig.layout.separators == ",."


def test_capaian_predikat_derives_band_from_value_when_predikat_missing(capaian):
    df = capaian.drop(columns=["predikat", "dinilai"])
    fig = charts.capaian_predikat(df, PREDIKAT_LAMPU)
    assert [t.name for t in fig.data] == ["Hijau", "Kuning", "Merah", charts.TIDAK_DINILAI]
    assert list(_trace(fig, "Hijau").x) == [95.0, 100.0]
    assert list(_trace(fig, "Kuning").x) == [75.0]
    assert list(_trace(fig, "Merah").x) == [33.3]
    assert len(_trace(fig, charts.TIDAK_DINILAI).y) == 1


def test_labels_from_workbooks_are_escaped(capaian):
    fig = charts.capaian_predikat(capaian, PREDIKAT_PERMENDAGRI_86)
    all_labels = [y for t in fig.data for y in t.y]
    assert not any("<script" in y for y in all_labels)
    assert any("&lt;script&gt;" in y for y in all_labels)


def test_target_vs_realisasi_scales_to_annual_target_and_prints_values(capaian):
    fig = charts.target_vs_realisasi(capaian)
    target, real = _trace(fig, "Target"), _trace(fig, "Realisasi")
    assert fig.layout.barmode == "group"
    assert target.x[1] == pytest.approx(50.0)  # 1500 of 3000
    assert real.x[1] == pytest.approx(1700 / 3000 * 100)
    assert real.text[1] == "1.700 eksemplar"
    assert target.text[0] == "40%"
    # target tahunan 0 and realisasi NaN: drawn at 0 and said so
    assert real.x[4] == 0 and "tidak dapat dinilai" in real.text[4]
    per = charts.target_vs_realisasi(capaian, basis="periode")
    assert _trace(per, "Realisasi").text[1] == "900 eksemplar"


def test_tren_bulanan_target_steps_and_projection():
    bul = pd.DataFrame({
        "kode": ["IK-02"] * 6 + ["IK-01"] * 6,
        "bulan": list(range(1, 7)) * 2,
        "nama_bulan": ["Januari"] * 12,
        "realisasi": [200.0] * 12,
        "realisasi_sd": [200, 450, 800, 1100, 1400, 1700.0] + [1.0] * 6,
        "target_sd": [750, 750, 750, 1500, 1500, 1500.0] + [2.0] * 6,
    })
    hist = {2023: pd.DataFrame({"kode": ["IK-02"] * 12, "bulan": list(range(1, 13)),
                                "realisasi_sd": [150.0 * i for i in range(1, 13)]})}
    proj = pd.Series({"kode": "IK-02", "proyeksi_akhir_tahun": 3400.0,
                      "target_tahunan": 3000.0, "berisiko": False})
    fig = charts.tren_bulanan(bul, "IK-02", proj, hist, satuan="eksemplar")
    real = _trace(fig, "Realisasi s.d. bulan")
    assert list(real.y) == [200, 450, 800, 1100, 1400, 1700.0]
    assert list(real.x) == ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"]
    assert real.text[-1] == "1.700"
    target = _trace(fig, "Target s.d. bulan")
    assert target.line.shape == "hv"
    p = _trace(fig, "Proyeksi akhir tahun")
    assert list(p.x) == ["Jun", "Des"] and list(p.y) == [1700.0, 3400.0]
    assert len(_trace(fig, "Realisasi 2023").y) == 12
    assert any(a.text == "Target tahunan 3.000" for a in fig.layout.annotations)
    assert fig.layout.separators == ",."
    # a risky projection is flagged in the legend
    risky = charts.tren_bulanan(bul, "IK-02", {**proj.to_dict(), "berisiko": True})
    assert _trace(risky, "Proyeksi akhir tahun (berisiko)")


def test_tren_bulanan_unknown_code_or_nan_projection():
    bul = pd.DataFrame({"kode": ["IK-02"], "bulan": [1], "realisasi_sd": [NAN],
                        "target_sd": [5.0]})
    assert _is_empty_fig(charts.tren_bulanan(bul, "IK-99"))
    fig = charts.tren_bulanan(bul, "IK-02", {"proyeksi_akhir_tahun": NAN,
                                             "target_tahunan": NAN})
    assert [t.name for t in fig.data] == ["Target s.d. bulan", "Realisasi s.d. bulan"]
    json.loads(fig.to_json())


def test_heatmap_unit_by_indicator(capaian):
    fig = charts.heatmap_unit_indikator(capaian, nama_unit=sample_settings().nama_unit)
    hm = fig.data[0]
    assert hm.type == "heatmap"
    assert list(hm.x) == ["IK-01", "IK-02", "IK-03", "IK-04", "IK-05"]
    assert len(hm.y) == 4  # ARS-PEN, PUS-BIN, PUS-LAY, SEKRE
    z = [list(r) for r in hm.z]
    row = [i for i, y in enumerate(hm.y) if y.startswith("Seksi Layanan")][0]
    assert z[row][:2] == [95.0, 100.0] and math.isnan(z[row][2])
    sek = [i for i, y in enumerate(hm.y) if y == "Sekretariat"][0]
    assert math.isnan(z[sek][4]) and hm.text[sek][4] == ""
    ars = [i for i, y in enumerate(hm.y) if y == "Seksi Pengelolaan Arsip"][0]
    assert hm.text[ars][3] == "33,3"


def test_kuadran_anggaran_classes_and_reference_lines():
    ang = pd.DataFrame({
        "kode_kegiatan": ["K1", "K2", "K3", "K4"],
        "kegiatan": ["A", "B", "C", "D"],
        "pagu": [5e8, 3e8, 2.5e8, 0.0],
        "serapan_sd": [45.0, 70.0, 30.0, NAN],
        "capaian_rata": [80.0, 60.0, 33.0, 50.0],
        "efisiensi": ["efisien", "tidak efisien", "cukup efisien", "tidak dapat dinilai"],
    })
    fig = charts.kuadran_anggaran(ang, ambang=5)
    eff = _trace(fig, "Efisien")
    assert list(eff.x) == [45.0] and list(eff.y) == [80.0]
    assert eff.marker.color == charts.EFISIENSI_COLOURS["efisien"]
    assert list(_trace(fig, "Tidak efisien").text) == ["K2"]
    assert "Tidak dapat dinilai" not in [t.name for t in fig.data]
    diag = _trace(fig, "Capaian = serapan")
    assert list(diag.x) == list(diag.y)
    assert "1 kegiatan tidak dapat dinilai" in fig.layout.title.text
    assert len(fig.layout.shapes) == 2  # 100 % lines


@pytest.mark.parametrize("builder", [
    lambda df: charts.target_vs_realisasi(df),
    lambda df: charts.capaian_predikat(df, PREDIKAT_PERMENDAGRI_86),
    lambda df: charts.tren_bulanan(df, "IK-01"),
    lambda df: charts.heatmap_unit_indikator(df),
    lambda df: charts.kuadran_anggaran(df),
])
@pytest.mark.parametrize("empty", [None, pd.DataFrame(),
                                   pd.DataFrame(columns=["kode", "unit", "capaian_sd"])])
def test_empty_input_gives_tidak_ada_data(builder, empty):
    fig = builder(empty)
    assert _is_empty_fig(fig)


def test_all_nan_capaian_is_drawn_not_raised(capaian):
    df = capaian.assign(capaian_sd=NAN, dinilai=False, predikat=None)
    fig = charts.capaian_predikat(df, PREDIKAT_PERMENDAGRI_86)
    assert len(_trace(fig, charts.TIDAK_DINILAI).y) == 5
    hm = charts.heatmap_unit_indikator(df)
    assert any("Tidak ada capaian" in a.text for a in hm.layout.annotations)
    for f in (fig, hm, charts.target_vs_realisasi(df.assign(target_tahunan=NAN))):
        json.loads(f.to_json())


def test_tren_bulanan_draws_a_gap_not_a_carried_value():
    # May not reported: the engine's realisasi_sd there is April's (a carried 1100), the chart
    # must show a gap with a "belum dilaporkan" marker instead
    bul = pd.DataFrame({
        "kode": ["IK-02"] * 6, "bulan": list(range(1, 7)),
        "dilaporkan": [True, True, True, True, False, True],
        "realisasi_sd": [200, 450, 800, 1100, 1100, 1400.0],
        "target_sd": [750, 750, 750, 1500, 1500, 1500.0],
    })
    proj = {"proyeksi_akhir_tahun": 3360.0, "target_tahunan": 3000.0, "berisiko": False}
    fig = charts.tren_bulanan(bul, "IK-02", proj, satuan="eksemplar")
    real = _trace(fig, "Realisasi s.d. bulan")
    assert list(real.x) == ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"]
    assert list(real.y) == [200, 450, 800, 1100, None, 1400.0]
    assert real.connectgaps is False
    assert real.text[4] == ""
    gap = _trace(fig, "Belum dilaporkan")
    assert list(gap.x) == ["Mei"] and list(gap.y) == [0.0]  # on the axis, not at a value
    assert gap.mode == "markers" and "open" in gap.marker.symbol
    assert list(gap.hovertext) == ["Mei: belum dilaporkan"]
    # the projection starts from the latest reported month
    assert list(_trace(fig, "Proyeksi akhir tahun").x) == ["Jun", "Des"]
    json.loads(fig.to_json())
    # the last month missing: the projection starts from April, the line ends there
    last = bul.assign(dilaporkan=[True] * 4 + [False, False])
    fig = charts.tren_bulanan(last, "IK-02", proj)
    assert list(_trace(fig, "Realisasi s.d. bulan").y)[4:] == [None, None]
    assert list(_trace(fig, "Belum dilaporkan").x) == ["Mei", "Jun"]
    p = _trace(fig, "Proyeksi akhir tahun")
    assert list(p.x) == ["Apr", "Des"] and list(p.y) == [1100.0, 3360.0]
    # an earlier year's line (engine.annual_trend has ``dilaporkan`` too) gets its gap
    hist = pd.DataFrame({"tahun": 2023, "kode": "IK-02", "bulan": range(1, 13),
                         "realisasi_sd": [150.0 * i for i in range(1, 12)] + [1650.0],
                         "dilaporkan": [True] * 11 + [False]})
    h = _trace(charts.tren_bulanan(bul, "IK-02", history=hist), "Realisasi 2023")
    assert list(h.y)[-2:] == [1650.0, None] and h.connectgaps is False
    # every month reported: no gap trace
    full = charts.tren_bulanan(bul.assign(dilaporkan=True), "IK-02")
    assert "Belum dilaporkan" not in [t.name for t in full.data]
    assert None not in list(_trace(full, "Realisasi s.d. bulan").y)
