"""Excel recap: content, formatting and formula-injection safety (read back with openpyxl)."""

from __future__ import annotations

import io
import zipfile

import corpus
import openpyxl
import pytest
from corpus import TAHUN

from kinerja_lib.io import excel, recap
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings

NASTY = ["=HYPERLINK(\"http://evil\",\"klik\")", "+62 811", "-kurang SDM", "@SUM(A1)",
         "\tTAB", "\rCR", "=cmd|' /C calc'!A0", "#DIV/0!"]

ORG = sample_settings().organisasi  # the sample office's units


@pytest.fixture
def data(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    real = corpus.realisasi_rows("ARS-PEN", 3)
    real[0]["kendala"] = "placeholder"
    wb = corpus.monthly_workbook("ARS-PEN", 3, real=real)
    ws = corpus.realisasi_ws(wb)
    kol = {n: corpus.col_letter(corpus.REAL, n) for n in ("kendala", "tindak_lanjut", "bukti")}
    # text typed in the unit's workbook (string cells), the way Excel stores '=... typed text
    for i, text in enumerate(NASTY[:3]):
        c = ws[f"{list(kol.values())[i]}2"]
        c.value, c.data_type = text, "s"
    for i, text in enumerate(NASTY[3:6]):
        c = ws[f"{list(kol.values())[i]}3"]
        c.value, c.data_type = text, "s"
    corpus.write_monthly(paths, "ARS-PEN", 3, wb=wb)
    d = read_year(paths, TAHUN, sample_settings()).data
    # and straight into a frame, including characters XML cannot hold
    d.kualitas.loc[len(d.kualitas)] = ["x.xlsx", "Realisasi", "A1", "bukan_angka",
                                       NASTY[6] + "\x07", "error"]
    d.karantina.loc[len(d.karantina)] = ["x.xlsx", "Realisasi", 9, NASTY[7]]
    # leading tab/CR do not survive ingest (text is stripped); put them in a frame directly
    d.karantina.loc[len(d.karantina)] = ["x.xlsx", "Realisasi", 10, NASTY[4]]
    d.karantina.loc[len(d.karantina)] = ["x.xlsx", "Realisasi", 11, NASTY[5]]
    return d


def _load(path):
    return openpyxl.load_workbook(path)


def test_no_formula_survives(tmp_path, data):
    out = recap.write_recap(data, tmp_path / "rekap.xlsx", org=ORG)
    wb = _load(out)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value.startswith(excel.FORMULA_TRIGGERS):
                    assert c.quotePrefix, (ws.title, c.coordinate)
                    seen.add(c.value)
    # XML turns a literal CR into LF on reading; the text is still a plain string
    assert {t.replace("\r", "\n") for t in NASTY[:5]} <= seen, seen
    assert any(c.value == "\nCR" and c.data_type == "s" for c in wb["Karantina"]["D"])
    assert NASTY[6] in seen  # illegal control character removed, text kept
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
    # the error-looking text stays a plain string
    kar = wb["Karantina"]
    vals = [c.value for c in kar["D"]]
    assert "#DIV/0!" in vals
    assert [c for c in kar["D"] if c.value == "#DIV/0!"][0].data_type == "s"


def test_set_cell_on_formula_text_directly():
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, text in enumerate(NASTY, start=1):
        excel.set_cell(ws, i, 1, text)
    excel.set_cell(ws, len(NASTY) + 1, 1, "biasa")
    buf = io.BytesIO()
    wb.save(buf)
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert [back.cell(i, 1).value for i in range(1, len(NASTY) + 1)] == \
        [t.replace("\r", "\n") for t in NASTY]
    assert all(back.cell(i, 1).quotePrefix for i in range(1, 8))
    assert all(back.cell(i, 1).data_type == "s" for i in range(1, len(NASTY) + 2))
    assert back.cell(len(NASTY) + 1, 1).quotePrefix is False


def test_sheets_formatting_and_values(tmp_path, data):
    out = recap.write_recap(data, tmp_path / "sub" / "rekap.xlsx", org=ORG)
    wb = _load(out)
    assert wb.sheetnames == ["Rekap Realisasi", "Realisasi Bulanan", "Realisasi Anggaran",
                             "Kualitas Data", "Karantina", "Pengiriman", "Keterangan"]
    ws = wb["Rekap Realisasi"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kode", "Kode Sasaran", "Sasaran Strategis", "Indikator Kinerja"]
    assert "Januari" in header and "Desember" in header
    assert ws["A1"].font.b and ws.freeze_panes == "E2"
    assert ws.auto_filter.ref.startswith("A1:")
    rows = {(r[0], r[header.index("Unit")]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {("IK-01", "PUS-LAY"), ("IK-02", "PUS-LAY"), ("IK-03", "ARS-PEN"),
                         ("IK-04", "ARS-PEN")}
    ik3 = rows[("IK-03", "ARS-PEN")]
    assert ik3[header.index("Januari")] == 101 and ik3[header.index("Maret")] == 103
    assert ik3[header.index("April")] is None and ik3[header.index("Bulan Terisi")] == 3
    ik2 = rows[("IK-02", "PUS-LAY")]
    assert ik2[header.index("Januari")] == pytest.approx(11 / 21 * 100)
    # number formats
    jan = header.index("Januari") + 1
    assert ws.cell(2, jan).number_format == excel.FMT_ANGKA
    ang = wb["Realisasi Anggaran"]
    ah = [c.value for c in ang[1]]
    kg2 = [r for r in ang.iter_rows(min_row=2, values_only=True) if r[0] == "KG-02"][0]
    assert kg2[ah.index("Pagu (Rp)")] == 50_000_000
    assert kg2[ah.index("Jumlah (Rp)")] == 1_000_000 + 2_000_000 + 3_000_000
    assert ang.cell(2, ah.index("Pagu (Rp)") + 1).number_format == excel.FMT_RUPIAH
    long = wb["Realisasi Bulanan"]
    lh = [c.value for c in long[1]]
    assert long.cell(2, lh.index("Tanggal Kirim") + 1).number_format == excel.FMT_TANGGAL
    assert long.max_row - 1 == len(data.realisasi)
    assert wb["Kualitas Data"].max_row - 1 == len(data.kualitas)


def test_with_tracker_tables(tmp_path, data):
    import datetime as dt

    from kinerja_lib.io import tracker

    st = tracker.submission_status(data.pk, data.pengiriman, TAHUN, 4, sample_settings(),
                                   dt.date(2024, 5, 10))
    out = recap.write_recap(data, tmp_path / "r.xlsx", org=ORG, status=st,
                            ketepatan=tracker.on_time_rate(st))
    wb = _load(out)
    assert "Ketepatan Waktu" in wb.sheetnames
    peng = wb["Pengiriman"]
    statuses = [r[6] for r in peng.iter_rows(min_row=2, values_only=True)]
    assert statuses.count("belum ada") == 2 + 1  # April for both units, March for PUS-LAY
    kt = {r[0]: r for r in wb["Ketepatan Waktu"].iter_rows(min_row=2, values_only=True)}
    assert kt["JUMLAH"][2] == 8


def test_empty_year_recap(tmp_path):
    paths = Paths(tmp_path)
    corpus.write_pk(paths)
    d = read_year(paths, TAHUN, sample_settings()).data
    out = recap.write_recap(d, tmp_path / "r.xlsx", org=ORG)
    ws = _load(out)["Rekap Realisasi"]
    assert ws.max_row == 5  # the four PK indicators, no values yet
