"""A deterministic, realistic sample for one office: two years of PK, RA, budgets and monthly
reports of the eight units, written through :mod:`kinerja_lib.io.templates`.

The office is the Dinas Perpustakaan dan Kearsipan (library and archives office). The sample
holds 27 indicators under 4 sasaran strategis with every polarity (positif, negatif with method
A and B) and every aggregation type, 10 kegiatan with pagu and monthly spending, Rencana Aksi
targets (declared per triwulan or cumulative), baselines equal to the previous year's annual
realisation, and Renstra end targets (2026). Some indicators exceed their targets, some are
clearly at risk; 2023 is weaker than 2024 so year-on-year comparisons make sense.

Randomness comes only from ``numpy.random.default_rng([seed, tahun])``, so each year is the same
whatever other years are written, and files are byte-identical between runs (the workbooks
carry fixed timestamps; see :func:`kinerja_lib.io.excel.save_workbook`).

The latest sample year (2024 by default) carries the realistic defects of a real year, listed
in :data:`PLANTED_DEFECTS`, :data:`PLANTED_LATE` and :data:`PLANTED_MISSING`; nothing else in
the sample is meant to be flagged by validation. Earlier years are clean.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.periods import due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.profil import write_profil_templates
from kinerja_lib.io.sample_catalogue import (  # the office's definitions; public ones re-exported
    BUDGET_INDICATOR,
    INDICATORS,
    KEGIATAN,
    KENDALA,
    KENDALA_UMUM,
    KUM,
    PENGISI,
    POS,
    PROFILES,
    PROGRAM,
    RASIO,
    RATA,
    SAMPLE_ISU_STRATEGIS,
    SAMPLE_RENSTRA,
    SAMPLE_UNITS,
    SASARAN,
    Catalogue,
    N,
    SampleIndicator,
    sample_settings,
)
from kinerja_lib.io.settings_file import settings_toml
from kinerja_lib.io.store import atomic_write_text, sha256_file
from kinerja_lib.io.templates import write_monthly_template, write_pk_workbook

# --------------------------------------------------------------------------- planted defects

DEFECT_YEAR = 2024
"""Default year that carries the planted defects (the latest sample year, if >= 2024)."""

# (unit, bulan, sheet, kode, column, aturan, typed text or None)
_DEFECTS = (
    ("PUS-LAY", 2, "Realisasi", "IK-07", "realisasi", "angka_sebagai_teks", "ribuan"),
    ("ARS-PEN", 4, "Realisasi", "IK-20", "realisasi", "angka_sebagai_teks", "persen"),
    ("ARS-BIN", 1, "Realisasi", "IK-18", "realisasi", "realisasi_kosong", "-"),
    ("PUS", 4, "Identitas", "unit", None, "unit_alias", "Bidang Perpustakan"),
    ("ARS", 2, "Realisasi", "IK-99", "kode", "kode_tidak_dikenal", None),
)
_UNKNOWN_ROW = {"kode": "IK-99", "indikator": "Jumlah arsiparis yang lulus uji kompetensi",
                "satuan": "orang", "agregasi": "kumulatif", "unit": "ARS"}
_LATE = ("ARS-BIN", 3, 10)  # unit, bulan, days after the due date
_MISSING = ("PUS-BIN", 5)

SAMPLE_CATALOGUE = Catalogue(
    units=SAMPLE_UNITS, sasaran=SASARAN, program=PROGRAM, kegiatan=KEGIATAN,
    indicators=INDICATORS, pengisi=PENGISI, kendala=KENDALA, kendala_umum=KENDALA_UMUM,
    budget_indicator=BUDGET_INDICATOR, defects=_DEFECTS, unknown_row=_UNKNOWN_ROW, late=_LATE,
    missing=_MISSING)
"""The sample office (Dinas Perpustakaan dan Kearsipan) as a :class:`Catalogue`."""


def _unit_codes(unit: str, cat: Catalogue = SAMPLE_CATALOGUE) -> list[str]:
    return [i.kode for i in cat.indicators if i.unit == unit]


def planted_defects(tahun: int = DEFECT_YEAR, cat: Catalogue = SAMPLE_CATALOGUE) -> list[dict]:
    """The planted data-quality defects of a defect year (file relative to ``data/raw``).

    Each dict has ``file``, ``sheet``, ``sel`` (A1 reference, "" for file-level) and
    ``aturan`` (a key of ``contract.ATURAN``); ``cat`` is the office (default the sample).
    """
    out = []
    for unit, bulan, sheet, kode, column, aturan, _ in cat.defects:
        if sheet == c.IDENTITAS_SHEET.name:
            sel = f"B{[f.name for f in c.IDENTITAS_SHEET.fields].index(kode) + 1}"
        else:
            codes = _unit_codes(unit, cat)
            row = 2 + (codes.index(kode) if kode in codes else len(codes))
            letter = "ABCDEFGHIJ"[[col.name for col in c.REALISASI_SHEET.columns].index(column)]
            sel = f"{letter}{row}"
        out.append({"file": f"{tahun}/bulanan/{c.bulanan_filename(unit, tahun, bulan)}",
                    "sheet": sheet, "sel": sel, "aturan": aturan})
    return out


PLANTED_DEFECTS: list[dict] = planted_defects(DEFECT_YEAR)
"""Cells ingest must flag in the default sample (rules from ``contract.ATURAN``)."""
PLANTED_LATE: tuple[int, int, str] = (DEFECT_YEAR, _LATE[1], _LATE[0])
"""(tahun, bulan, unit) sent after the due date: the tracker shows it as terlambat."""
PLANTED_LATE_DAYS: int = _LATE[2]
"""Days after the due date that the :data:`PLANTED_LATE` report was sent."""
PLANTED_MISSING: tuple[int, int, str] = (DEFECT_YEAR, _MISSING[1], _MISSING[0])
"""(tahun, bulan, unit) whose workbook is absent: the tracker shows it as belum ada."""


def defect_year(years) -> int | None:
    """The year that carries the planted defects: the latest of ``years`` if >= 2024."""
    y = max(int(t) for t in years) if years else None
    return y if y is not None and y >= DEFECT_YEAR else None


# --------------------------------------------------------------------------- generation


def _lin(a23: float, a24: float, tahun: int) -> float:
    return a24 + (a24 - a23) * (tahun - 2024)


def _levels(ind: SampleIndicator, tahun: int) -> tuple[float, float]:
    """(target, realised) of a year; other years extrapolate 2023-2024 linearly."""
    if tahun == 2023:
        t, r = ind.t23, ind.r23
    elif tahun == 2024:
        t, r = ind.t24, ind.r24
    else:
        t = _lin(ind.t23, ind.t24, tahun)
        r = t * (ind.r24 / ind.t24 if ind.t24 else 1.0)
        if ind.agregasi == POS and not ind.reset and tahun < 2023:
            r = ind.awal - (ind.r23 - ind.awal) * (2022 - tahun)
    if ind.satuan in ("%", "poin", "nilai"):
        t, r = min(max(t, 1.0), 100.0), min(max(r, 1.0), 100.0)
    else:
        t, r = max(t, 1.0), max(r, 1.0)
    return _round(t, ind.dec), _round(r, ind.dec)


def _start_level(ind: SampleIndicator, tahun: int) -> float:
    if ind.reset:
        return 0.0
    if tahun == 2023:
        return ind.awal
    return _levels(ind, tahun - 1)[1]


def _round(x: float, dec: int) -> float:
    return float(round(float(x), dec)) if dec else float(round(float(x)))


def _allocate(total: int, weights) -> list[int]:
    """Split an integer total over weights (largest remainder), exact sum."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return [0] * len(w)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(int)
    rest = int(total - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return [int(v) for v in base]


def _numerators(q: list[int], rate: float, noise) -> list[int]:
    """Monthly numerators whose sum is ``round(rate * sum(q))``, each within [0, q_m]."""
    total = min(int(round(rate * sum(q))), sum(q))
    p = _allocate(total, np.asarray(q, dtype=float) * np.exp(noise))
    for _ in range(24):  # move any excess over a month's denominator to months with room
        over = sum(max(pm - qm, 0) for pm, qm in zip(p, q, strict=True))
        if not over:
            break
        p = [min(pm, qm) for pm, qm in zip(p, q, strict=True)]
        room = [qm - pm for pm, qm in zip(p, q, strict=True)]
        add = _allocate(min(over, sum(room)), room)
        p = [pm + a for pm, a in zip(p, add, strict=True)]
    return p


def _pagu(tahun: int, pagu24: float, rng) -> int:
    f = 1.0 + 0.06 * (tahun - 2024) + rng.normal(0, 0.02)
    return int(round(pagu24 * f / 100_000) * 100_000)


@dataclass
class _Series:
    """Monthly values of one year (index 0 = January)."""

    tahun: int
    real: dict = field(default_factory=dict)  # kode -> list of 12 floats
    pemb: dict = field(default_factory=dict)
    peny: dict = field(default_factory=dict)
    pagu: dict = field(default_factory=dict)  # kode_kegiatan -> int
    belanja: dict = field(default_factory=dict)  # kode_kegiatan -> list of 12 ints
    rng: np.random.Generator | None = None


def _series(tahun: int, seed: int, cat: Catalogue = SAMPLE_CATALOGUE) -> _Series:
    """Generate every monthly value of a year; draws happen in a fixed order."""
    rng = np.random.default_rng([int(seed), int(tahun)])
    s = _Series(tahun)
    # budget first (IK-26 is derived from it)
    for kode, _nama, _unit, pagu24, serap24 in cat.kegiatan:
        pagu = _pagu(tahun, pagu24, rng)
        serap = min(serap24 + 0.025 * (tahun - 2024) + rng.normal(0, 0.01), 0.995)
        w = np.asarray(PROFILES["belanja"]) * np.exp(rng.normal(0, 0.15, 12))
        monthly = w / w.sum() * pagu * serap
        s.pagu[kode] = pagu
        s.belanja[kode] = [int(round(v / 1000.0) * 1000) for v in monthly]
    for ind in cat.indicators:
        t, r = _levels(ind, tahun)
        if ind.agregasi == KUM:
            prof = np.asarray(PROFILES[ind.profil])
            w = prof * np.exp(rng.normal(0, 0.12, 12))
            s.real[ind.kode] = [float(v) for v in _allocate(int(round(r)), w)]
        elif ind.agregasi == POS:
            start = _start_level(ind, tahun)
            if ind.kode == cat.budget_indicator:
                tot_pagu = sum(s.pagu.values())
                cum = np.cumsum([sum(b[m] for b in s.belanja.values()) for m in range(12)])
                s.real[ind.kode] = [_round(v / tot_pagu * 100, 2) for v in cum]
                continue
            if ind.step:
                frac = np.array([0.0 if m + 1 < ind.step else 1.0 for m in range(12)])
                rng.random(12)  # keep the draw count fixed per indicator
            else:
                w = rng.uniform(0.6, 1.4, 12)
                frac = np.cumsum(w) / w.sum()
            s.real[ind.kode] = [_round(start + (r - start) * f, ind.dec) for f in frac]
        elif ind.agregasi == RATA:
            e = rng.normal(0, 1, 12)
            vals = r + ind.sebaran * (e - e.mean())
            s.real[ind.kode] = [max(_round(v, ind.dec), 0.1) for v in vals]
        elif ind.agregasi == RASIO:
            if isinstance(ind.penyebut, str) and ind.penyebut in s.real:  # another indicator
                q = [int(v) for v in s.real[ind.penyebut]]
                rng.normal(0, 1, 12)
            elif ind.penyebut == "opd":
                q = [int(v) for v in rng.integers(2, 5, 12)]
            else:
                base = float(ind.penyebut)
                noise = rng.normal(0, 0.15, 12)
                q = [max(int(round(base * np.exp(n))), 1) for n in noise] if base > 5 else \
                    [int(base)] * 12
            p = _numerators(q, r / 100.0, rng.normal(0, 0.08, 12))
            s.pemb[ind.kode] = [float(v) for v in p]
            s.peny[ind.kode] = [float(v) for v in q]
            s.real[ind.kode] = [_round(pm / qm * 100, 2) for pm, qm in zip(p, q, strict=True)]
    s.rng = rng
    return s


def _annual(ind: SampleIndicator, s: _Series) -> float:
    """Annual realisation of a generated year (the next year's baseline)."""
    v = s.real[ind.kode]
    if ind.agregasi == KUM:
        return float(sum(v))
    if ind.agregasi == POS:
        return float(v[-1])
    if ind.agregasi == RATA:
        return _round(float(np.mean(v)), ind.dec)
    return _round(sum(s.pemb[ind.kode]) / sum(s.peny[ind.kode]) * 100, 2)


def _renstra_end(tahun: int) -> int:
    return 2026 if tahun <= 2026 else 2026 + 5 * -(-(tahun - 2026) // 5)


def _quarters(ind: SampleIndicator, t: float, tahun: int, s: _Series,
              cat: Catalogue = SAMPLE_CATALOGUE) -> list[float]:
    """RA targets TW I-IV as declared by ``ind.ra``."""
    if ind.agregasi == KUM:
        prof = np.asarray(PROFILES[ind.profil]).reshape(4, 3).sum(axis=1)
        per_q = _allocate(int(round(t)), prof)
        vals = per_q if ind.ra == "per_triwulan" else list(np.cumsum(per_q))
        return [float(v) for v in vals]
    if ind.agregasi == POS:
        start = _start_level(ind, tahun)
        if ind.kode == cat.budget_indicator:
            prof = np.cumsum(PROFILES["belanja"])
            fr = [prof[2] / prof[-1], prof[5] / prof[-1], prof[8] / prof[-1], 1.0]
        elif ind.step:
            fr = [0.0 if 3 * q < ind.step else 1.0 for q in (1, 2, 3, 4)]
        else:
            fr = [0.25, 0.5, 0.75, 1.0]
        return [_round(start + (t - start) * f, ind.dec) for f in fr]
    return [t] * 4


def _pk_tables(tahun: int, seed: int, cat: Catalogue = SAMPLE_CATALOGUE):
    s = _series(tahun, seed, cat)
    prev = _series(tahun - 1, seed, cat)
    pk, ra = [], []
    for ind in cat.indicators:
        t, _r = _levels(ind, tahun)
        renstra = ind.renstra
        pk.append({
            "kode": ind.kode, "kode_sasaran": ind.ss, "sasaran": cat.sasaran[ind.ss],
            "indikator": ind.indikator, "satuan": ind.satuan, "unit": ind.unit,
            "polaritas": ind.polaritas, "metode_negatif": ind.metode,
            "agregasi": ind.agregasi, "target_tahunan": t,
            "baseline": _annual(ind, prev), "target_renstra": renstra,
            "tahun_renstra": _renstra_end(tahun), "kode_kegiatan": ind.kegiatan,
            "iku": "Ya" if ind.iku else "Tidak",
        })
        q = _quarters(ind, t, tahun, s, cat)
        ra.append({"kode": ind.kode, "indikator": ind.indikator, "jenis_target": ind.ra,
                   "target_tw1": q[0], "target_tw2": q[1], "target_tw3": q[2],
                   "target_tw4": q[3]})
    ang = [{"kode_kegiatan": k, "program": cat.program[k.rsplit(".", 2)[0]], "kegiatan": nama,
            "unit": unit, "pagu": s.pagu[k]} for k, nama, unit, _p, _sr in cat.kegiatan]
    return s, pk, ra, ang


def _at_risk(ind: SampleIndicator, cat: Catalogue = SAMPLE_CATALOGUE) -> bool:
    if ind.kode == cat.budget_indicator:
        return False
    if ind.polaritas == N:
        return ind.r24 > ind.t24
    return ind.r24 < 0.95 * ind.t24


def _month_values(unit: str, tahun: int, bulan: int, s: _Series, rng, hari_batas: int,
                  cat: Catalogue = SAMPLE_CATALOGUE) -> dict:
    """Values of one unit-month (without defects)."""
    m = bulan - 1
    real = {}
    for ind in cat.indicators:
        if ind.unit != unit:
            continue
        row = {"realisasi": s.real[ind.kode][m]}
        if ind.agregasi == RASIO:
            row["pembilang"] = s.pemb[ind.kode][m]
            row["penyebut"] = s.peny[ind.kode][m]
        x, y = rng.random(), rng.random()
        pool = cat.kendala.get(ind.kode, cat.kendala_umum)
        if (_at_risk(ind, cat) and x < 0.55) or x < 0.08:
            kend, tl = pool[int(y * len(pool))]
            row["kendala"], row["tindak_lanjut"] = kend, tl
        if rng.random() < 0.85:
            row["bukti"] = f"{ind.bukti} {nama_bulan(bulan)} {tahun}"
        real[ind.kode] = row
    anggaran = {k: s.belanja[k][m] for k, _n, u, _p, _sr in cat.kegiatan if u == unit}
    batas = due_date(tahun, bulan, hari_batas)
    day = int(rng.integers(1, hari_batas + 1))
    kirim = batas.replace(day=day)
    return {"tanggal_kirim": kirim, "pengisi": cat.pengisi[unit], "realisasi": real,
            "anggaran": anggaran}


def _plant(values: dict, unit: str, bulan: int, tahun: int, hari_batas: int,
           indicators: list[dict], libur=(), cat: Catalogue = SAMPLE_CATALOGUE) -> list[dict]:
    """Apply the planted defects of one unit-month to ``values``; return the indicator rows
    (the planted late submission is late against the due date moved past ``libur``)."""
    rows = indicators
    for d_unit, d_bulan, sheet, kode, _col, _aturan, text in cat.defects:
        if (d_unit, d_bulan) != (unit, bulan):
            continue
        if sheet == c.IDENTITAS_SHEET.name:
            values["unit"] = text
        elif cat.unknown_row and kode == cat.unknown_row["kode"]:
            rows = [*rows, dict(cat.unknown_row)]
            values["realisasi"][kode] = {"realisasi": 2,
                                         "bukti": f"Sertifikat uji kompetensi {tahun}"}
        else:
            v = values["realisasi"][kode]["realisasi"]
            if text == "ribuan":
                typed = format_number(v, 0)
            elif text == "persen":
                typed = format_number(v, 2) + "%"
            else:
                typed = text
            values["realisasi"][kode]["realisasi"] = typed
    if cat.late and (unit, bulan) == (cat.late[0], cat.late[1]):
        values["tanggal_kirim"] = (due_date(tahun, bulan, hari_batas, libur)
                                  + _dt.timedelta(cat.late[2]))
    return rows


# --------------------------------------------------------------------------- writing


@dataclass
class SampleManifest:
    """What :func:`write_sample` wrote.

    Attributes
    ----------
    years : list of int
    seed : int
    pk_files : dict
        tahun -> PK workbook path.
    monthly_files : dict
        tahun -> list of monthly workbook paths.
    defect_year : int or None
    defects : list of dict
        Planted data-quality defects (``file`` relative to ``data/raw``, ``sheet``, ``sel``,
        ``aturan``).
    late, missing : list of tuple
        (tahun, bulan, unit) sent late / not sent.
    settings_file : Path or None
        ``data/pengaturan.toml`` when this call wrote it (the office's units and identity).
    """

    years: list
    seed: int
    pk_files: dict = field(default_factory=dict)
    monthly_files: dict = field(default_factory=dict)
    defect_year: int | None = None
    defects: list = field(default_factory=list)
    late: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    settings_file: Path | None = None

    @property
    def files(self) -> list[Path]:
        out = []
        for y in self.years:
            out.append(self.pk_files[y])
            out.extend(self.monthly_files[y])
        return out


def _targets(paths: Paths, years, cat: Catalogue = SAMPLE_CATALOGUE) -> list[Path]:
    out = []
    for y in years:
        out.append(paths.pk_workbook(y))
        out += [paths.monthly_dir(y) / c.bulanan_filename(u.kode, y, b)
                for u in cat.units for b in range(1, 13)]
    return out


def _write_months(paths: Paths, tahun: int, seed: int, s: _Series, pk: list, ang: list,
                  settings: Settings, plant: bool, own: dict, cat: Catalogue) -> list[Path]:
    """Write one year's monthly workbooks of every unit (with ``plant``, the catalogue's
    defects, late, missing and revised months); return the files written."""
    rng = np.random.default_rng([int(seed), int(tahun), 1])
    hari = settings.hari_batas_laporan
    ind_rows = [{"kode": r["kode"], "indikator": r["indikator"], "satuan": r["satuan"],
                 "agregasi": r["agregasi"], "unit": r["unit"]} for r in pk]
    written = []
    for u in cat.units:
        unit_rows = [r for r in ind_rows if r["unit"] == u.kode]
        for bulan in range(1, 13):
            values = _month_values(u.kode, tahun, bulan, s, rng, hari, cat)
            target = paths.monthly_dir(tahun) / c.bulanan_filename(u.kode, tahun, bulan)
            rows = unit_rows
            if plant:
                if (u.kode, bulan) == cat.missing:
                    # only a file this command wrote itself may be removed
                    if target.exists() and _rel_raw(paths, target) in own:
                        target.unlink()
                        own.pop(_rel_raw(paths, target))
                    continue
                rows = _plant(values, u.kode, bulan, tahun, hari, unit_rows,
                              settings.libur, cat)
            write_monthly_template(target, u.kode, tahun, bulan, rows, ang, settings,
                                   values=values)
            written.append(target)
            if plant and (u.kode, bulan) == cat.revisi:
                written.append(_write_revision(target, u.kode, tahun, bulan, rows, ang,
                                               settings, values))
    return written


def _write_revision(first: Path, unit: str, tahun: int, bulan: int, rows, ang,
                    settings: Settings, values: dict) -> Path:
    """Send ``first`` again a week later as *Revisi ke-* 1 with its first value raised 10%."""
    rev = {**values, "revisi_ke": 1,
           "tanggal_kirim": values["tanggal_kirim"] + _dt.timedelta(7),
           "realisasi": {k: dict(v) for k, v in values["realisasi"].items()}}
    for row in rev["realisasi"].values():
        if isinstance(row.get("realisasi"), float) and "penyebut" not in row:
            row["realisasi"] = _round(row["realisasi"] * 1.1 + 1, 0)
            break
    target = first.with_name(f"{first.stem}_revisi1{first.suffix}")
    write_monthly_template(target, unit, tahun, bulan, rows, ang, settings, values=rev)
    return target


def write_sample(paths: Paths, years=(2023, 2024), seed: int = 20240101,
                 overwrite: bool = False, settings: Settings | None = None,
                 catalogue: Catalogue | None = None) -> SampleManifest:
    """Write the sample PK workbooks and monthly reports under ``data/raw/<tahun>/``.

    Parameters
    ----------
    paths : Paths
    years : iterable of int
        Sample years (default 2023 and 2024); the latest, if >= 2024, carries the planted
        defects (:data:`PLANTED_DEFECTS`).
    seed : int
        Seed of ``numpy.random.default_rng([seed, tahun])``.
    overwrite : bool
        Replace existing files; without it an existing sample file raises
        ``FileExistsError``. With it the planted missing workbook is removed if present.
    settings : Settings, optional
        Office code and due day (default :func:`sample_settings`, the sample office).
        Written to ``data/pengaturan.toml`` when that file does not exist yet.
    catalogue : Catalogue, optional
        The office's definitions (default :data:`SAMPLE_CATALOGUE`; other offices come from
        :mod:`kinerja_lib.io.synthetic`, which passes matching ``settings``).

    Returns
    -------
    SampleManifest
    """
    settings = settings or sample_settings()
    cat = catalogue or SAMPLE_CATALOGUE
    years = sorted({int(y) for y in years})
    own = read_manifest(paths)
    _refuse_foreign(paths, _targets(paths, years, cat), own, overwrite)
    dy = defect_year(years)
    man = SampleManifest(years=years, seed=int(seed), defect_year=dy)
    for tahun in years:
        s, pk, ra, ang = _pk_tables(tahun, seed, cat)
        man.pk_files[tahun] = write_pk_workbook(paths.pk_workbook(tahun), pk, ra, ang,
                                                settings, tahun=tahun)
        man.monthly_files[tahun] = _write_months(paths, tahun, seed, s, pk, ang, settings,
                                                 tahun == dy, own, cat)
    if not paths.settings_file.exists():  # the sample office is data: its units and identity
        paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file.write_text(settings_toml(settings), encoding="utf-8")
        man.settings_file = paths.settings_file
    # the office's Renstra and isu strategis for the LKjIP (never replaces an edited file)
    if cat is SAMPLE_CATALOGUE:  # other offices' profiles are theirs to write
        write_profil_templates(paths, SAMPLE_RENSTRA, SAMPLE_ISU_STRATEGIS)
    if dy is not None:
        man.defects = planted_defects(dy, cat)
        man.late = [(dy, cat.late[1], cat.late[0])] if cat.late else []
        man.missing = [(dy, cat.missing[1], cat.missing[0])] if cat.missing else []
    for f in man.files:
        own[_rel_raw(paths, f)] = sha256_file(f)
    write_manifest(paths, own)
    return man


# --------------------------------------------------------------------------- own files

#: Name of the list of files ``kinerja contoh`` wrote (relative to data/raw, with sha256).
MANIFEST_NAME = "contoh_berkas.json"


def _rel_raw(paths: Paths, f: Path) -> str:
    return Path(f).relative_to(paths.raw).as_posix()


def manifest_path(paths: Paths) -> Path:
    return paths.data / MANIFEST_NAME


def read_manifest(paths: Paths) -> dict[str, str]:
    """Files the sample wrote earlier in this project folder: {path under data/raw: sha256}."""
    f = manifest_path(paths)
    if not f.exists():
        return {}
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # unreadable: trust nothing, so every existing file counts as the user's
    return {str(k): str(v) for k, v in data.get("berkas", {}).items()}


def write_manifest(paths: Paths, own: dict[str, str]) -> None:
    body = {"keterangan": "Berkas yang ditulis oleh `kinerja contoh`; jangan disunting.",
            "berkas": dict(sorted(own.items()))}
    atomic_write_text(manifest_path(paths), json.dumps(body, indent=1, ensure_ascii=False) + "\n")


def _refuse_foreign(paths: Paths, targets, own: dict[str, str], overwrite: bool) -> None:
    """Raise when writing the sample would replace a file this command did not write.

    A file at a sample path is replaced only when the manifest lists it and it is unchanged
    since (or, with ``overwrite``, when the manifest lists it at all). Anything else is the
    user's and is never touched.
    """
    foreign, changed = [], []
    for f in targets:
        if not f.exists():
            continue
        rel = _rel_raw(paths, f)
        if rel not in own:
            foreign.append(rel)
        elif not overwrite and sha256_file(f) != own[rel]:
            changed.append(rel)
    if foreign:
        raise FileExistsError(
            f"{len(foreign)} berkas di {paths.raw} tidak ditulis oleh `kinerja contoh` "
            f"(mis. {foreign[0]}); data contoh tidak ditulis agar berkas itu tidak tertimpa. "
            "Pakai folder lain untuk data contoh: kinerja --folder FOLDER contoh")
    if changed:
        raise FileExistsError(
            f"{len(changed)} berkas data contoh sudah diubah sejak ditulis (mis. {changed[0]}). "
            "Gunakan --timpa untuk menulis ulang data contoh.")


__all__ = ["write_sample", "SampleManifest", "PLANTED_DEFECTS", "PLANTED_LATE",
           "PLANTED_LATE_DAYS", "PLANTED_MISSING", "planted_defects", "defect_year",
           "INDICATORS", "KEGIATAN", "SASARAN", "SAMPLE_UNITS", "sample_settings"]
