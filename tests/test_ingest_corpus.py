"""Broken-workbook corpus: each defect gives the expected rule at the right file/sheet/cell,
nothing escapes as an exception, and rows read = accepted + quarantined."""

from __future__ import annotations

import datetime as dt
import random

import corpus
import openpyxl
import pytest
from corpus import TAHUN, E, F, G

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import IngestError
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings

DIR = "2024/bulanan/"


def _wb(unit="PUS-LAY", bulan=2, **kw):
    return corpus.monthly_workbook(unit, bulan, **kw)


def _save(paths, wb, name):
    path = corpus.monthly_path(paths, "x", 0, name=name)
    wb.save(path)
    return name


def _bytes(paths, data: bytes, name):
    corpus.monthly_path(paths, "x", 0, name=name).write_bytes(data)
    return name


# --- case builders: write the defect, return (expected issues, extra checks) ---------------
# expected issue = (aturan, file name, sheet, sel)


def case_wrong_header(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)[f"{E}1"] = "Realisasi Bln"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("kolom_hilang", n, "Realisasi", ""), ("kolom_tambahan", n, "Realisasi", f"{E}1")], \
        {"quarantined": {(n, "Realisasi"): 2}}


def case_text_in_number(paths):
    wb = _wb("ARS-PEN")
    corpus.realisasi_ws(wb)[f"{E}2"] = "dua belas"
    corpus.realisasi_ws(wb)[f"{E}3"] = "7,5"
    n = _save(paths, wb, "ARS-PEN_2024-02.xlsx")
    return [("bukan_angka", n, "Realisasi", f"{E}2"),
            ("angka_sebagai_teks", n, "Realisasi", f"{E}3")], \
        {"quarantined": {(n, "Realisasi"): 1}, "pesan": {"bukan_angka": "dua belas"}}


def case_merged_cells(paths):
    wb = _wb("ARS-PEN")
    ws = corpus.realisasi_ws(wb)
    h = corpus.col_letter(c.REALISASI_SHEET, "kendala")
    i = corpus.col_letter(c.REALISASI_SHEET, "tindak_lanjut")
    ws[f"{h}2"] = "Kurang SDM"
    ws.merge_cells(f"{h}2:{i}2")
    n = _save(paths, wb, "ARS-PEN_2024-02.xlsx")
    return [("sel_gabungan", n, "Realisasi", f"{h}2:{i}2")], {"quarantined": {}}


def case_duplicate_rows(paths):
    wb = _wb()
    ws = corpus.realisasi_ws(wb)
    ws.append([cell.value for cell in ws[2]])
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("baris_ganda", n, "Realisasi", "A4")], {"quarantined": {(n, "Realisasi"): 1}}


def case_unknown_unit(paths):
    n = _save(paths, _wb(identitas={"unit": "Bidang Antah Berantah"}), "PUS-LAY_2024-02.xlsx")
    return [("unit_tidak_dikenal", n, "Identitas", "B2")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1},
         "pesan": {"unit_tidak_dikenal": "Bidang Antah Berantah"}}


def case_month_13(paths):
    n = _save(paths, _wb(identitas={"bulan": 13}), "PUS-LAY_2024-13.xlsx")
    return [("bulan_tidak_sah", n, "Identitas", "B4")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1}, "pesan": {"bulan_tidak_sah": "13"}}


def case_future_year(paths):
    n = _save(paths, _wb(identitas={"tahun": 2030}), "PUS-LAY_2030-02.xlsx")
    return [("tahun_tidak_sesuai", n, "Identitas", "B3")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1},
         "pesan": {"tahun_tidak_sesuai": "2030"}}


def case_negative_count(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)[f"{E}2"] = -5
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("di_luar_rentang", n, "Realisasi", f"{E}2")], \
        {"quarantined": {(n, "Realisasi"): 1}, "pesan": {"di_luar_rentang": "-5"}}


def case_pembilang_gt_penyebut(paths):
    wb = _wb()
    ws = corpus.realisasi_ws(wb)
    ws[f"{F}3"], ws[f"{G}3"] = 30, 20
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("pembilang_lebih_besar", n, "Realisasi", f"{F}3")], \
        {"quarantined": {(n, "Realisasi"): 1}}


def case_rasio_incomplete(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)[f"{G}3"] = None
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("rasio_tidak_lengkap", n, "Realisasi", f"{G}3")], \
        {"quarantined": {(n, "Realisasi"): 1}}


def case_xls(paths):
    n = _bytes(paths, corpus.OLE2_HEADER, "PUS-LAY_2024-02.xls")
    return [("format_xls", n, "", "")], {"quarantined": {}}


def case_ole_named_xlsx(paths):
    n = _bytes(paths, corpus.OLE2_HEADER, "PUS-LAY_2024-02.xlsx")
    return [("format_xls", n, "", "")], {"quarantined": {}}


def case_renamed_txt(paths):
    a = _bytes(paths, b"Laporan bulan Februari\nKunjungan: 120\n", "PUS-LAY_2024-02.xlsx")
    b = _bytes(paths, b"catatan rapat", "catatan.txt")
    return [("bukan_excel", a, "", ""), ("bukan_excel", b, "", "")], \
        {"quarantined": {}, "pesan": {"bukan_excel": "teks"}}


def case_real_xlsx_named_txt(paths):
    n = _save(paths, _wb(), "PUS-LAY_2024-02.txt")
    return [("nama_berkas_tidak_sesuai", n, "", "")], {"quarantined": {}, "accepted_file": n}


def case_zero_byte(paths):
    n = _bytes(paths, b"", "PUS-LAY_2024-02.xlsx")
    return [("berkas_kosong", n, "", "")], {"quarantined": {}}


def case_chart_only(paths):
    n = _save(paths, corpus.chart_only_workbook(), "PUS-LAY_2024-02.xlsx")
    return [("lembar_grafik", n, "", "")], {"quarantined": {}}


def case_formula_without_value(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)[f"{E}2"] = "=1+1"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("rumus_tanpa_nilai", n, "Realisasi", f"{E}2")], \
        {"quarantined": {(n, "Realisasi"): 1}, "pesan": {"rumus_tanpa_nilai": "=1+1"}}


def case_formula_in_identitas(paths):
    wb = _wb()
    wb["Identitas"]["B4"] = "=1+1"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("rumus_tanpa_nilai", n, "Identitas", "B4")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1}}


def case_xlsm(paths):
    n = _save(paths, _wb(), "PUS-LAY_2024-02.xlsm")
    return [("format_xlsm", n, "", "")], {"quarantined": {}, "accepted_file": n}


def case_corrupt_zip(paths):
    data = corpus.workbook_bytes(_wb())
    n = _bytes(paths, data[: len(data) // 2], "PUS-LAY_2024-02.xlsx")
    return [("berkas_rusak", n, "", "")], {"quarantined": {}}


def case_docx_zip(paths):
    n = _bytes(paths, corpus.docx_like_zip(), "PUS-LAY_2024-02.xlsx")
    return [("bukan_excel", n, "", "")], {"quarantined": {}}


def case_ods(paths):
    n = _bytes(paths, corpus.ods_like_zip(), "PUS-LAY_2024-02.ods")
    return [("bukan_excel", n, "", "")], {"quarantined": {}, "pesan": {"bukan_excel": ".ods"}}


def case_missing_identitas(paths):
    wb = _wb()
    del wb["Identitas"]
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("sheet_hilang", n, "", "")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1}}


def case_missing_anggaran_sheet(paths):
    wb = _wb()
    del wb["Anggaran"]
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("sheet_hilang", n, "", "")], {"quarantined": {}, "accepted_file": n}


def case_extra_sheet_and_column(paths):
    wb = _wb()
    wb.create_sheet("Catatan")
    ws = corpus.realisasi_ws(wb)
    ws.cell(1, 11, "Keterangan Lain")
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("sheet_tambahan", n, "Catatan", ""), ("kolom_tambahan", n, "Realisasi", "K1")], \
        {"quarantined": {}, "accepted_file": n}


def case_unit_alias(paths):
    n = _save(paths, _wb(identitas={"unit": "seksi layanan"}), "PUS-LAY_2024-02.xlsx")
    return [("unit_alias", n, "Identitas", "B2")], {"quarantined": {}, "accepted_file": n}


def case_unknown_kode(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)["A2"] = "IK-99"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("kode_tidak_dikenal", n, "Realisasi", "A2")], \
        {"quarantined": {(n, "Realisasi"): 1}, "pesan": {"kode_tidak_dikenal": "IK-99"}}


def case_unknown_kegiatan(paths):
    wb = _wb()
    wb["Anggaran"]["A2"] = "KG-99"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("kode_tidak_dikenal", n, "Anggaran", "A2")], {"quarantined": {(n, "Anggaran"): 1}}


def case_missing_kode(paths):
    wb = _wb()
    corpus.realisasi_ws(wb)["A2"] = None
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("wajib_diisi", n, "Realisasi", "A2")], {"quarantined": {(n, "Realisasi"): 1}}


def case_file_name_mismatch(paths):
    n = _save(paths, _wb(), "laporan februari.xlsx")
    return [("nama_berkas_tidak_sesuai", n, "", "")], \
        {"quarantined": {}, "accepted_file": n,
         "pesan": {"nama_berkas_tidak_sesuai": "PUS-LAY_2024-02.xlsx"}}


def case_missing_tanggal_kirim(paths):
    n = _save(paths, _wb(identitas={"tanggal_kirim": corpus.OMIT}), "PUS-LAY_2024-02.xlsx")
    return [("wajib_diisi", n, "Identitas", "")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1}}


def case_bad_tanggal(paths):
    n = _save(paths, _wb(identitas={"tanggal_kirim": "31/02/2024"}), "PUS-LAY_2024-02.xlsx")
    return [("bukan_tanggal", n, "Identitas", "B5")], \
        {"quarantined": {(n, "Realisasi"): 2, (n, "Anggaran"): 1}}


def case_tanggal_before_month_end(paths):
    n = _save(paths, _wb(tanggal_kirim=dt.datetime(2024, 2, 10)), "PUS-LAY_2024-02.xlsx")
    return [("tanggal_masa_depan", n, "Identitas", "B5")], {"quarantined": {}, "accepted_file": n}


def case_bool_in_number(paths):
    wb = _wb("ARS-PEN")
    corpus.realisasi_ws(wb)[f"{E}2"] = True
    n = _save(paths, wb, "ARS-PEN_2024-02.xlsx")
    return [("bukan_angka", n, "Realisasi", f"{E}2")], {"quarantined": {(n, "Realisasi"): 1}}


def case_bad_header_everything(paths):
    wb = _wb()
    ws = corpus.realisasi_ws(wb)
    ws.insert_rows(1)
    ws["A1"] = "LAPORAN REALISASI"
    n = _save(paths, wb, "PUS-LAY_2024-02.xlsx")
    return [("kolom_hilang", n, "Realisasi", "")], \
        {"quarantined": {(n, "Realisasi"): 3}}


CASES = [v for k, v in sorted(globals().items()) if k.startswith("case_")]


@pytest.mark.parametrize("case", CASES, ids=[f.__name__[5:] for f in CASES])
def test_broken_corpus(tmp_path, case):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    expected, extra = case(paths)
    r = read_year(paths, TAHUN, sample_settings())
    k = r.data.kualitas
    for aturan, name, sheet, sel in expected:
        hit = k[(k.aturan == aturan) & (k.file == DIR + name) & (k.sheet == sheet)
                & (k.sel == sel)]
        assert len(hit) >= 1, f"{aturan} {name}!{sheet}{sel} not in\n{k.to_string()}"
        assert set(hit.tingkat) <= {c.ATURAN[aturan][0]} or aturan == "kolom_hilang"
        assert all(p and p[0].isupper() for p in hit.pesan)
    for aturan, text in extra.get("pesan", {}).items():
        assert k.loc[k.aturan == aturan, "pesan"].str.contains(text, regex=False).any(), \
            (aturan, text, k.to_string())
    kar = r.data.karantina
    for (name, sheet), n in extra["quarantined"].items():
        got = ((kar.sumber_file == DIR + name) & (kar.sumber_sheet == sheet)).sum()
        assert got == n, (name, sheet, got, kar.to_string())
    broken = {DIR + e[1] for e in expected}
    if not extra["quarantined"]:
        assert not kar["sumber_file"].isin(broken).any(), kar.to_string()
    if "accepted_file" in extra:
        assert (DIR + extra["accepted_file"]) in set(r.data.pengiriman["sumber_file"])
    # the clean January files are unaffected
    assert set(r.data.pengiriman.loc[r.data.pengiriman.bulan == 1, "unit"]) == {"PUS-LAY",
                                                                                "ARS-PEN"}
    # every file read is in sumber, the broken one included
    assert broken <= set(r.data.sumber["file"])
    corpus.assert_invariant(r, paths)


def test_merged_text_fills_range(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=())
    case_merged_cells(paths)
    r = read_year(paths, TAHUN, sample_settings())
    row = r.data.realisasi.set_index("kode").loc["IK-03"]
    assert row["kendala"] == "Kurang SDM" and row["tindak_lanjut"] == "Kurang SDM"


def test_pk_merged_sasaran(tmp_path):
    """A Sasaran merged over several indicator rows (common in PK tables) applies to all."""
    paths = Paths(tmp_path)
    wb = corpus.pk_workbook()
    ws = wb[c.PK_SHEET.name]
    col = corpus.col_letter(c.PK_SHEET, "sasaran")
    ws[f"{col}3"] = None
    ws.merge_cells(f"{col}2:{col}3")
    corpus.write_pk(paths, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    assert r.data.pk.set_index("kode").loc["IK-02", "sasaran"] == "Meningkatnya minat baca"
    assert (r.data.kualitas.aturan == "sel_gabungan").sum() == 1


# --- random mutations: no exception escapes, invariant always holds --------------------------

_POOL = [None, "", " ", "-", "abc", -5, 0, 3.5, "1.234,5", "12.5", "85,5%", "=1+1",
         "=SUM(A1:A3)", dt.date(2024, 3, 1), True, "PUS-LAY", "seksi layanan", "IK-01",
         "IK-99", "KG-01", 13, 2030, "Maret", "#DIV/0!", "x" * 300, "@cmd", "+1", 1e308,
         "Realisasi Bulan Ini", "Kode Indikator", "rasio", "negatif"]


def _mutate(wb: openpyxl.Workbook, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 4)):
        sheets = wb.worksheets
        if not sheets:
            return
        ws = rng.choice(sheets)
        op = rng.randrange(10)
        if op <= 4:
            ws.cell(rng.randint(1, 6), rng.randint(1, 11)).value = rng.choice(_POOL)
        elif op == 5:
            r, j = rng.randint(1, 5), rng.randint(1, 9)
            ws.merge_cells(start_row=r, start_column=j, end_row=r + rng.randint(0, 2),
                           end_column=j + rng.randint(0, 2))
        elif op == 6:
            ws.append([cell.value for cell in ws[rng.randint(1, max(ws.max_row, 1))]])
        elif op == 7:
            if rng.random() < 0.3 and len(sheets) > 1:
                wb.remove(ws)
            else:
                ws.title = rng.choice(["realisasi", "Data", "Identitas ", "Sheet9", "ANGGARAN"])
        elif op == 8:
            ws.delete_rows(rng.randint(1, 4))
        else:
            ws.delete_cols(rng.randint(1, 10))


def test_random_mutations_never_crash_and_invariant_holds(tmp_path):
    rng = random.Random(20240101)
    for i in range(30):
        paths = Paths(tmp_path / f"m{i}")
        pk = corpus.pk_workbook()
        if rng.random() < 0.3:
            _mutate(pk, rng)
        try:
            corpus.write_pk(paths, wb=pk)
        except ValueError:  # openpyxl refused to write the mutation (e.g. duplicate title)
            corpus.write_pk(paths)
        for unit, bulan in [("PUS-LAY", 1), ("ARS-PEN", 1), ("PUS-LAY", 2)]:
            wb = corpus.monthly_workbook(unit, bulan)
            _mutate(wb, rng)
            try:
                corpus.write_monthly(paths, unit, bulan, wb=wb)
            except ValueError:
                corpus.write_monthly(paths, unit, bulan)
        try:
            r = read_year(paths, TAHUN, sample_settings())
        except IngestError as exc:  # only a broken PK may stop the run, with a message
            assert "Perjanjian Kinerja" in str(exc)
            continue
        corpus.assert_invariant(r, paths)
        assert set(r.data.kualitas.aturan) <= set(c.ATURAN)


def test_broken_header_gives_no_per_cell_noise(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=())
    case_wrong_header(paths)
    r = read_year(paths, TAHUN, sample_settings())
    assert sorted(r.data.kualitas["aturan"]) == ["kolom_hilang", "kolom_tambahan"]
    alasan = r.data.karantina["alasan"]
    assert len(alasan) == 2 and alasan.str.contains("Realisasi Bulan Ini").all()
