"""Templates: write real workbooks, read them back with openpyxl."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError
from kinerja_lib.io.contract_doc import contract_markdown
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.io.templates import (
    read_pk_light,
    write_monthly_template,
    write_pk_workbook,
)
from kinerja_lib.ui import commands

S = sample_settings()

PK_ROWS = [
    {"kode": "IK-01", "kode_sasaran": "SS-1", "sasaran": "Meningkatnya literasi",
     "indikator": "Jumlah kunjungan perpustakaan", "satuan": "orang", "unit": "PUS-LAY",
     "polaritas": "positif", "metode_negatif": None, "agregasi": "kumulatif",
     "target_tahunan": 42000, "baseline": 36870.0, "target_renstra": 50000,
     "tahun_renstra": 2026, "kode_kegiatan": "2.23.02.2.01", "iku": True},
    {"kode": "IK-02", "kode_sasaran": "SS-1", "sasaran": "Meningkatnya literasi",
     "indikator": "Persentase pengunjung layanan digital", "satuan": "%", "unit": "PUS-LAY",
     "polaritas": "positif", "metode_negatif": None, "agregasi": "rasio",
     "target_tahunan": 30.0, "baseline": 21.4, "target_renstra": 40, "tahun_renstra": 2026,
     "kode_kegiatan": "2.23.02.2.01", "iku": False},
    {"kode": "IK-03", "kode_sasaran": "SS-2", "sasaran": "Tertib arsip",
     "indikator": "Nilai pengawasan kearsipan", "satuan": "nilai", "unit": "ARS",
     "polaritas": "negatif", "metode_negatif": "B", "agregasi": "posisi_akhir",
     "target_tahunan": 75.0, "baseline": 66.4, "target_renstra": 80, "tahun_renstra": 2026,
     "kode_kegiatan": "2.24.02.2.03", "iku": "Ya"},
]
RA_ROWS = [
    {"kode": "IK-01", "indikator": "Jumlah kunjungan perpustakaan", "jenis_target":
     "per_triwulan", "target_tw1": 9000, "target_tw2": 11000, "target_tw3": 12000,
     "target_tw4": 10000},
]
ANG_ROWS = [
    {"kode_kegiatan": "2.23.02.2.01", "program": "Program Pembinaan Perpustakaan",
     "kegiatan": "Pengelolaan Perpustakaan", "unit": "PUS-LAY", "pagu": 786_400_000},
    {"kode_kegiatan": "2.24.02.2.03", "program": "Program Pengelolaan Arsip",
     "kegiatan": "Simpul Jaringan", "unit": "Bidang Kearsipan", "pagu": 238_900_000},
]


def _dv_by_col(ws) -> dict[str, object]:
    """Data validations keyed by the column letter of their (single-range) sqref."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        ref = str(dv.sqref).split(":")[0]
        out[ref.rstrip("0123456789")] = dv
    return out


def _letter(spec, name):
    return "ABCDEFGHIJKLMNOP"[[col.name for col in spec.columns].index(name)]


@pytest.fixture
def pk_file(tmp_path) -> Path:
    return write_pk_workbook(tmp_path / "perjanjian_kinerja_2024.xlsx", PK_ROWS, RA_ROWS,
                             ANG_ROWS, S)


def test_pk_workbook_sheets_headers_and_values(pk_file):
    wb = load_workbook(pk_file)
    assert wb.sheetnames == ["Perjanjian Kinerja", "Rencana Aksi", "Anggaran", "Petunjuk"]
    for spec in (c.PK_SHEET, c.RA_SHEET, c.ANGGARAN_SHEET):
        ws = wb[spec.name]
        assert [ws.cell(1, j + 1).value for j in range(len(spec.columns))] == spec.headers
        assert ws.freeze_panes == "A2"
        assert ws.cell(1, 1).font.b
        for j, col in enumerate(spec.columns, start=1):
            assert ws.column_dimensions["ABCDEFGHIJKLMNOP"[j - 1]].width == col.width
    ws = wb["Perjanjian Kinerja"]
    row3 = {col.name: ws.cell(4, j).value for j, col in enumerate(c.PK_SHEET.columns, start=1)}
    assert row3["agregasi"] == "posisi akhir"  # label, not code
    assert row3["unit"] == "Bidang Kearsipan"  # code written as official name
    assert row3["metode_negatif"] == "B"
    assert row3["iku"] == "Ya"
    assert ws.cell(2, 15).value == "Ya" and ws.cell(3, 15).value == "Tidak"  # bool -> Ya/Tidak
    assert ws.cell(2, 10).value == 42000 and ws.cell(2, 10).number_format == "#,##0"
    assert ws.cell(3, 10).number_format == "#,##0.00"
    assert ws.cell(2, 8).value is None  # blank metode for positif


def test_pk_workbook_validations(pk_file):
    wb = load_workbook(pk_file)
    ws = wb["Perjanjian Kinerja"]
    dvs = _dv_by_col(ws)
    assert dvs[_letter(c.PK_SHEET, "polaritas")].formula1 == '"positif,negatif"'
    assert dvs[_letter(c.PK_SHEET, "metode_negatif")].formula1 == '"A,B"'
    assert dvs[_letter(c.PK_SHEET, "agregasi")].formula1 == \
        '"kumulatif,posisi akhir,rata-rata,rasio"'
    assert dvs[_letter(c.PK_SHEET, "iku")].formula1 == '"Ya,Tidak"'
    tt = dvs[_letter(c.PK_SHEET, "target_tahunan")]
    assert (tt.type, tt.operator, tt.formula1) == ("decimal", "greaterThanOrEqual", "0")
    th = dvs[_letter(c.PK_SHEET, "tahun_renstra")]
    assert (th.type, th.formula1, th.formula2) == ("whole", "2000", "2100")
    # the unit dropdown points at a list on Petunjuk holding every name and code
    unit_dv = dvs[_letter(c.PK_SHEET, "unit")]
    sheet, rng = unit_dv.formula1.split("!")
    assert sheet == "Petunjuk"
    first, last = rng.replace("$", "").split(":")
    items = [row[0].value for row in wb["Petunjuk"][f"{first}:{last}"]]
    assert set(items) == {u.nama for u in sample_settings().units} | {u.kode for u in sample_settings().units}
    # validations cover the filled rows plus spare rows
    assert str(tt.sqref).endswith(str(1 + len(PK_ROWS) + 30))
    ra = _dv_by_col(wb["Rencana Aksi"])
    assert ra[_letter(c.RA_SHEET, "jenis_target")].formula1 == \
        '"per triwulan,kumulatif s.d. triwulan"'
    assert wb["Rencana Aksi"]["C2"].value == "per triwulan"
    assert ra["A"].formula1.startswith("'Perjanjian Kinerja'!$A$2")
    assert ra["A"].errorStyle == "warning"
    ang = _dv_by_col(wb["Anggaran"])
    assert ang[_letter(c.ANGGARAN_SHEET, "unit")].formula1.startswith("Petunjuk!")


def test_pk_workbook_protection_and_print(pk_file):
    wb = load_workbook(pk_file)
    for name in ("Perjanjian Kinerja", "Rencana Aksi", "Anggaran", "Petunjuk"):
        ws = wb[name]
        assert ws.protection.sheet is True
        assert not ws.protection.password  # documented: no password
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1
    ws = wb["Perjanjian Kinerja"]
    assert ws.cell(1, 1).protection.locked is True
    assert ws.cell(2, 1).protection.locked is False
    assert ws.cell(1 + len(PK_ROWS) + 30, 3).protection.locked is False  # spare row
    assert ws.print_title_rows == "$1:$1"


def test_blank_pk_template_and_petunjuk(tmp_path):
    p = write_pk_workbook(tmp_path / "perjanjian_kinerja_2025_templat.xlsx", [], [], [], S)
    wb = load_workbook(p)
    ws = wb["Perjanjian Kinerja"]
    assert ws.max_row >= 201 and ws["A2"].value is None
    assert ws["A200"].protection.locked is False
    text = " ".join(str(v) for row in wb["Petunjuk"].iter_rows(values_only=True) for v in row
                    if v is not None)
    assert "2025" in text and "per triwulan" in text and "kata sandi" in text
    assert wb.properties.created == dt.datetime(2025, 1, 1)


def _indicators():
    return [
        {"kode": "IK-07", "indikator": "Jumlah kunjungan", "satuan": "orang",
         "agregasi": "kumulatif", "unit": "PUS-LAY"},
        {"kode": "IK-08", "indikator": "Persentase pengunjung digital", "satuan": "%",
         "agregasi": "rasio", "unit": "Seksi Layanan dan Pelestarian Bahan Pustaka"},
        {"kode": "IK-16", "indikator": "Nilai pengawasan", "satuan": "nilai",
         "agregasi": "posisi akhir", "unit": "ARS"},
    ]


def _kegiatan():
    return [{"kode_kegiatan": "2.23.02.2.01", "kegiatan": "Pengelolaan Perpustakaan",
             "pagu": 786_400_000, "unit": "PUS-LAY"},
            {"kode_kegiatan": "2.24.02.2.03", "kegiatan": "Simpul Jaringan",
             "pagu": 238_900_000, "unit": "ARS"}]


def test_monthly_template_blank(tmp_path):
    p = tmp_path / "PUS-LAY_2024-03.xlsx"
    layout = write_monthly_template(p, "PUS-LAY", 2024, 3, _indicators(), _kegiatan(), S)
    wb = load_workbook(p)
    assert wb.sheetnames == ["Identitas", "Realisasi", "Anggaran", "Petunjuk"]
    ident = wb["Identitas"]
    labels = {ident.cell(r, 1).value: ident.cell(r, 2)
              for r in range(1, len(c.IDENTITAS_SHEET.fields) + 1)}
    assert [f.header for f in c.IDENTITAS_SHEET.fields] == list(labels)
    assert labels["Kode OPD"].value == S.kode_opd
    assert labels["Unit"].value == "Seksi Layanan dan Pelestarian Bahan Pustaka"
    assert labels["Tahun"].value == 2024 and labels["Bulan"].value == 3
    assert labels["Tanggal Kirim"].value is None
    assert labels["Unit"].protection.locked and not labels["Tanggal Kirim"].protection.locked
    assert ident.protection.sheet

    ws = wb["Realisasi"]
    assert [ws.cell(1, j + 1).value for j in range(10)] == c.REALISASI_SHEET.headers
    # only this unit's indicators (by code or by name), in order; agregasi shown as label
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["IK-07", "IK-08"]
    assert ws.cell(4, 1).value is None
    assert ws["D2"].value == "kumulatif" and ws["D3"].value == "rasio"
    assert layout.realisasi_rows == {"IK-07": 2, "IK-08": 3}
    assert layout.cell("Realisasi", "IK-08", "penyebut") == "G3"
    # locked prefilled, unlocked input; pembilang/penyebut only for rasio
    assert ws["A2"].protection.locked and ws["B2"].protection.locked
    assert not ws["E2"].protection.locked and not ws["H2"].protection.locked
    assert ws["F2"].protection.locked and ws["F2"].fill.fgColor.rgb.endswith("BFBFBF")
    assert not ws["F3"].protection.locked and not ws["G3"].protection.locked
    assert ws.protection.sheet and ws.cell(1, 1).protection.locked
    dvs = _dv_by_col(ws)
    assert dvs["E"].type == "decimal" and dvs["E"].formula1 == "0"
    assert ws.freeze_panes == "C2"

    ang = wb["Anggaran"]
    assert [ang.cell(2, j).value for j in (1, 3)] == ["2.23.02.2.01", 786_400_000]
    assert ang["C2"].protection.locked and not ang["D2"].protection.locked
    assert ang.cell(3, 1).value is None

    text = " ".join(str(v) for row in wb["Petunjuk"].iter_rows(values_only=True) for v in row
                    if v is not None)
    assert "5 April 2024" in text  # due date from settings.hari_batas_laporan
    for word in ("1.234,5", "kumulatif", "posisi akhir", "rata-rata", "rasio",
                 "jangan mengganti nama lembar"):
        assert word.lower() in text.lower()


def test_monthly_template_due_day_follows_settings(tmp_path):
    p = tmp_path / "ARS_2024-12.xlsx"
    write_monthly_template(p, "ARS", 2024, 12, _indicators(), _kegiatan(),
                           S.with_(hari_batas_laporan=10))
    wb = load_workbook(p)
    text = " ".join(str(v) for row in wb["Petunjuk"].iter_rows(values_only=True) for v in row
                    if v is not None)
    assert "10 Januari 2025" in text


def test_monthly_template_values(tmp_path):
    p = tmp_path / "PUS-LAY_2024-02.xlsx"
    values = {
        "tanggal_kirim": dt.date(2024, 3, 4), "pengisi": "Siti",
        "unit": "seksi layanan",
        "realisasi": {"IK-07": {"realisasi": "3.412", "kendala": "Hujan", "bukti": "Buku tamu"},
                      "IK-08": {"realisasi": 29.5, "pembilang": 1000.0, "penyebut": 3390.0}},
        "anggaran": {"2.23.02.2.01": 45_000_000},
    }
    layout = write_monthly_template(p, "PUS-LAY", 2024, 2, _indicators(), _kegiatan(), S,
                                    values=values)
    wb = load_workbook(p)
    ident = wb["Identitas"]
    assert ident[layout.cell("Identitas", "tanggal_kirim")].value == dt.datetime(2024, 3, 4)
    assert ident[layout.cell("Identitas", "unit")].value == "seksi layanan"
    ws = wb["Realisasi"]
    assert ws[layout.cell("Realisasi", "IK-07", "realisasi")].value == "3.412"  # kept as text
    assert ws[layout.cell("Realisasi", "IK-07", "kendala")].value == "Hujan"
    assert ws[layout.cell("Realisasi", "IK-08", "pembilang")].value == 1000
    assert ws[layout.cell("Realisasi", "IK-08", "realisasi")].value == 29.5
    assert wb["Anggaran"][layout.cell("Anggaran", "2.23.02.2.01", "realisasi_anggaran")].value \
        == 45_000_000


def test_files_are_byte_deterministic(tmp_path):
    a = write_pk_workbook(tmp_path / "a" / "perjanjian_kinerja_2024.xlsx", PK_ROWS, RA_ROWS,
                          ANG_ROWS, S)
    b = write_pk_workbook(tmp_path / "b" / "perjanjian_kinerja_2024.xlsx", PK_ROWS, RA_ROWS,
                          ANG_ROWS, S)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    # no clock anywhere: document times and zip entry times are the fixed year start
    props = load_workbook(a).properties
    assert props.created == props.modified == dt.datetime(2024, 1, 1)
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}


def test_read_pk_light_round_trip(pk_file):
    ind, keg = read_pk_light(pk_file, S.organisasi)
    assert list(ind["kode"]) == ["IK-01", "IK-02", "IK-03"]
    assert list(ind["agregasi"]) == ["kumulatif", "rasio", "posisi_akhir"]
    assert list(ind["unit"]) == ["PUS-LAY", "PUS-LAY", "ARS"]
    assert list(keg["unit"]) == ["PUS-LAY", "ARS"]
    assert keg["pagu"].tolist() == [786_400_000, 238_900_000]


def test_read_pk_light_names_bad_cell(tmp_path):
    rows = [dict(PK_ROWS[0], unit="Bidang Antah Berantah")]
    p = write_pk_workbook(tmp_path / "perjanjian_kinerja_2024.xlsx", rows, [], [], S)
    with pytest.raises(UserError) as exc:
        read_pk_light(p, S.organisasi)
    msg = str(exc.value)
    assert "perjanjian_kinerja_2024.xlsx" in msg and "Perjanjian Kinerja" in msg
    assert "F2" in msg and "Bidang Antah Berantah" in msg


def _args(**kw):
    base = {"tahun": 2024, "bulan": None, "unit": None, "keluaran": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_cli_templat_without_pk_writes_only_the_blank_pk_form(tmp_path, capsys):
    paths = Paths(tmp_path)
    assert commands.templat(_args(), paths, S) == 0
    out = paths.templates_out / "2024"
    assert sorted(p.name for p in out.iterdir()) == ["perjanjian_kinerja_2024_templat.xlsx"]
    wb = load_workbook(out / "perjanjian_kinerja_2024_templat.xlsx")
    assert {"Perjanjian Kinerja", "Rencana Aksi", "Anggaran"} <= set(wb.sheetnames)
    text = capsys.readouterr().out
    assert "belum ada" in text and str(paths.pk_workbook(2024)) in text


def test_cli_templat_writes_per_unit_month(tmp_path, capsys):
    paths = Paths(tmp_path)
    write_pk_workbook(paths.pk_workbook(2024), PK_ROWS, RA_ROWS, ANG_ROWS, S)
    assert commands.templat(_args(bulan=[1, 2], unit=["PUS-LAY", "Bidang Kearsipan"]), paths, S) == 0
    out = paths.templates_out / "2024"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ARS_2024-01.xlsx", "ARS_2024-02.xlsx", "PUS-LAY_2024-01.xlsx",
                     "PUS-LAY_2024-02.xlsx", "perjanjian_kinerja_2024_templat.xlsx"]
    wb = load_workbook(out / "ARS_2024-02.xlsx")
    assert wb["Realisasi"]["A2"].value == "IK-03" and wb["Realisasi"]["A3"].value is None
    assert wb["Anggaran"]["A2"].value == "2.24.02.2.03"
    assert "4 laporan progres bulanan (2 unit x 2 bulan)" in capsys.readouterr().out
    with pytest.raises(UserError, match="tidak dikenal"):
        commands.templat(_args(unit=["XYZ"]), paths, S)
    with pytest.raises(UserError, match="Bulan 13"):
        commands.templat(_args(bulan=[13]), paths, S)
    custom = tmp_path / "keluar"
    commands.templat(_args(bulan=[12], unit=["SEKRE"], keluaran=str(custom)), paths, S)
    assert (custom / "SEKRE_2024-12.xlsx").exists()


def test_contract_doc_is_generated_from_contract():
    doc = Path(__file__).resolve().parents[1] / "docs" / "kontrak-data.md"
    text = contract_markdown()
    assert doc.read_text(encoding="utf-8") == text, (
        "docs/kontrak-data.md is out of date: run .venv/bin/python -c "
        "'from kinerja_lib.io.contract_doc import write_contract_doc; write_contract_doc()'")
    for col in c.REALISASI_SHEET.columns:
        assert col.header in text
    for kode in c.ATURAN:
        assert f"`{kode}`" in text
    for u in sample_settings().units:
        assert u.nama in text and all(a in text for a in u.alias)


def test_templat_without_unit_writes_only_units_with_indicators(tmp_path, capsys):
    paths = Paths(tmp_path)
    write_pk_workbook(paths.pk_workbook(2024), PK_ROWS, RA_ROWS, ANG_ROWS, S)
    owners = {r["unit"] for r in PK_ROWS}
    assert commands.templat(_args(bulan=[1]), paths, S) == 0
    made = {p.name.split("_")[0] for p in (paths.templates_out / "2024").glob("*_2024-01.xlsx")}
    assert made == owners and made < set(S.organisasi.kodes)
