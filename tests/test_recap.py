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
    assert wb.sheetnames == ["Capaian", "Rekap Realisasi", "Realisasi Bulanan",
                             "Realisasi Anggaran", "Anggaran Bulanan", "Kualitas Data",
                             "Karantina", "Pengiriman", "Keterangan"]
    ws = wb["Rekap Realisasi"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Kode", "Indikator Kinerja"]
    assert "Jan" in header and "Des" in header
    assert ws["A1"].font.b and ws.freeze_panes == "C2"
    assert ws.auto_filter.ref.startswith("A1:")
    rows = {(r[0], r[header.index("Unit")]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {("IK-01", "PUS-LAY"), ("IK-02", "PUS-LAY"), ("IK-03", "ARS-PEN"),
                         ("IK-04", "ARS-PEN")}
    ik3 = rows[("IK-03", "ARS-PEN")]
    assert ik3[header.index("Jan")] == 101 and ik3[header.index("Mar")] == 103
    assert ik3[header.index("Apr")] is None and ik3[header.index("Bulan Terisi")] == 3
    ik2 = rows[("IK-02", "PUS-LAY")]
    assert ik2[header.index("Jan")] == pytest.approx(11 / 21 * 100)
    # number formats: a percentage with two decimals
    jan = header.index("Jan") + 1
    row_ik2 = [r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "IK-02"][0]
    assert ws.cell(row_ik2, jan).number_format == excel.FMT_ANGKA
    ang = wb["Realisasi Anggaran"]
    ah = [c.value for c in ang[1]]
    kg2 = [r for r in ang.iter_rows(min_row=2, values_only=True) if r[0] == "KG-02"][0]
    assert kg2[ah.index("Pagu (Rp)")] == 50_000_000
    assert kg2[ah.index("Jumlah (Rp)")] == 1_000_000 + 2_000_000 + 3_000_000
    assert kg2[ah.index("Triwulan I (Rp)")] == 1_000_000 + 2_000_000 + 3_000_000
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
    statuses = [r[5] for r in peng.iter_rows(min_row=2, values_only=True)]
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


# --------------------------------------------------------------------------- the sample's recap

ENGLISH = ("error", "warning", "unit_", "code", "value", "month", "total", "file", "sheet",
           "row", "target_", "rule")
COUNTS = ("orang", "eksemplar", "judul", "berkas", "kegiatan", "perpustakaan")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample office, both years validated the way ``kinerja validasi`` does."""
    import datetime as dt

    from kinerja_lib.io.sample import write_sample
    from kinerja_lib.io.validasi import validate_year

    paths = Paths(tmp_path_factory.mktemp("rekap_sample"))
    write_sample(paths, (2023, 2024))
    for tahun in (2023, 2024):
        validate_year(paths, tahun, sample_settings(), 12, dt.date(tahun + 1, 1, 10))
    return paths


def test_sample_recap_is_indonesian_printable_and_matches_the_engine(sample):
    from kinerja_lib.io import store

    wb = _load(sample.processed_year(2024) / "rekap_2024.xlsx")
    assert wb.sheetnames[0] == "Capaian"
    for ws in wb.worksheets:
        # print setup: A4 landscape, one page wide, header row repeated
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        widths = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width or 8.43
                     for j in range(1, ws.max_column + 1))
        # printable A4 landscape width ~149 default-font characters; >= 8 pt of 11 pt
        assert 149 / widths >= 8 / 11, (ws.title, widths)
        if ws.title == "Keterangan":
            continue
        head = 3 if ws.title == "Capaian" else 1
        assert ws.print_title_rows == f"${head}:${head}", ws.title
        assert ws.freeze_panes and int(ws.freeze_panes[1:] if ws.freeze_panes[1].isdigit()
                                       else ws.freeze_panes[2:]) == head + 1
        for c in ws[head]:
            assert c.value and "_" not in c.value, (ws.title, c.value)
            assert not any(w in c.value.lower().split() for w in ENGLISH), c.value
    kual = wb["Kualitas Data"]
    vals = [c.value for row in kual.iter_rows(min_row=2) for c in row[:1] + row[4:5]]
    assert vals and not any("_" in v for v in vals if isinstance(v, str))
    assert {c.value for c in kual["A"][1:]} <= {"Galat", "Peringatan"}

    # the capaian sheet: the engine's tahunan tables, unchanged
    tables = store.load_period_tables(sample, 2024, "tahunan")
    cap, sas = tables["capaian"].set_index("kode"), tables["sasaran"].set_index("kode_sasaran")
    ws = wb["Capaian"]
    hdr = [c.value for c in ws[3]]
    assert hdr == ["Kode", "Indikator Kinerja / Sasaran", "Satuan", "Unit", "Target",
                   "Realisasi", "Capaian (%)", "Predikat", "Keterangan"]
    seen = set()
    for row in ws.iter_rows(min_row=4):
        kode = row[0].value
        if kode in cap.index:
            e = cap.loc[kode]
            assert row[4].value == pytest.approx(e["target_sd"])
            assert row[5].value == pytest.approx(e["realisasi_sd"])
            assert row[6].value == pytest.approx(e["capaian_sd"])
            assert row[7].value == e["predikat"]
            if e["satuan"] in COUNTS and float(e["realisasi_sd"]).is_integer():
                assert row[5].number_format == excel.FMT_RIBUAN, (kode, e["satuan"])
            elif e["satuan"] in ("%", "poin", "nilai", "indeks"):
                assert row[5].number_format == excel.FMT_ANGKA, (kode, e["satuan"])
            assert row[6].number_format == excel.FMT_ANGKA
            assert row[7].fill.fgColor.rgb.endswith(recap._PREDIKAT_TINTS[0]) \
                if e["predikat"] == "Sangat Tinggi" else True
            seen.add(kode)
        elif kode in sas.index or kode == "Jumlah":
            e = sas.loc["OPD" if kode == "Jumlah" else kode]
            assert row[6].value == pytest.approx(e["capaian_sd"]) and row[7].value == e["predikat"]
            assert row[0].font.b
            seen.add(kode)
    assert set(cap.index) | set(sas.index) - {"OPD"} | {"Jumlah"} == seen
    assert "orang" in set(cap["satuan"]) and "%" in set(cap["satuan"])


def test_validasi_gives_the_explorer_every_year(sample):
    from kinerja_lib.reports import explorer

    assert explorer.years_without_series(sample) == []
    assert set(explorer.series(sample)["tahun"]) == {2023, 2024}
