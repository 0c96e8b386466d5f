"""Read one monthly workbook (Laporan Progres Bulanan): sheets Identitas, Realisasi and
Anggaran.

Realisasi and Anggaran go through the one quarantine loop of :mod:`kinerja_lib.io.reader`;
their rows are kept with their errors in :class:`Monthly` and only put into the year once
the Identitas of every file is known (a problem there quarantines every row of the file; a
later submission for the same unit and month, a revision, supersedes it: see
:mod:`kinerja_lib.io.ingest`). The optional Identitas field *Revisi ke-* is ``revisi_ke``
(0 when blank).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils.datetime import from_excel

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import plausibility
from kinerja_lib.domain.numbers import format_number, format_tanggal, parse_tanggal
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import NAMA_BULAN, due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.ingest_pk import PkInfo, known_kode, persen_di_atas_100
from kinerja_lib.io.reader import (
    Book,
    Issues,
    Part,
    RowCheck,
    check_rows,
    code_key,
    header_lookup,
    is_empty,
    match_sheets,
    open_book,
    resolve_unit,
    show,
    unit_problem,
)

_FILENAME = re.compile(r"^(?P<unit>.+?)_(?P<tahun>\d{4})-(?P<bulan>\d{1,2})"
                       r"(?:[ _.-]*rev(?:isi)?[ _.-]*(?:ke[ _.-]*)?\d*)?$", re.IGNORECASE)
"""Standard file name; a revision may add a suffix (``PUS-LAY_2024-01_revisi1.xlsx``)."""


@dataclass
class Monthly:
    """One monthly workbook, read but not yet put into the year."""

    part: Part
    sha256: str
    ident: dict | None = None       # unit, tahun, bulan, tanggal_kirim, revisi_ke (0 = blank)
    ident_errors: list = field(default_factory=list)
    realisasi: list = field(default_factory=list)   # (record, errors, sheet, excel_row)
    anggaran: list = field(default_factory=list)


def read_monthly(rel: str, data: bytes, tahun: int, info: PkInfo,
                 settings: Settings | None = None) -> Monthly:
    """Read and check one monthly workbook.

    Parameters
    ----------
    rel : str
        The file relative to ``data/raw``.
    data : bytes
        The file's bytes.
    tahun : int
        The year processed.
    info : PkInfo
        Codes of the Perjanjian Kinerja the rows are matched against.
    settings : Settings, optional
        Input limits and ``kode_opd`` (the Identitas *Kode OPD* must equal it); default: the
        documented defaults, which makes any filled *Kode OPD* other than ``OPD`` an error.

    Returns
    -------
    Monthly
        Identitas (None when unusable), file-level errors and the checked rows.
    """
    m = Monthly(Part(rel), hashlib.sha256(data).hexdigest())
    issues = m.part.issues
    settings = settings if settings is not None else Settings()
    book = open_book(data, rel, issues, settings)
    if book is None:
        m.ident_errors.append("berkas tidak dapat dibaca")
        return m
    names = tuple(s.name for s in c.BULANAN_WORKBOOK.sheets)
    sheets = match_sheets(book, rel, names, issues)
    if sheets is None:
        m.ident_errors.append("berkas tanpa lembar data")
        return m
    for name in names:
        if name not in sheets:
            msg = f"Lembar wajib '{name}' tidak ada pada berkas laporan bulanan."
            if name == c.IDENTITAS_SHEET.name:
                msg += " Unit, tahun dan bulan tidak dapat diketahui; semua baris dikarantina."
                m.ident_errors.append(msg)
            issues.add(rel, "", "", "sheet_hilang", msg)
    if c.IDENTITAS_SHEET.name in sheets:
        m.ident, errs = read_identitas(book, sheets[c.IDENTITAS_SHEET.name], rel, tahun, issues,
                                       info.organisasi, settings.kode_opd)
        m.ident_errors.extend(errs)
    if m.ident is not None:
        m.ident = dict(m.ident)
        _check_filename(rel, m.ident, issues, info.organisasi)
    unit = m.ident["unit"] if m.ident else None

    def keep(rows: list):
        return lambda rec, errs, sheet, excel_row: rows.append((rec, errs, sheet, excel_row))

    if c.REALISASI_SHEET.name in sheets:
        spec = c.REALISASI_SHEET
        check_rows(book, sheets[spec.name], spec, {"kode", "realisasi"}, rel, issues,
                   lambda chk: _check_realisasi(chk, info, unit), keep(m.realisasi))
    if c.REALISASI_ANGGARAN_SHEET.name in sheets:
        spec = c.REALISASI_ANGGARAN_SHEET
        check_rows(book, sheets[spec.name], spec, {"kode_kegiatan", "realisasi_anggaran"}, rel,
                   issues, lambda chk: _check_realisasi_anggaran(chk, info, unit),
                   keep(m.anggaran))
    return m


def _check_filename(rel: str, ident: dict, issues: Issues, org: Organisasi) -> None:
    """Warn when the file name does not match its Identitas (the Identitas is used)."""
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    expected = c.bulanan_filename(ident["unit"], ident["tahun"], ident["bulan"])
    fm = _FILENAME.match(stem)
    ok = bool(fm) and (
        org.resolve_unit(fm["unit"]) == ident["unit"] and int(fm["tahun"]) == ident["tahun"]
        and int(fm["bulan"]) == ident["bulan"])
    ext_ok = Path(name).suffix.lower() in (".xlsx", ".xlsm")
    if not (ok and ext_ok):
        issues.add(rel, "", "", "nama_berkas_tidak_sesuai",
                   f"Nama berkas '{name}' tidak sesuai isi lembar Identitas (unit "
                   f"{ident['unit']}, {nama_bulan(ident['bulan'])} {ident['tahun']}); nama "
                   f"yang diharapkan '{expected}'. Data dibaca menurut lembar Identitas.")


# --------------------------------------------------------------------------- Identitas


class _FormulaMissing:
    def __init__(self, formula):
        self.formula = formula


_BAD = object()
"""An Identitas value already reported as an error."""


class _Identitas:
    """Problems of one Identitas sheet; every error quarantines the whole file."""

    def __init__(self, issues: Issues, rel: str, sheet: str, org: Organisasi | None = None):
        self.issues, self.rel, self.sheet = issues, rel, sheet
        self.org = org if org is not None else Organisasi()  # the office's units
        self.errors: list[str] = []

    def err(self, aturan, sel, pesan):
        self.issues.add(self.rel, self.sheet, sel, aturan, pesan)
        self.errors.append(f"Identitas {sel}: {pesan}" if sel else f"Identitas: {pesan}")

    def warn(self, aturan, sel, pesan):
        self.issues.add(self.rel, self.sheet, sel, aturan, pesan)


def read_identitas(book: Book, ws, rel: str, tahun: int, issues: Issues,
                   org: Organisasi | None = None, kode_opd: str | None = None):
    """Read the key/value Identitas sheet; return (ident dict or None, error messages).

    ``org`` holds the office's units the Unit cell is resolved against. A filled *Kode OPD*
    must equal ``kode_opd`` (ignoring case and surrounding spaces; not checked when None):
    another office's file is ``opd_tidak_sesuai`` and quarantined whole. A blank one is
    accepted (the office code of every frame is ``settings.kode_opd`` anyway).
    """
    chk = _Identitas(issues, rel, ws.title, org)
    values = _identitas_values(_identitas_cells(book, ws), chk)
    if kode_opd is not None and values.get("opd") not in (None, _BAD):
        v, ref = values["opd"]
        if str(v).strip().upper() != kode_opd.strip().upper():
            chk.err("opd_tidak_sesuai", ref,
                    f"Kode OPD pada lembar Identitas (sel {ref}) berisi '{show(v)}', sedangkan "
                    f"kode kantor ini '{kode_opd}' (pengaturan kode_opd); berkas ini bukan "
                    "laporan kantor ini. Semua baris berkas ini dikarantina.")
    ident = {}
    checks = (("unit", _ident_unit), ("tahun", _ident_tahun), ("bulan", _ident_bulan),
              ("tanggal_kirim", _ident_tanggal), ("revisi_ke", _ident_revisi))
    for name, parse in checks:
        if values[name] not in (None, _BAD):
            v, ref = values[name]
            got = parse(v, ref, tahun, chk)
            if got is not None:
                ident[name] = got
    if chk.errors or not {"unit", "tahun", "bulan", "tanggal_kirim"} <= set(ident):
        return None, chk.errors
    ident.setdefault("revisi_ke", 0)  # optional: blank = the first submission
    bl, th, tgl = ident["bulan"], ident["tahun"], ident["tanggal_kirim"]
    akhir = (due_date(th, bl, 1) - _dt.timedelta(days=1))
    if tgl < akhir:
        _, ref = values["tanggal_kirim"]
        chk.warn("tanggal_masa_depan", ref,
                 f"Tanggal Kirim {format_tanggal(tgl)} lebih awal dari akhir bulan laporan "
                 f"({format_tanggal(akhir)}); periksa tanggal atau bulan laporan.")
    return ident, chk.errors


def _identitas_cells(book: Book, ws) -> dict[str, tuple]:
    """Field name -> (value in column B, its reference), by the label in column A."""
    lookup = header_lookup(c.IDENTITAS_SHEET.fields)
    ws_f = book.formulas[ws.title] if book.formulas is not None else None
    got: dict[str, tuple] = {}
    for r in range(1, (ws.max_row or 1) + 1):
        label = ws.cell(r, 1).value
        if is_empty(label):
            continue
        f = lookup.get(c._norm(label))
        if f is None or f.name in got:
            continue
        v = ws.cell(r, 2).value
        if v is None and ws_f is not None and ws_f.cell(r, 2).data_type == "f":
            v = _FormulaMissing(str(ws_f.cell(r, 2).value))
        got[f.name] = (v, f"B{r}")
    return got


def _identitas_values(got: dict, chk: _Identitas) -> dict:
    """Field name -> (value, ref), None when blank and optional, ``_BAD`` when reported."""
    values = {}
    for f in c.IDENTITAS_SHEET.fields:
        v, ref = got.get(f.name, (None, ""))
        if isinstance(v, _FormulaMissing):
            chk.err("rumus_tanpa_nilai", ref,
                    f"Sel {ref} ('{f.header}') berisi rumus '{v.formula}' tanpa nilai tersimpan; "
                    "buka berkas di Excel, simpan ulang, lalu kirim kembali.")
            values[f.name] = _BAD
        elif is_empty(v):
            # opd is informative only: every frame takes settings.kode_opd
            if f.required and f.name != "opd":
                where = f"sel {ref} kosong" if ref else f"baris '{f.header}' tidak ada di kolom A"
                chk.err("wajib_diisi", ref,
                        f"Isian '{f.header}' pada lembar Identitas wajib diisi ({where}); semua "
                        "baris berkas ini dikarantina.")
                values[f.name] = _BAD
            else:
                values[f.name] = None
        else:
            values[f.name] = (v, ref)
    return values


def _ident_unit(v, ref, tahun, chk: _Identitas) -> str | None:
    kode, exact = resolve_unit(v, chk.org)
    if kode is None:
        aturan, pesan = unit_problem(v, chk.org, "pada lembar Identitas")
        chk.err(aturan, ref, f"{pesan} Semua baris berkas ini dikarantina.")
    elif not exact:
        chk.warn("unit_alias", ref,
                 f"Unit ditulis '{show(v)}'; dikenali sebagai {kode} "
                 f"({chk.org.nama_unit(kode)}). Gunakan kode atau nama resmi unit.")
    return kode


def _ident_tahun(v, ref, tahun, chk: _Identitas) -> int | None:
    th = _as_int(v)
    if th is None:
        chk.err("tahun_tidak_sesuai", ref,
                f"Tahun pada Identitas berisi '{show(v)}', bukan tahun; seharusnya {tahun}. "
                "Semua baris berkas ini dikarantina.")
    elif th != tahun:
        extra = " (tahun yang akan datang)" if th > tahun else ""
        chk.err("tahun_tidak_sesuai", ref,
                f"Tahun pada Identitas {th}{extra}, sedangkan yang diproses tahun {tahun}. "
                "Semua baris berkas ini dikarantina.")
        return None
    return th


def _ident_bulan(v, ref, tahun, chk: _Identitas) -> int | None:
    bl = _as_month(v)
    if bl is None or not 1 <= bl <= 12:
        chk.err("bulan_tidak_sah", ref,
                f"Bulan pada Identitas berisi '{show(v)}'; seharusnya angka 1 sampai 12 atau "
                "nama bulan. Semua baris berkas ini dikarantina.")
        return None
    return bl


def _ident_tanggal(v, ref, tahun, chk: _Identitas) -> _dt.date | None:
    try:
        # an Excel date serial typed as a plain number
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < 2958466:
            tgl = from_excel(v).date()
        else:
            tgl = parse_tanggal(v)
    except (ValueError, TypeError, OverflowError):
        tgl = None
    if tgl is None:
        chk.err("bukan_tanggal", ref,
                f"Tanggal Kirim berisi '{show(v)}', bukan tanggal yang sah (contoh: "
                "05/02/2024). Semua baris berkas ini dikarantina.")
    return tgl


def _ident_revisi(v, ref, tahun, chk: _Identitas) -> int | None:
    """*Revisi ke-*: a whole number 0, 1, 2, ... (blank is 0, handled by the caller)."""
    n = _as_int(v)
    if n is None:
        chk.err("bukan_angka", ref,
                f"Revisi ke- berisi '{show(v)}'; isi bilangan bulat (kosong atau 0 untuk "
                "laporan pertama, 1 untuk revisi pertama, dan seterusnya). Semua baris berkas "
                "ini dikarantina.")
    elif not 0 <= n <= _REVISI_MAX:
        chk.err("di_luar_rentang", ref,
                f"Revisi ke- berisi {n}; isi 0 sampai {_REVISI_MAX}. Semua baris berkas ini "
                "dikarantina.")
        return None
    return n


_REVISI_MAX = int(next(f for f in c.IDENTITAS_SHEET.fields if f.name == "revisi_ke").max)


def _as_int(v) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    s = str(v).strip()
    return int(s) if re.fullmatch(r"\d{1,4}", s) else None


def _as_month(v) -> int | None:
    n = _as_int(v)
    if n is not None:
        return n
    key = c._norm(v)
    for i, name in enumerate(NAMA_BULAN, start=1):
        if key in (c._norm(name), c._norm(name)[:3]):
            return i
    return None


# --------------------------------------------------------------------------- data rows


def _check_realisasi(chk: RowCheck, info: PkInfo, unit: str | None) -> dict:
    """One Realisasi row: indicator code, owner, and the realisation (or rasio parts)."""
    kode = known_kode(chk, chk.key(), info, "kode")
    owner = info.unit.get(kode)
    if unit and owner and owner != unit:
        chk.add("indikator_bukan_unit", chk.ref("kode"),
                f"Indikator {kode} menjadi tanggung jawab {owner} menurut Perjanjian Kinerja, "
                f"tetapi dilaporkan oleh {unit}.")
    satuan = info.satuan.get(kode) or ""
    realisasi, st_r = chk.number("realisasi", satuan=satuan)
    # the parts of a ratio are counts (visits, documents, rupiah): '22,955' is ambiguous there
    pembilang, st_p = chk.number("pembilang", satuan=_SATUAN_BAGIAN_RASIO)
    penyebut, st_q = chk.number("penyebut", satuan=_SATUAN_BAGIAN_RASIO)
    if info.agregasi.get(kode) == "rasio":
        if st_p == st_q == "ok" and pembilang == 0 and penyebut == 0:
            _nol_per_nol(chk, kode)
            realisasi = pembilang = penyebut = math.nan  # not reported (engine: both parts NaN)
        else:
            realisasi = _rasio(chk, kode, (realisasi, st_r), (pembilang, st_p),
                               (penyebut, st_q))
    elif st_r == "kosong":
        chk.add("realisasi_kosong", chk.ref("realisasi"),
                f"Realisasi indikator {kode or '(tanpa kode)'} kosong atau '-'; bulan ini "
                "dianggap tidak melapor untuk indikator ini.")
    elif st_r == "ok":
        persen_di_atas_100(chk, "realisasi", realisasi, satuan, info.indikator.get(kode))
    return {
        "kode": kode, "realisasi": realisasi, "pembilang": pembilang, "penyebut": penyebut,
        "kendala": chk.text("kendala"), "tindak_lanjut": chk.text("tindak_lanjut"),
        "bukti": chk.text("bukti"), _SEL_REALISASI: chk.ref("realisasi"),
    }


_SATUAN_BAGIAN_RASIO = "cacah"
"""Satuan given to Pembilang/Penyebut: whole counts (``contract.SATUAN_CACAH``)."""

_SEL_REALISASI = "_sel_realisasi"
"""Record key of the Realisasi cell (A1) of a row, for year-level messages; not a frame
column (``ingest._frame`` keeps the contract's columns only)."""


def _nol_per_nol(chk: RowCheck, kode) -> None:
    """A rasio month with pembilang 0 and penyebut 0: a warning, the month is not reported."""
    rp, rq = chk.ref("pembilang"), chk.ref("penyebut")
    chk.add("rasio_nol_per_nol", rq,
            f"Indikator rasio {kode}: pembilang (sel {rp}) dan penyebut (sel {rq}) sama-sama 0; "
            "0/0 tidak dapat dihitung; bulan ini dianggap belum dilaporkan untuk indikator "
            "ini. Bila memang tidak ada kejadian, biarkan pembilang dan penyebut kosong.")


def check_outliers(monthly: list[Monthly], info: PkInfo) -> None:
    """Warn (``pencilan``) about accepted months far outside the unit's other months.

    Runs at year level, after the rows are put (:func:`kinerja_lib.io.ingest.read_year`):
    every accepted Realisasi row of the year is a month of a unit x indicator series; the
    rule is :func:`kinerja_lib.domain.plausibility.pencilan_bulanan`. Each warning goes to
    the quality table of the month's file, at its Realisasi cell.
    """
    rows = [(m, rec) for m in monthly for rec in m.part.accepted["realisasi"]]
    if not rows:
        return
    df = pd.DataFrame({
        "unit": [r["unit"] for _, r in rows], "kode": [r["kode"] for _, r in rows],
        "agregasi": [info.agregasi.get(r["kode"]) for _, r in rows],
        "bulan": [r["bulan"] for _, r in rows],
        "realisasi": pd.to_numeric(pd.Series([r["realisasi"] for _, r in rows]),
                                   errors="coerce").to_numpy(dtype="float64"),
    })
    for f in plausibility.pencilan_bulanan(df).itertuples(index=False):
        m, rec = rows[f.baris]
        m.part.issues.add(m.part.rel, rec["sumber_sheet"], rec.get(_SEL_REALISASI, ""),
                          "pencilan", _outlier_message(f, rec, info))


def _outlier_message(f, rec: dict, info: PkInfo) -> str:
    kode, unit, bulan = rec["kode"], rec["unit"], nama_bulan(int(f.bulan))
    satuan = info.satuan.get(kode) or ""
    wajar = (f"{format_number(f.nilai_bawah, 2)} sampai {format_number(f.nilai_atas, 2)} "
             f"{satuan}").strip()
    if f.dasar == "nilai":
        return (f"Realisasi {kode} bulan {bulan} ({format_number(f.nilai, 4)} {satuan}) jauh "
                f"di luar kisaran bulan-bulan lain unit {unit} tahun ini (median "
                f"{format_number(f.median, 2)}; kisaran wajar {wajar}). Periksa kembali "
                "angka ini (salah ketik, pemisah ribuan, atau angka kumulatif yang diisi "
                "sebagai angka bulanan).")
    nilai = f.nilai_sebelum + f.nilai
    return (f"Realisasi {kode} (posisi akhir) bulan {bulan} {format_number(nilai, 4)} {satuan} "
            f"berubah {format_number(f.nilai, 4)} dari {nama_bulan(int(f.bulan_sebelum))} "
            f"({format_number(f.nilai_sebelum, 4)}), jauh di luar perubahan bulanan unit "
            f"{unit} tahun ini (median {format_number(f.median, 2)}); nilai yang wajar "
            f"sekitar {wajar}. Periksa kembali angka ini.")


def _rasio(chk: RowCheck, kode, r: tuple, p: tuple, q: tuple) -> float:
    """Monthly value of a rasio indicator (pembilang / penyebut x 100) or NaN."""
    (realisasi, st_r), (pembilang, st_p), (penyebut, st_q) = r, p, q
    if st_p == "kosong" and st_q == "kosong":
        if st_r == "kosong":
            chk.add("realisasi_kosong", chk.ref("realisasi"),
                    f"Realisasi indikator rasio {kode} kosong (pembilang dan penyebut tidak "
                    "diisi); bulan ini dianggap tidak melapor untuk indikator ini.")
        elif st_r == "ok":
            chk.add("rasio_tidak_lengkap", chk.ref("pembilang") or chk.ref("realisasi"),
                    f"Indikator {kode} adalah rasio: isi Pembilang dan Penyebut, bukan hanya "
                    f"Realisasi ({format_number(realisasi, 4)}).")
        return math.nan
    if st_p == "kosong" or st_q == "kosong":
        which, ref = (("Pembilang", chk.ref("pembilang")) if st_p == "kosong"
                      else ("Penyebut", chk.ref("penyebut")))
        chk.add("rasio_tidak_lengkap", ref,
                f"Indikator rasio {kode}: {which} kosong; isi Pembilang dan Penyebut.")
        return math.nan
    if st_p == "ok" and st_q == "ok":
        if pembilang > penyebut:
            chk.add("pembilang_lebih_besar", chk.ref("pembilang"),
                    f"Pembilang {format_number(pembilang, 4)} lebih besar dari penyebut "
                    f"{format_number(penyebut, 4)} untuk indikator {kode}.")
            return math.nan
        return pembilang / penyebut * 100 if penyebut > 0 else math.nan
    return math.nan


def _check_realisasi_anggaran(chk: RowCheck, info: PkInfo, unit: str | None) -> dict:
    """One Anggaran row of a monthly workbook: kegiatan code, owner and spending."""
    kode = chk.key()
    if kode is not None:
        key = code_key(kode)
        if key in info.kegiatan:
            kode = info.kegiatan[key]
            owner = info.kegiatan_unit.get(kode)
            if unit and owner and owner != unit:
                chk.add("indikator_bukan_unit", chk.ref("kode_kegiatan"),
                        f"Kegiatan {kode} dilaksanakan oleh {owner} menurut lembar "
                        f"Anggaran, tetapi dilaporkan oleh {unit}.")
        else:
            chk.add("kode_tidak_dikenal", chk.ref("kode_kegiatan"),
                    f"Kode kegiatan '{show(kode)}' tidak ada pada lembar Anggaran "
                    "berkas Perjanjian Kinerja tahun ini.")
    nilai, status = chk.number("realisasi_anggaran")
    if status == "kosong":
        chk.add("realisasi_kosong", chk.ref("realisasi_anggaran"),
                f"Realisasi anggaran kegiatan {kode or '(tanpa kode)'} kosong; isi 0 bila "
                "tidak ada belanja bulan ini.")
    return {"kode_kegiatan": kode, "realisasi_anggaran": nilai}
