"""Chart builders: data in the traces, predikat colours, Indonesian formats, empty/NaN input."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from kinerja_lib.domain.settings import PREDIKAT_LAMPU, PREDIKAT_PERMENDAGRI_86
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.reports import chart_parts, charts, summary

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
    short = _trace(fig, charts.REALISASI_BURUK)
    assert fig.layout.barmode == "group"
    assert target.x[1] == pytest.approx(50.0)  # 1500 of 3000
    # IK-02 1.700 >= 1.500 is on target; IK-01, IK-03, IK-04 are below theirs
    assert real.y[0].startswith("IK-02") and real.x[0] == pytest.approx(1700 / 3000 * 100)
    assert real.text[0] == "1.700 eksemplar"
    assert [y[:5] for y in short.y] == ["IK-01", "IK-03", "IK-04"]
    assert target.text[0] == "40%"
    # target tahunan 0 and realisasi NaN: drawn at 0 and said so
    assert real.x[1] == 0 and "tidak dapat dinilai" in real.text[1]
    per = charts.target_vs_realisasi(capaian, basis="periode")
    assert _trace(per, "Realisasi").text[0] == "900 eksemplar"


def test_target_vs_realisasi_reads_right_for_a_negatif_indicator():
    # IK-21 arsip rusak: 14 against a ceiling of 10 is bad although its bar is the longer;
    # IK-22: 6 against a ceiling of 10 is good although shorter
    df = pd.DataFrame({"kode": ["IK-21", "IK-22"], "indikator": ["Arsip rusak", "Arsip hilang"],
                       "satuan": ["berkas", "berkas"], "polaritas": ["negatif", "negatif"],
                       "target_sd": [10.0, 10.0], "realisasi_sd": [14.0, 6.0],
                       "target_tahunan": [20.0, 20.0]})
    fig = charts.target_vs_realisasi(df)
    bad, good = _trace(fig, charts.REALISASI_BURUK), _trace(fig, "Realisasi")
    assert bad.y[0].startswith("IK-21") and good.y[0].startswith("IK-22")
    assert "makin rendah makin baik" in bad.y[0]
    assert bad.marker.color != good.marker.color
    assert _trace(fig, "Target / batas").text[0] == "batas 10 berkas"
    assert "makin rendah makin baik" in fig.layout.title.text


def test_long_indicator_names_are_wrapped_not_cut():
    name = "Persentase perpustakaan desa dan sekolah yang dibina dan memenuhi standar nasional"
    df = pd.DataFrame({"kode": ["IK-01"], "indikator": [name], "satuan": ["%"],
                       "target_sd": [10.0], "realisasi_sd": [9.0], "target_tahunan": [20.0]})
    label = charts.target_vs_realisasi(df).data[0].y[0]
    assert "…" not in label and "<br>" in label
    assert label.replace("<br>", " ") == f"IK-01 · {name}"


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
    assert target.line.shape == "hv" and target.xaxis == "x2"
    # month m covers m - 1.5 .. m - 0.5 on the hidden numeric axis (Jan = 0): the TW I -> TW II
    # step is at the March/April boundary (2.5 there, "3.5" in month numbers), not on April
    steps = list(zip(target.x, target.y, strict=True))
    assert steps[2] == (1.5, 750) and steps[3] == (2.5, 1500)
    assert steps[-1] == (5.5, 1500)
    assert fig.layout.xaxis2.range == (-0.5, 11.5) and fig.layout.xaxis2.overlaying == "x"
    p = _trace(fig, "Proyeksi akhir tahun")
    assert list(p.x) == ["Jun", "Des"] and list(p.y) == [1700.0, 3400.0]
    assert len(_trace(fig, "Realisasi 2023").y) == 12
    # the annual target is a legend entry, not a label over the data labels
    assert list(_trace(fig, "Target tahunan 3.000").y) == [3000.0, 3000.0]
    assert not fig.layout.annotations or all("Target" not in a.text
                                             for a in fig.layout.annotations)
    # counts from 200: the axis starts at 0
    assert fig.layout.yaxis.range is None and fig.layout.yaxis.rangemode == "tozero"
    assert fig.layout.separators == ",."
    # a risky projection is flagged in the legend
    risky = charts.tren_bulanan(bul, "IK-02", {**proj.to_dict(), "berisiko": True})
    assert _trace(risky, "Proyeksi akhir tahun (berisiko)")


def test_tren_bulanan_index_axis_not_forced_to_zero_and_negatif_named_batas():
    # an index between 51 and 62 on a 0-based axis looks flat: the axis spans the values
    bul = pd.DataFrame({"kode": ["IK-02"] * 6, "bulan": list(range(1, 7)),
                        "dilaporkan": [True] * 4 + [False, True],
                        "realisasi_sd": [51, 52, 53, 55, 55, 58.0],
                        "target_sd": [52, 52, 52, 55, 55, 55.0]})
    proj = {"proyeksi_akhir_tahun": 62.0, "target_tahunan": 61.0, "berisiko": False}
    fig = charts.tren_bulanan(bul, "IK-02", proj, satuan="poin")
    lo, hi = fig.layout.yaxis.range
    assert 45 < lo < 51 and 62 < hi < 70
    assert list(_trace(fig, "Belum dilaporkan").y) == [lo]  # at the bottom of the axis
    neg = charts.tren_bulanan(bul, "IK-02", proj, satuan="hari", polaritas="negatif")
    assert _trace(neg, "Batas s.d. bulan") and _trace(neg, "Batas tahunan 61")
    assert "makin rendah makin baik" in neg.layout.title.text


def test_tren_bulanan_unknown_code_or_nan_projection():
    bul = pd.DataFrame({"kode": ["IK-02"], "bulan": [1], "realisasi_sd": [NAN],
                        "target_sd": [5.0]})
    assert _is_empty_fig(charts.tren_bulanan(bul, "IK-99"))
    fig = charts.tren_bulanan(bul, "IK-02", {"proyeksi_akhir_tahun": NAN,
                                             "target_tahunan": NAN})
    assert [t.name for t in fig.data] == ["Target s.d. bulan", "Realisasi s.d. bulan"]
    json.loads(fig.to_json())


def test_capaian_per_unit_one_bar_per_unit_coloured_by_predikat(capaian):
    units = summary.ringkasan_unit(capaian, pd.DataFrame({"kode": ["IK-03"],
                                                          "berisiko": [True]}),
                                   sample_settings().organisasi)
    # lowest mean first; SEKRE has nothing assessable
    assert units["unit"].tolist() == ["SEKRE", "ARS-PEN", "PUS-BIN", "PUS-LAY"]
    lay = units.set_index("unit").loc["PUS-LAY"]
    assert lay.capaian_rata == pytest.approx(97.5) and lay.jumlah_indikator == 2
    assert units.set_index("unit").loc["PUS-BIN", "berisiko"] == 1
    fig = charts.capaian_per_unit(units, PREDIKAT_PERMENDAGRI_86)
    bar = fig.data[0]
    assert bar.type == "bar" and len(bar.y) == 4
    assert bar.text[0] == "tidak dapat dinilai" and bar.x[0] == 0
    assert bar.text[2] == "75% · 1 dari 1 berisiko"
    colours = charts.predikat_colours(PREDIKAT_PERMENDAGRI_86)
    assert bar.marker.color[3] == colours["Sangat Tinggi"]
    # 40 units: about 22 px a bar (plus 16 px for each wrapped name line)
    many = pd.concat([units.assign(unit=units["unit"] + str(i),
                                   nama_unit=units["nama_unit"] + f" {i}") for i in range(10)])
    assert charts.capaian_per_unit(many, PREDIKAT_PERMENDAGRI_86).layout.height < 1200


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
    no2 = _trace(fig, "Tidak efisien")
    assert list(no2.text) == ["2"] and no2.hovertext[0].startswith("2. K2 · B")
    keys = " ".join(a.text for a in fig.layout.annotations if a.showarrow is False)
    assert "<b>2</b> K2 B" in keys and "<b>4</b> K4 D (tidak digambar)" in keys
    assert "Tidak dapat dinilai" not in [t.name for t in fig.data]
    diag = _trace(fig, "Capaian = serapan")
    assert list(diag.x) == list(diag.y)
    assert "1 kegiatan tidak dapat dinilai" in fig.layout.title.text
    assert len(fig.layout.shapes) == 2  # 100 % lines


@pytest.mark.parametrize("builder", [
    lambda df: charts.target_vs_realisasi(df),
    lambda df: charts.capaian_predikat(df, PREDIKAT_PERMENDAGRI_86),
    lambda df: charts.tren_bulanan(df, "IK-01"),
    lambda df: charts.capaian_per_unit(df, PREDIKAT_PERMENDAGRI_86),
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
    hm = charts.capaian_per_unit(summary.ringkasan_unit(df), PREDIKAT_PERMENDAGRI_86)
    assert set(hm.data[0].text) == {"tidak dapat dinilai"}
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


def _long_capaian(n: int) -> pd.DataFrame:
    words = "persentase koleksi bahan pustaka daerah yang dilestarikan dan dialihmediakan".split()
    return pd.DataFrame({
        "kode": [f"IK-{i:02d}" for i in range(1, n + 1)],
        # names of 3 to 12 words: one to three wrapped label lines
        "indikator": [" ".join((words * 2)[: 3 + i % 10]) for i in range(n)],
        "capaian_sd": [40.0 + (i * 7) % 80 for i in range(n)],
    })


@pytest.mark.parametrize("n", [27, 40])
def test_capaian_predikat_gives_every_row_the_height_of_its_label(n):
    fig = charts.capaian_predikat(_long_capaian(n), PREDIKAT_PERMENDAGRI_86)
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(labels) == n
    lines = [label.count("<br>") + 1 for label in labels]
    assert max(lines) == 3  # the long names really wrap
    plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    per_row = plot_h / n  # plotly gives every category the same band
    assert all(per_row >= 15.6 * k for k in lines)  # 12 px font, plotly line spacing 1.3
    assert per_row < 80  # and not wastefully tall


def _kuadran_boxes(fig):
    """Pixel boxes of the point labels in the plot area assumed by the placement."""
    w, h = chart_parts.PLOT_PX
    top = fig.layout.xaxis.range[1]
    out = []
    for a in fig.layout.annotations:
        if not a.showarrow:
            continue
        cx, cy = a.x / top * w + a.ax, (1 - a.y / top) * h + a.ay
        tw = 6 * len(a.text.replace("<b>", "").replace("</b>", ""))
        out.append((cx - tw / 2, cy - 6, cx + tw / 2, cy + 6))
    return out


@pytest.mark.parametrize("n", [8, 40])
def test_kuadran_anggaran_labels_do_not_overlap(n):
    # points in two tight clusters, as in a quarter where most kegiatan spend alike
    ang = pd.DataFrame({
        "kode_kegiatan": [f"2.23.0{i % 3}.2.{i:02d}" for i in range(n)],
        "kegiatan": [f"Kegiatan nomor {i} dengan nama yang cukup panjang" for i in range(n)],
        "serapan_sd": [40.0 + (i % 5) * 0.8 if i % 2 else 60 + (i % 4) for i in range(n)],
        "capaian_rata": [50.0 + (i % 7) * 0.6 if i % 2 else 62 + (i % 3) for i in range(n)],
        "efisiensi": ["efisien"] * n,
    })
    fig = charts.kuadran_anggaran(ang)
    boxes = _kuadran_boxes(fig)
    assert sorted(int(a.text[3:-4]) for a in fig.layout.annotations if a.showarrow) \
        == list(range(1, n + 1))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])
    # deterministic, and every kegiatan is in the key with its code
    again = charts.kuadran_anggaran(ang)
    assert [(a.ax, a.ay) for a in fig.layout.annotations] \
        == [(a.ax, a.ay) for a in again.layout.annotations]
    keys = " ".join(a.text for a in fig.layout.annotations if not a.showarrow)
    assert all(f"<b>{i + 1}</b> {k} " in keys for i, k in enumerate(ang["kode_kegiatan"]))
