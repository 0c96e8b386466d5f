"""Small valid workbooks written straight from ``contract`` and generators of broken ones.

Independent of ``templates``/``sample`` on purpose: ingest is tested against the contract.
Every builder writes real ``.xlsx`` files with openpyxl under a ``Paths`` root.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

from kinerja_lib.domain import contract as c
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import sample_settings
from kinerja_lib.io.settings_file import settings_toml

TAHUN = 2024

PK_ROWS = [
    {"kode": "IK-01", "kode_sasaran": "SS-1", "sasaran": "Meningkatnya minat baca",
     "indikator": "Jumlah kunjungan perpustakaan", "satuan": "orang", "unit": "PUS-LAY",
     "polaritas": "positif", "metode_negatif": None, "agregasi": "kumulatif",
     "target_tahunan": 1200, "baseline": 1000, "target_renstra": 2000, "tahun_renstra": 2026,
     "kode_kegiatan": "KG-01", "iku": "Ya"},
    {"kode": "IK-02", "kode_sasaran": "SS-1", "sasaran": "Meningkatnya minat baca",
     "indikator": "Persentase koleksi terolah", "satuan": "%", "unit": "Seksi Layanan dan "
     "Pelestarian Bahan Pustaka", "polaritas": "positif", "metode_negatif": None,
     "agregasi": "rasio", "target_tahunan": 80, "baseline": 70, "target_renstra": 90,
     "tahun_renstra": 2026, "kode_kegiatan": "KG-01", "iku": "Tidak"},
    {"kode": "IK-03", "kode_sasaran": "SS-2", "sasaran": "Tertibnya pengelolaan arsip",
     "indikator": "Indeks pengelolaan arsip", "satuan": "poin", "unit": "ARS-PEN",
     "polaritas": "positif", "metode_negatif": None, "agregasi": "posisi akhir",
     "target_tahunan": 60, "baseline": 40, "target_renstra": 80, "tahun_renstra": 2026,
     "kode_kegiatan": "KG-02", "iku": "Ya"},
    {"kode": "IK-04", "kode_sasaran": "SS-2", "sasaran": "Tertibnya pengelolaan arsip",
     "indikator": "Jumlah arsip rusak", "satuan": "berkas", "unit": "ARS-PEN",
     "polaritas": "negatif", "metode_negatif": None, "agregasi": "rata-rata",
     "target_tahunan": 10, "baseline": 12, "target_renstra": 5, "tahun_renstra": 2026,
     "kode_kegiatan": None, "iku": None},
]

RA_ROWS = [
    {"kode": "IK-01", "indikator": "Jumlah kunjungan perpustakaan", "jenis_target": "per triwulan",
     "target_tw1": 300, "target_tw2": 300, "target_tw3": 300, "target_tw4": 300},
    {"kode": "IK-02", "indikator": "Persentase koleksi terolah",
     "jenis_target": "kumulatif s.d. triwulan", "target_tw1": 20, "target_tw2": 40,
     "target_tw3": 60, "target_tw4": 80},
    {"kode": "IK-03", "indikator": "Indeks pengelolaan arsip", "jenis_target": "kumulatif",
     "target_tw1": 45, "target_tw2": 50, "target_tw3": 55, "target_tw4": 60},
    {"kode": "IK-04", "indikator": "Jumlah arsip rusak", "jenis_target": "per triwulan",
     "target_tw1": 10, "target_tw2": 10, "target_tw3": 10, "target_tw4": 10},
]

ANGGARAN_ROWS = [
    {"kode_kegiatan": "KG-01", "program": "Program Pengembangan Budaya Baca",
     "kegiatan": "Pelayanan perpustakaan", "unit": "PUS-LAY", "pagu": 100_000_000},
    {"kode_kegiatan": "KG-02", "program": "Program Pengelolaan Arsip",
     "kegiatan": "Pengelolaan arsip statis", "unit": "ARS-PEN", "pagu": 50_000_000},
]

# indicators and kegiatan each unit reports
UNIT_KODE = {"PUS-LAY": ["IK-01", "IK-02"], "ARS-PEN": ["IK-03", "IK-04"]}
UNIT_KEGIATAN = {"PUS-LAY": ["KG-01"], "ARS-PEN": ["KG-02"]}


def _sheet(wb: openpyxl.Workbook, spec: c.SheetSpec, rows: list[dict]):
    ws = wb.create_sheet(spec.name)
    ws.append(spec.headers)
    for r in rows:
        ws.append([r.get(col.name) for col in spec.columns])
    return ws


def pk_workbook(pk_rows=None, ra_rows=None, ang_rows=None) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(wb, c.PK_SHEET, PK_ROWS if pk_rows is None else pk_rows)
    _sheet(wb, c.RA_SHEET, RA_ROWS if ra_rows is None else ra_rows)
    _sheet(wb, c.ANGGARAN_SHEET, ANGGARAN_ROWS if ang_rows is None else ang_rows)
    return wb


def write_pk(paths: Paths, tahun: int = TAHUN, wb: openpyxl.Workbook | None = None) -> Path:
    path = paths.pk_workbook(tahun)
    path.parent.mkdir(parents=True, exist_ok=True)
    (wb or pk_workbook()).save(path)
    return path


def realisasi_rows(unit: str, bulan: int) -> list[dict]:
    """Valid realisation rows for a unit's indicators (deterministic values)."""
    rows = []
    for kode in UNIT_KODE[unit]:
        pk = next(p for p in PK_ROWS if p["kode"] == kode)
        r = {"kode": kode, "indikator": pk["indikator"], "satuan": pk["satuan"],
             "agregasi": pk["agregasi"], "kendala": None, "tindak_lanjut": None, "bukti": None}
        if pk["agregasi"] == "rasio":
            r.update(pembilang=10 + bulan, penyebut=20 + bulan)
        else:
            r["realisasi"] = 100 + bulan
        rows.append(r)
    return rows


def anggaran_rows(unit: str, bulan: int) -> list[dict]:
    return [{"kode_kegiatan": k, "kegiatan": "x", "pagu": None,
             "realisasi_anggaran": 1_000_000 * bulan} for k in UNIT_KEGIATAN[unit]]


def monthly_workbook(unit: str, bulan: int, tahun: int = TAHUN,
                     tanggal_kirim=None, real=None, ang=None,
                     identitas: dict | None = None) -> openpyxl.Workbook:
    """A valid monthly workbook; ``identitas`` overrides Identitas values by field name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = c.IDENTITAS_SHEET.name
    if tanggal_kirim is None:
        tanggal_kirim = dt.datetime(tahun + (bulan == 12), bulan % 12 + 1, 3)
    vals = {"opd": "DISPERSIP-BLG", "unit": unit, "tahun": tahun, "bulan": bulan,
            "tanggal_kirim": tanggal_kirim, "pengisi": "Petugas"}
    vals.update(identitas or {})
    for f in c.IDENTITAS_SHEET.fields:
        if f.name in vals and vals[f.name] is not _OMIT:
            ws.append([f.header, vals[f.name]])
    _sheet(wb, c.REALISASI_SHEET, realisasi_rows(unit, bulan) if real is None else real)
    _sheet(wb, c.REALISASI_ANGGARAN_SHEET, anggaran_rows(unit, bulan) if ang is None else ang)
    wb.create_sheet(c.PETUNJUK_SHEET_NAME).append(["Isi kolom Realisasi."])
    return wb


_OMIT = object()
OMIT = _OMIT
"""Use as an ``identitas`` value to drop that Identitas row."""


def monthly_path(paths: Paths, unit: str, bulan: int, tahun: int = TAHUN,
                 name: str | None = None) -> Path:
    folder = paths.monthly_dir(tahun)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (name or c.bulanan_filename(unit, tahun, bulan))


def write_monthly(paths: Paths, unit: str, bulan: int, tahun: int = TAHUN,
                  name: str | None = None, wb: openpyxl.Workbook | None = None,
                  **kw) -> Path:
    path = monthly_path(paths, unit, bulan, tahun, name)
    (wb or monthly_workbook(unit, bulan, tahun, **kw)).save(path)
    return path


def write_settings(paths: Paths) -> None:
    """The sample office's data/pengaturan.toml (its units), unless the project has one."""
    if not paths.settings_file.exists():
        paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file.write_text(settings_toml(sample_settings()), encoding="utf-8")


def make_year(paths: Paths, tahun: int = TAHUN, months=(1, 2, 3),
              units=("PUS-LAY", "ARS-PEN")) -> None:
    """A clean year: PK workbook plus one valid monthly file per unit and month, in a project
    whose data/pengaturan.toml declares the sample office's units."""
    write_settings(paths)
    write_pk(paths, tahun)
    for u in units:
        for b in months:
            write_monthly(paths, u, b, tahun)


def workbook_bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- broken files

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def chart_only_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(3):
        ws.append([i, i * 2])
    cs = wb.create_chartsheet("Grafik")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, max_col=2, min_row=1, max_row=3))
    cs.add_chart(chart)
    wb.remove(ws)
    return wb


def docx_like_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def ods_like_zip() -> bytes:
    """The skeleton of an OpenDocument spreadsheet (what LibreOffice saves by default)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def realisasi_ws(wb):
    return wb[c.REALISASI_SHEET.name]


def col_letter(spec: c.SheetSpec, name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([col.name for col in spec.columns].index(name) + 1)


REAL = c.REALISASI_SHEET
E = col_letter(REAL, "realisasi")   # realisasi column letter
F = col_letter(REAL, "pembilang")
G = col_letter(REAL, "penyebut")


# --------------------------------------------------------------------------- invariant oracle

_MONTHLY_TABLES = {"realisasi": c.REALISASI_SHEET.name,
                   "realisasi_anggaran": c.REALISASI_ANGGARAN_SHEET.name}
_PK_TABLES = {"pk": c.PK_SHEET.name, "ra": c.RA_SHEET.name, "anggaran": c.ANGGARAN_SHEET.name}


def _count_rows_oracle(path: Path, tables: dict[str, str]) -> dict[str, int]:
    """Non-empty rows (row >= 2) per expected sheet, read independently of ingest."""
    out = dict.fromkeys(tables, 0)
    data = path.read_bytes()
    if path.suffix.lower() == ".xls" or not data.startswith(b"PK"):
        return out
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - unreadable: nothing read
        return out
    wanted = {c._norm(v): k for k, v in tables.items()}
    done = set()
    for ws in wb.worksheets:
        k = wanted.get(c._norm(ws.title))
        if k is None or k in done:
            continue
        done.add(k)
        n = 0
        for row in ws.iter_rows(min_row=2):
            if any(cell.value is not None and str(cell.value).strip() for cell in row):
                n += 1
        out[k] = n
    return out


def assert_invariant(result, paths: Paths, tahun: int = TAHUN, oracle: bool = True) -> None:
    """rows read = accepted + quarantined (+ superseded by a revision) per sheet type,
    checked three ways.

    1. the counts reported by ingest add up;
    2. accepted/quarantined counts equal the rows actually in the frames;
    3. rows read equal an independent count of non-empty rows in the files (skipped with
       ``oracle=False``, for a file whose processing was made to fail on purpose).
    """
    d = result.data
    counts = result.counts
    for j, v in counts.items():
        assert v["dibaca"] == v["diterima"] + v["dikarantina"] + v["digantikan"], (j, v)
    pk_rel = paths.pk_workbook(tahun).relative_to(paths.raw).as_posix()
    frames = {"pk": d.pk, "ra": d.ra, "anggaran": d.anggaran, "realisasi": d.realisasi,
              "realisasi_anggaran": d.realisasi_anggaran}
    for j, df in frames.items():
        n = df.groupby(["sumber_file", "sumber_baris"]).ngroups if len(df) else 0
        assert n == counts[j]["diterima"], (j, n, counts[j])
        assert len(df) == (4 * n if j == "ra" else n)
    k = d.karantina
    sheet_norm = k["sumber_sheet"].map(c._norm)
    is_pk = k["sumber_file"] == pk_rel
    for j, name in {**_PK_TABLES, **_MONTHLY_TABLES}.items():
        sel = (is_pk if j in _PK_TABLES else ~is_pk) & (sheet_norm == c._norm(name))
        assert int(sel.sum()) == counts[j]["dikarantina"], (j, int(sel.sum()), counts[j])
    if not oracle:
        return
    oracle = dict.fromkeys(counts, 0)
    pk_path = paths.pk_workbook(tahun)
    for j, n in _count_rows_oracle(pk_path, _PK_TABLES).items():
        oracle[j] += n
    from kinerja_lib.io.ingest import monthly_files

    for p in monthly_files(paths, tahun):
        for j, n in _count_rows_oracle(p, _MONTHLY_TABLES).items():
            oracle[j] += n
    assert oracle == {j: v["dibaca"] for j, v in counts.items()}, (oracle, counts)
