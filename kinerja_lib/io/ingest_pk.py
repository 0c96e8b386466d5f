"""Read the Perjanjian Kinerja workbook of a year: sheets Anggaran, Perjanjian Kinerja and
Rencana Aksi, each through the one quarantine loop of :mod:`kinerja_lib.io.reader`.

The workbook is the reference for the monthly workbooks: :class:`PkInfo` holds the accepted
indicator and kegiatan codes (in the spelling of the Perjanjian Kinerja) that the monthly
rows are matched against. :func:`read_pk_light` is the lenient read of the same sheets for
the templates (values only, the first unusable cell raises ``UserError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import plausibility
from kinerja_lib.domain.errors import IngestError, NumberParseError, UserError
from kinerja_lib.domain.numbers import format_number, parse_number
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.reader import (
    Book,
    Part,
    RowCheck,
    check_rows,
    code_key,
    lineage,
    match_sheets,
    open_book,
    open_values,
    read_table_lenient,
    show,
    unit_problem,
)


@dataclass
class PkInfo:
    """What the monthly workbooks are checked against."""

    kode: dict = field(default_factory=dict)            # code key -> canonical kode
    unit: dict = field(default_factory=dict)            # canonical kode -> unit
    agregasi: dict = field(default_factory=dict)        # canonical kode -> agregasi
    satuan: dict = field(default_factory=dict)          # canonical kode -> satuan
    indikator: dict = field(default_factory=dict)       # canonical kode -> indicator name
    target: dict = field(default_factory=dict)          # canonical kode -> target_tahunan
    kegiatan: dict = field(default_factory=dict)        # code key -> canonical kode_kegiatan
    kegiatan_unit: dict = field(default_factory=dict)   # canonical kode_kegiatan -> unit
    quarantined_kode: set = field(default_factory=set)  # code keys of quarantined PK rows
    organisasi: Organisasi = field(default_factory=Organisasi)  # the office's units


@dataclass
class _Context:
    """One PK workbook being read."""

    book: Book
    sheets: dict
    rel: str
    tahun: int
    settings: Settings
    part: Part
    info: PkInfo


def read_pk(tahun: int, settings: Settings, rel: str, data: bytes, part: Part) -> PkInfo:
    """Read and validate the Perjanjian Kinerja workbook into ``part``.

    Parameters
    ----------
    tahun : int
        The year processed.
    settings : Settings
        Supplies ``kode_opd`` and ``metode_negatif_default``.
    rel : str
        The file relative to ``data/raw``.
    data : bytes
        The file's bytes.
    part : Part
        Receives accepted and quarantined rows and the quality-table rows.

    Returns
    -------
    PkInfo

    Raises
    ------
    IngestError
        When the workbook cannot be read or has no *Perjanjian Kinerja* sheet.
    """
    issues = part.issues
    book = open_book(data, rel, issues, settings)
    if book is None:
        msg = issues.rows[-1]["pesan"] if issues.rows else "berkas tidak dapat dibaca"
        raise IngestError(
            f"Berkas Perjanjian Kinerja {rel} tidak dapat dibaca: {msg} Data bulanan tidak dapat "
            "diperiksa tanpa berkas ini.")
    names = tuple(s.name for s in c.PK_WORKBOOK.sheets)
    sheets = match_sheets(book, rel, names, issues)
    if sheets is None or c.PK_SHEET.name not in sheets:
        raise IngestError(
            f"Berkas Perjanjian Kinerja {rel} tidak memiliki lembar '{c.PK_SHEET.name}'. Data "
            "bulanan tidak dapat diperiksa tanpa daftar indikator.")
    for name in names:
        if name not in sheets:
            issues.add(rel, "", "", "sheet_hilang",
                       f"Lembar wajib '{name}' tidak ada pada berkas Perjanjian Kinerja.")
    ctx = _Context(book, sheets, rel, tahun, settings, part,
                   PkInfo(organisasi=settings.organisasi))
    # Anggaran (pagu) first: PK rows refer to its kegiatan codes.
    if c.ANGGARAN_SHEET.name in sheets:
        _read_anggaran(ctx)
    _read_indikator(ctx)
    if c.RA_SHEET.name in sheets:
        _read_rencana_aksi(ctx)
    return ctx.info


def _read_sheet(ctx: _Context, spec: c.SheetSpec, check, put):
    # every required column of a PK sheet is essential: without it no row can be checked
    return check_rows(ctx.book, ctx.sheets[spec.name], spec, spec.required, ctx.rel,
                      ctx.part.issues, check, put, org=ctx.info.organisasi)


def _read_anggaran(ctx: _Context) -> None:
    """Sheet Anggaran: pagu per kegiatan; accepted codes go to ``info.kegiatan``."""
    opd, info = ctx.settings.kode_opd, ctx.info

    def check(chk: RowCheck) -> dict:
        return {"opd": opd, "tahun": ctx.tahun, "kode_kegiatan": chk.key(),
                "program": chk.text("program"), "kegiatan": chk.text("kegiatan"),
                "unit": chk.unit("unit"), "pagu": chk.number("pagu")[0], **chk.lineage()}

    def put(rec, errs, sheet, excel_row):
        if rec is not None and not errs:
            kode = rec["kode_kegiatan"]
            info.kegiatan[code_key(kode)] = kode
            info.kegiatan_unit[kode] = rec["unit"]
        ctx.part.put("anggaran", rec, errs, sheet, excel_row)

    _read_sheet(ctx, c.ANGGARAN_SHEET, check, put)


def _read_indikator(ctx: _Context) -> None:
    """Sheet Perjanjian Kinerja: one row per indicator; accepted codes go to ``info.kode``."""
    info = ctx.info
    has_anggaran = c.ANGGARAN_SHEET.name in ctx.sheets

    def put(rec, errs, sheet, excel_row):
        if rec is not None:
            kode = rec["kode"]
            if not errs:
                info.kode[code_key(kode)] = kode
                info.unit[kode] = rec["unit"]
                info.agregasi[kode] = rec["agregasi"]
                info.satuan[kode] = rec["satuan"]
                info.indikator[kode] = rec["indikator"]
                info.target[kode] = rec["target_tahunan"]
            elif kode is not None:
                info.quarantined_kode.add(code_key(kode))
        ctx.part.put("pk", rec, errs, sheet, excel_row)

    _read_sheet(ctx, c.PK_SHEET,
                lambda chk: _check_indikator(chk, ctx.tahun, ctx.settings, info, has_anggaran),
                put)


def _check_indikator(chk: RowCheck, tahun: int, settings: Settings, info: PkInfo,
                     has_anggaran: bool) -> dict:
    # The call order below is the order of the problems in the quality table.
    kode = chk.key()
    polaritas = chk.enum("polaritas")
    metode = chk.enum("metode_negatif")
    if polaritas == "negatif":
        metode = metode or settings.metode_negatif_default
    else:
        metode = None
    tahun_renstra, _ = chk.number("tahun_renstra")
    kegiatan = chk.text("kode_kegiatan")
    if kegiatan is not None:
        if code_key(kegiatan) in info.kegiatan:
            kegiatan = info.kegiatan[code_key(kegiatan)]
        elif has_anggaran:
            chk.add("kode_tidak_dikenal", chk.ref("kode_kegiatan"),
                    f"Kode kegiatan '{show(kegiatan)}' tidak ada pada lembar Anggaran; "
                    "indikator tetap dibaca tanpa kaitan anggaran.", "peringatan")
    iku = chk.enum("iku") or "Tidak"
    kode_sasaran, sasaran = chk.text("kode_sasaran"), chk.text("sasaran")
    indikator, satuan = chk.text("indikator"), chk.text("satuan")
    unit, agregasi = chk.unit("unit"), chk.enum("agregasi")
    target = _checked_target(chk, "target_tahunan", satuan, indikator)
    if target == 0 and polaritas is not None:
        _target_nol(chk, kode, polaritas)
    return {
        "opd": settings.kode_opd, "tahun": tahun, "kode": kode,
        "kode_sasaran": kode_sasaran, "sasaran": sasaran,
        "indikator": indikator, "satuan": satuan,
        "unit": unit, "polaritas": polaritas, "metode_negatif": metode,
        "agregasi": agregasi, "target_tahunan": target,
        # informative columns: above 100 % is only a warning there
        "baseline": _checked_target(chk, "baseline", satuan, indikator, "peringatan"),
        "target_renstra": _checked_target(chk, "target_renstra", satuan, indikator,
                                          "peringatan"),
        "tahun_renstra": tahun_renstra, "kode_kegiatan": kegiatan, "iku": iku,
        **chk.lineage(),
    }


def _checked_target(chk: RowCheck, name: str, satuan, indikator,
                    tingkat: str | None = None) -> float:
    """A target-like number in the indicator's satuan: separators and the 100 % limit."""
    value, status = chk.number(name, satuan=satuan or "")
    if status == "ok":
        persen_di_atas_100(chk, name, value, satuan, indikator, tingkat)
    return value


def persen_di_atas_100(chk: RowCheck, name: str, value: float, satuan, indikator,
                       tingkat: str | None = None) -> bool:
    """Report ``persen_di_atas_100`` for a value above 100 in a % indicator; True if error.

    An error (or ``tingkat``), except for growth percentages
    (``contract.persen_bisa_lebih_100``: the name says peningkatan, pertumbuhan, ...), which
    may exceed 100: a warning there.
    """
    if not (c.satuan_persen(satuan) and value > 100):
        return False
    ref = chk.ref(name)
    header = chk.spec.column(name).header
    if c.persen_bisa_lebih_100(indikator):
        chk.add("persen_di_atas_100", ref,
                f"Sel {ref} ('{header}') berisi {format_number(value, 4)} %, lebih dari 100 %; "
                "untuk indikator peningkatan/pertumbuhan hal ini mungkin, periksa kembali "
                "angkanya.", "peringatan")
        return False
    chk.add("persen_di_atas_100", ref,
            f"Sel {ref} ('{header}') berisi {format_number(value, 4)}, padahal satuan "
            f"indikator ini {satuan} dan nilainya tidak dapat melebihi 100. Periksa angkanya "
            "(mis. 0,855 atau 85,5 untuk 85,5 %).", tingkat)
    return tingkat in (None, "error")


def _target_nol(chk: RowCheck, kode, polaritas: str) -> None:
    """Annual target 0: an error on a positif indicator, a warning on a negatif one."""
    ref = chk.ref("target_tahunan")
    if polaritas == "positif":
        chk.add("target_nol", ref,
                f"Target tahunan indikator {kode} (sel {ref}) bernilai 0: target 0 tidak dapat "
                "dinilai (capaian = realisasi / target). Isi target tahunan sesuai Perjanjian "
                "Kinerja.")
    else:
        chk.add("target_nol", ref,
                f"Target tahunan indikator negatif {kode} (sel {ref}) bernilai 0: target 0 "
                "tidak dapat dinilai dengan rumus capaian negatif; capaiannya akan 'tidak "
                "dapat dinilai'.", "peringatan")


def _read_rencana_aksi(ctx: _Context) -> None:
    """Sheet Rencana Aksi: one row per indicator, accepted as four quarterly rows."""
    part, info = ctx.part, ctx.info
    opd = ctx.settings.kode_opd

    def check(chk: RowCheck) -> dict:
        kode = known_kode(chk, chk.key(), info, "kode")
        jenis = chk.enum("jenis_target")
        satuan, nama = info.satuan.get(kode), info.indikator.get(kode)
        targets = [_checked_target(chk, f"target_tw{i}", satuan, nama) for i in (1, 2, 3, 4)]
        _check_ra_plausible(chk, kode, jenis, targets, info)
        return {"kode": kode, "jenis_target": jenis, "targets": targets}

    def put(rec, errs, sheet, excel_row):
        if errs:
            part.put("ra", None, errs, sheet, excel_row)
            return
        part.read["ra"] += 1  # counted once although it becomes four rows
        for i, target in enumerate(rec["targets"], start=1):
            part.accepted["ra"].append({
                "opd": opd, "tahun": ctx.tahun, "kode": rec["kode"],
                "jenis_target": rec["jenis_target"], "triwulan": i, "target_ra": target,
                **lineage(ctx.rel, sheet, excel_row)})

    table = _read_sheet(ctx, c.RA_SHEET, check, put)
    if not table.fatal:
        # Without RA targets the quarterly capaian cannot be assessed before TW IV.
        with_ra = {code_key(r["kode"]) for r in part.accepted["ra"]}
        for key, kode in info.kode.items():
            if key not in with_ra:
                part.issues.add(ctx.rel, c.RA_SHEET.name, "", "target_ra_hilang",
                                f"Indikator {kode} tidak punya baris Rencana Aksi; capaian "
                                "triwulan tidak dapat dinilai sebelum Triwulan IV.")


_TW = ("I", "II", "III", "IV")


def _check_ra_plausible(chk: RowCheck, kode, jenis, targets: list, info: PkInfo) -> None:
    """Rencana Aksi against itself and the annual PK target (:mod:`domain.plausibility`)."""
    agregasi = info.agregasi.get(kode)
    refs = [chk.ref(f"target_tw{i}") for i in (1, 2, 3, 4)]
    for q in plausibility.ra_menurun(jenis, agregasi, targets):
        chk.add("target_ra_menurun", refs[q - 1],
                f"Target kumulatif (s.d. triwulan) indikator {kode} menurun: TW {_TW[q - 1]} "
                f"(sel {refs[q - 1]}) {format_number(targets[q - 1], 4)} lebih kecil dari "
                f"TW {_TW[q - 2]} (sel {refs[q - 2]}) {format_number(targets[q - 2], 4)}. "
                "Target s.d. triwulan tidak boleh turun (target triwulan itu sendiri akan "
                "negatif); periksa angka atau ubah Jenis Target menjadi 'per triwulan'.")
    tt = info.target.get(kode)
    beda = plausibility.ra_vs_tahunan(jenis, agregasi, targets, tt)
    if beda is None:
        return
    toleransi = format_number(plausibility.TOLERANSI_TARGET * 100, 2)
    if beda[0] == "jumlah":
        chk.add("target_ra_tidak_sesuai", f"{refs[0]}:{refs[3]}",
                f"Jumlah target TW I-IV indikator {kode} (sel {refs[0]}:{refs[3]}) = "
                f"{format_number(beda[1], 4)}, tidak sama dengan target tahunan Perjanjian "
                f"Kinerja {format_number(tt, 4)} (toleransi {toleransi} %). Untuk indikator "
                "kumulatif target per triwulan dijumlahkan menjadi target tahunan.")
    else:
        jenis_ind = "posisi akhir" if agregasi == "posisi_akhir" else "kumulatif s.d. triwulan"
        chk.add("target_ra_tidak_sesuai", refs[3],
                f"Target TW IV indikator {kode} (sel {refs[3]}) = {format_number(beda[1], 4)}, "
                f"tidak sama dengan target tahunan Perjanjian Kinerja {format_number(tt, 4)} "
                f"(toleransi {toleransi} %). Untuk target {jenis_ind} target TW IV adalah "
                "target akhir tahun.")


def known_kode(chk: RowCheck, kode, info: PkInfo, name: str):
    """Map an indicator code to its PK spelling or report ``kode_tidak_dikenal``."""
    if kode is None:
        return None
    key = code_key(kode)
    if key in info.kode:
        return info.kode[key]
    if key in info.quarantined_kode:
        why = "ada pada Perjanjian Kinerja tetapi baris indikatornya dikarantina (lihat galatnya)"
    else:
        why = "tidak ada pada lembar Perjanjian Kinerja tahun ini"
    chk.add("kode_tidak_dikenal", chk.ref(name), f"Kode indikator '{show(kode)}' {why}.")
    return kode


# --------------------------------------------------------------------------- lenient read


_LIGHT_INDIKATOR = ("kode", "indikator", "satuan", "unit", "agregasi")


def read_pk_light(path: Path, org: Organisasi) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the indicators and kegiatan of a PK workbook, just enough to write templates.

    Lenient: the same sheet specs and header lookup as :func:`read_pk`, but no quality table;
    the first problem that makes the workbook unusable is raised. Full validation is the job
    of ``kinerja validasi``.

    Parameters
    ----------
    path : Path
        ``perjanjian_kinerja_<tahun>.xlsx``.
    org : contract.Organisasi
        The office's units the unit cells are resolved against.

    Returns
    -------
    (DataFrame, DataFrame)
        Indicators ``kode, indikator, satuan, unit, agregasi`` (unit as code, agregasi as
        code) and kegiatan ``kode_kegiatan, kegiatan, unit, pagu``.

    Raises
    ------
    UserError
        With an Indonesian message naming file, sheet and cell when the workbook cannot be
        used.
    """
    path = Path(path)
    wb = open_values(path)
    try:
        ind = _light_indikator(path, _light_sheet(wb, path, c.PK_SHEET, required=True), org)
        ws = _light_sheet(wb, path, c.ANGGARAN_SHEET, required=False)
        keg = [] if ws is None else _light_kegiatan(path, ws, org)
    finally:
        wb.close()
    return (pd.DataFrame(ind, columns=list(_LIGHT_INDIKATOR)),
            pd.DataFrame(keg, columns=["kode_kegiatan", "kegiatan", "unit", "pagu"]))


def _light_sheet(wb, path: Path, spec: c.SheetSpec, required: bool):
    if spec.name in wb.sheetnames:
        return wb[spec.name]
    if required:
        raise UserError(f"Berkas {path.name}: lembar '{spec.name}' tidak ada.")
    return None


def _light_indikator(path: Path, ws, org: Organisasi) -> list[dict]:
    spec = c.PK_SHEET
    header, rows = read_table_lenient(ws, spec)
    for name in _LIGHT_INDIKATOR:
        if name not in header:
            raise UserError(f"Berkas {path.name}, lembar '{spec.name}': kolom "
                            f"'{spec.column(name).header}' tidak ada pada baris 1.")
    where = f"Berkas {path.name}, lembar '{spec.name}', sel"
    ind = []
    for row in rows:
        get = row.values
        if get["kode"] in (None, "") or str(get["kode"]).strip() == "":
            continue
        unit = org.resolve_unit(get["unit"])
        if unit is None:
            raise UserError(f"{where} {row.refs['unit']}: "
                            + unit_problem(get["unit"], org, "")[1].replace("  ", " "))
        agr = c.parse_enum(get["agregasi"], c.AGREGASI_LABEL)
        if agr is None:
            raise UserError(f"{where} {row.refs['agregasi']}: jenis agregasi "
                            f"'{get['agregasi']}' tidak sah (pilihan: "
                            + ", ".join(c.AGREGASI_LABEL.values()) + ").")
        ind.append({"kode": str(get["kode"]).strip(),
                    "indikator": "" if get["indikator"] is None else str(get["indikator"]),
                    "satuan": "" if get["satuan"] is None else str(get["satuan"]),
                    "unit": unit, "agregasi": agr})
    return ind


def _light_kegiatan(path: Path, ws, org: Organisasi) -> list[dict]:
    spec = c.ANGGARAN_SHEET
    header, rows = read_table_lenient(ws, spec)
    if "kode_kegiatan" not in header or "unit" not in header:
        return []  # kegiatan are optional in the templates
    where = f"Berkas {path.name}, lembar '{spec.name}', sel"
    keg = []
    for row in rows:
        get = row.values
        if get.get("kode_kegiatan") in (None, ""):
            continue
        unit = org.resolve_unit(get.get("unit"))
        if unit is None:
            raise UserError(f"{where} {row.refs['unit']}: "
                            + unit_problem(get.get("unit"), org, "")[1].replace("  ", " "))
        try:
            pagu = parse_number(get.get("pagu"))
        except NumberParseError as exc:
            raise UserError(f"{where} {row.refs['pagu']}: {exc}.") from exc
        keg.append({"kode_kegiatan": str(get["kode_kegiatan"]).strip(),
                    "kegiatan": "" if get.get("kegiatan") is None else str(get["kegiatan"]),
                    "unit": unit, "pagu": pagu})
    return keg
