"""Lembar disposisi: the content of the A4 routing slip of SOP steps 1, 2, 6 and 7.

A *lembar disposisi* is the form by which an official instructs staff: the analyst (Staf
Penyusun Evaluasi Kinerja) prepares it, the official ticks an instruction, writes the *Isi
Disposisi* by hand, dates and signs it. The SOP names a disposisi as the output of step 1
(collect the quarter's data from the units), step 2 (recap the quarter), step 6 (recap the
semester) and step 7 (compile and review the semester or annual report); see
``docs/domain.md``.

:func:`build_disposisi` makes the page's content (:class:`Disposisi`) from the tracker status
(``data/processed/<tahun>/pengiriman_status.parquet``), the quality table and the settings:
what is asked of whom and by when, and the recap status. Pure: no file, no clock. The printed
page (HTML, PDF) and the files are in :mod:`kinerja_lib.reports.disposisi_cetak`.

Instruction, date, signature and agenda number are left blank for the official; the name and
NIP of the signing official are filled in when ``settings.pejabat`` holds them.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

import pandas as pd

from kinerja_lib.domain.errors import PeriodError
from kinerja_lib.domain.numbers import format_percent, format_tanggal
from kinerja_lib.domain.periods import ROMAWI, Periode, due_date, nama_bulan, tanggal_acuan

#: SOP steps that produce a disposisi -> (short title, period types the step is done for).
LANGKAH: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("Pengumpulan data kinerja triwulan dari unit", ("triwulan",)),
    2: ("Rekapitulasi laporan triwulan", ("triwulan",)),
    6: ("Rekapitulasi dua triwulan menjadi laporan semester", ("semester",)),
    7: ("Penyusunan dan reviu laporan semester/tahunan", ("semester", "tahunan")),
}

#: The usual instructions, each with a box for the official to tick.
INSTRUKSI = ("Untuk diketahui", "Untuk ditindaklanjuti", "Untuk dikoordinasikan",
             "Untuk dilaporkan", "Arsip")

#: Urgency boxes of the form header.
SIFAT = ("Sangat segera", "Segera", "Biasa")

DARI = "Staf Penyusun Evaluasi Kinerja"

#: Who signs the disposisi of each step: (key in ``settings.pejabat``, position as printed).
PENANDA_TANGAN = {1: ("sekretaris", "Sekretaris"), 2: ("sekretaris", "Sekretaris"),
                  6: ("sekretaris", "Sekretaris"), 7: ("kepala_dinas", "Kepala Dinas")}

_DITERIMA = ("tepat waktu", "terlambat")
_BELUM_DIPERIKSA = "belum diperiksa"


def filename(langkah: int, ext: str = "html") -> str:
    """``disposisi_langkah1.html``."""
    return f"disposisi_langkah{int(langkah)}.{ext}"


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Tujuan:
    """One addressee (*Kepada*) and what is asked of them.

    Attributes
    ----------
    nama : str
        Unit or position, e.g. ``Seksi Pembinaan ... (PUS-BIN)``, ``Kepala Bidang Kearsipan``.
    rincian : tuple of str
        What is asked, one short line each (months owed with due dates, data to fix, work).
    """

    nama: str
    rincian: tuple[str, ...] = ()
    ringkas: str = ""

    @property
    def ringkasan(self) -> str:
        """One-line form, printed when many addressees must share the page."""
        return self.ringkas or "; ".join(self.rincian)


#: Above this many detail lines in *Kepada*, each addressee is printed on one line
#: (:attr:`Tujuan.ringkasan`) so the slip stays one page.
MAKS_RINCIAN = 6


@dataclass(frozen=True)
class BarisStatus:
    """One row of the recap status table: submissions of a span of months."""

    label: str
    wajib: int
    tepat_waktu: int
    terlambat: int
    belum_ada: int
    belum_jatuh_tempo: int
    galat: int
    peringatan: int

    @property
    def diterima(self) -> int:
        return self.tepat_waktu + self.terlambat


@dataclass(frozen=True)
class Disposisi:
    """Everything printed on one lembar disposisi (plain text; escaped when rendered).

    Attributes
    ----------
    langkah : int
        SOP step (1, 2, 6, 7).
    judul_langkah : str
        Short title of the step.
    periode : Periode
    kop : tuple of str
        Letterhead lines: government, office, address.
    perihal, dari : str
    kepada : tuple of Tujuan
    batas_waktu : tuple of str
        Due dates (the last line may end in a dotted blank for the official).
    status : tuple of BarisStatus
        Recap status per span of months, the last row the total to the period's end.
    catatan_status : tuple of str
        Sentences under the status table (on-time rate, data problems, review status).
    lampiran : tuple of str
        Files that go with the slip (relative paths).
    jabatan_penanda_tangan, nama_penanda_tangan, nip_penanda_tangan : str
        The signing official; name and NIP empty when not set (printed as dotted blanks).
    sidik : str
        Fingerprint of the input data (traceability), or empty.
    """

    langkah: int
    judul_langkah: str
    periode: Periode
    kop: tuple[str, ...]
    perihal: str
    dari: str
    kepada: tuple[Tujuan, ...]
    batas_waktu: tuple[str, ...]
    status: tuple[BarisStatus, ...]
    catatan_status: tuple[str, ...]
    lampiran: tuple[str, ...]
    jabatan_penanda_tangan: str
    nama_penanda_tangan: str = ""
    nip_penanda_tangan: str = ""
    sidik: str = ""

    @property
    def judul(self) -> str:
        """Document title: ``Lembar Disposisi Langkah 1 - Triwulan II 2024``."""
        return f"Lembar Disposisi Langkah {self.langkah} \u2014 {self.periode.label}"


def check_langkah(langkah: int, periode: Periode) -> None:
    """Raise :class:`PeriodError` when step ``langkah`` is not done for ``periode``."""
    if langkah not in LANGKAH:
        raise PeriodError(f"Langkah {langkah} tidak menghasilkan disposisi; pilih "
                          + ", ".join(str(k) for k in LANGKAH) + ".")
    judul, jenis = LANGKAH[langkah]
    if periode.jenis not in jenis:
        pilihan = {"triwulan": "--triwulan N", "semester": "--semester N",
                   "tahunan": "--tahunan"}
        raise PeriodError(
            f"Langkah {langkah} ({judul}) dilakukan per {' atau '.join(jenis)}, bukan untuk "
            f"{periode.label}; gunakan {' atau '.join(pilihan[j] for j in jenis)}."
        )


def _date(v) -> _dt.date | None:
    if v is None or (not isinstance(v, _dt.date) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp | _dt.datetime):
        return v.date()
    return v


def _teks(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else " ".join(str(v).split())


_MONTHLY_NAME = re.compile(r"^(?P<unit>.+)_(?P<tahun>\d{4})-(?P<bulan>\d{1,2})$")


def _file_keys(kualitas: pd.DataFrame, pengiriman: pd.DataFrame | None) -> pd.DataFrame:
    """Quality rows with the ``unit`` and ``bulan`` of their file (None/0 when unknown,
    e.g. the Perjanjian Kinerja workbook): from the accepted submissions, else the standard
    file name ``<UNIT>_<tahun>-<MM>.xlsx``."""
    known: dict[str, tuple[str, int]] = {}
    if pengiriman is not None and len(pengiriman):
        for r in pengiriman.itertuples(index=False):
            known[r.sumber_file] = (r.unit, int(r.bulan))
    units, months = [], []
    for f in kualitas["file"] if len(kualitas) else []:
        if f in known:
            u, b = known[f]
        else:
            stem = str(f).rsplit("/", 1)[-1].rsplit(".", 1)[0]
            m = _MONTHLY_NAME.match(stem)
            u, b = (m["unit"], int(m["bulan"])) if m and 1 <= int(m["bulan"]) <= 12 else (None, 0)
        units.append(u)
        months.append(b)
    out = kualitas.copy()
    out["unit"] = units
    out["bulan"] = pd.Series(months, index=out.index, dtype="int64")
    return out


def _spans(periode: Periode) -> list[tuple[str, list[int]]]:
    """Rows of the status table: for a quarter the earlier months in one row then its months;
    for a semester or the year one row per quarter."""
    if periode.jenis == "triwulan":
        first = periode.months[0]
        rows = []
        if first > 1:
            rows.append((f"{nama_bulan(1)} \u2013 {nama_bulan(first - 1)}",
                         list(range(1, first))))
        return rows + [(nama_bulan(m), [m]) for m in periode.months]
    return [(f"Triwulan {ROMAWI[q]}", [3 * q - 2, 3 * q - 1, 3 * q])
            for q in range(1, periode.last_triwulan + 1)]


def _row(label: str, st: pd.DataFrame, kual: pd.DataFrame, months: list[int]) -> BarisStatus:
    s = st[st["bulan"].isin(months)]["status"]
    k = kual[kual["bulan"].isin(months)]["tingkat"]
    return BarisStatus(label, len(s), int((s == "tepat waktu").sum()),
                       int((s == "terlambat").sum()), int((s == "belum ada").sum()),
                       int(s.isin(("belum jatuh tempo", _BELUM_DIPERIKSA)).sum()),
                       int((k == "error").sum()), int((k == "peringatan").sum()))


def _as_of(st: pd.DataFrame, acuan: _dt.date) -> pd.DataFrame:
    """Reports not received, judged as of ``acuan`` (as :func:`io.tracker.submission_status`
    does): *belum ada* with the days since the due date when ``acuan`` is after it, else
    *belum jatuh tempo*. ``kinerja validasi`` judges the whole year (by default on a date in
    January of the next year), so a period's slip must not take its days late as they are."""
    missing = st["status"].isin(("belum ada", "belum jatuh tempo"))
    if not missing.any():
        return st
    hari = [(acuan - _date(b)).days for b in st.loc[missing, "batas"]]
    st.loc[missing, "status"] = ["belum ada" if h > 0 else "belum jatuh tempo" for h in hari]
    st.loc[missing, "hari_terlambat"] = [max(h, 0) for h in hari]
    return st


def _complete_status(status: pd.DataFrame, periode: Periode, hari_batas: int, libur=(),
                     acuan: _dt.date | None = None) -> pd.DataFrame:
    """The tracker rows of January..period end, the missing ones judged as of ``acuan``
    (:func:`_as_of`); months the last validation did not cover (``kinerja validasi
    --sampai-bulan`` before the period's end) are added for every reporting unit with status
    *belum diperiksa*."""
    months = periode.months_to_date
    st = status[(status["tahun"] == periode.tahun) & status["bulan"].isin(months)].copy()
    if acuan is not None:
        st = _as_of(st, acuan)
    have = set(st["bulan"].astype(int))
    extra = []
    units = list(dict.fromkeys(zip(status["unit"], status["nama_unit"], strict=True)))
    for b in months:
        if b in have:
            continue
        for unit, nama in units:
            extra.append({"tahun": periode.tahun, "unit": unit, "nama_unit": nama, "bulan": b,
                          "batas": pd.Timestamp(due_date(periode.tahun, b, hari_batas, libur)),
                          "status": _BELUM_DIPERIKSA, "hari_terlambat": 0})
    if extra:
        st = pd.concat([st, pd.DataFrame(extra)], ignore_index=True)
    order = {u: i for i, (u, _) in enumerate(units)}
    st["_o"] = st["unit"].map(order)
    return st.sort_values(["_o", "bulan"], kind="mergesort").drop(columns="_o")


def _owed_line(r, tahun: int) -> str:
    batas = format_tanggal(_date(r.batas))
    bulan = f"{nama_bulan(int(r.bulan))} {tahun}"
    if r.status == "belum ada":
        return (f"kirim laporan {bulan} (belum diterima; batas {batas}, lewat "
                f"{int(r.hari_terlambat)} hari)")
    if r.status == _BELUM_DIPERIKSA:
        return f"kirim laporan {bulan} (belum diperiksa; batas {batas})"
    return f"kirim laporan {bulan} (batas {batas})"


def _fix_line(rows: pd.DataFrame) -> str:
    galat = rows[rows["tingkat"] == "error"]
    cells = [f"{str(f).rsplit('/', 1)[-1]}, lembar {s}, sel {c}"
             for f, s, c in zip(galat["file"], galat["sheet"], galat["sel"], strict=True)]
    shown = "; ".join(cells[:3]) + ("; ..." if len(cells) > 3 else "")
    return f"perbaiki {len(galat)} galat: {shown}"


_OWED = {"belum ada": "belum diterima", "belum jatuh tempo": "belum jatuh tempo",
         _BELUM_DIPERIKSA: "belum diperiksa"}


def _summary(rows: pd.DataFrame, galat: int, tahun: int) -> str:
    """``belum diterima: April, Mei 2024; perbaiki 2 galat`` (due dates are under *Batas
    waktu*)."""
    parts = []
    for status, label in _OWED.items():
        months = [nama_bulan(int(b)) for b in rows.loc[rows["status"] == status, "bulan"]]
        if months:
            parts.append(f"{label}: {', '.join(months)} {tahun}")
    if galat:
        parts.append(f"perbaiki {galat} galat")
    return "; ".join(parts)


def _kepada_units(st: pd.DataFrame, kual: pd.DataFrame, periode: Periode) -> list[Tujuan]:
    """Step 1: every unit that still owes a report of January..period end, or must fix an
    error in one of its files, with the months owed and their due dates."""
    owed = st[st["status"].isin(tuple(_OWED))]
    units = list(dict.fromkeys(zip(st["unit"], st["nama_unit"], strict=True)))
    out = []
    for unit, nama in units:
        mine_owed = owed[owed["unit"] == unit]
        lines = [_owed_line(r, periode.tahun) for r in mine_owed.itertuples(index=False)]
        mine = kual[(kual["unit"] == unit) & (kual["tingkat"] == "error")]
        if len(mine):
            lines.append(_fix_line(mine))
        if lines:
            out.append(Tujuan(f"{_teks(nama) or unit} ({unit})", tuple(lines),
                              _summary(mine_owed, len(mine), periode.tahun)))
    if not out:
        out.append(Tujuan("Seluruh unit pelapor", (
            f"semua laporan s.d. {nama_bulan(periode.last_month)} {periode.tahun} telah "
            "diterima tanpa galat; untuk diketahui",)))
    return out


def _units(settings) -> tuple:
    return tuple(getattr(settings, "units", ()) or ())


def _jabatan_kepala(u) -> str:
    return _teks(getattr(u, "jabatan_kepala", "")) or f"Kepala {_teks(u.nama)}"


def _kasubag_program(settings) -> str:
    for u in _units(settings):
        if "program" in _teks(u.nama).lower():
            return _jabatan_kepala(u)
    return "Kepala Subbagian Program"


def _outstanding(st: pd.DataFrame, units: set[str] | None = None) -> list[str]:
    sel = st[st["status"].isin(("belum ada", _BELUM_DIPERIKSA))]
    if units is not None:
        sel = sel[sel["unit"].isin(units)]
    return [f"{r.unit} {nama_bulan(int(r.bulan))} {int(r.tahun)}"
            for r in sel.itertuples(index=False)]


def _kepada_bidang(settings, st: pd.DataFrame, periode: Periode) -> list[Tujuan]:
    """Step 6: the head of every bidang (a top-level unit named *Bidang ...*), asked to
    check the semester recap of the units under it."""
    units = _units(settings)
    tw = " dan ".join(f"Triwulan {ROMAWI[q]}" for q in periode.triwulan_list)
    out = []
    for b in units:
        if b.induk is not None or not _teks(b.nama).lower().startswith("bidang"):
            continue
        children = [u for u in units if u.induk == b.kode]
        kodes = {b.kode, *(u.kode for u in children)}
        lines = [f"memeriksa rekap {tw} {periode.tahun} menjadi laporan {periode.label} "
                 f"untuk {_teks(b.nama)}"
                 + (f" ({', '.join(u.kode for u in children)})" if children else "")]
        kurang = _outstanding(st, kodes)
        if kurang:
            lines.append("laporan belum ada: " + ", ".join(kurang))
        out.append(Tujuan(_jabatan_kepala(b), tuple(lines)))
    if not out:
        line = f"memeriksa rekap {tw} {periode.tahun} menjadi laporan {periode.label}"
        kurang = _outstanding(st)
        out.append(Tujuan("Kepala Bidang", (line,) + (
            ("laporan belum ada: " + ", ".join(kurang),) if kurang else ())))
    return out


def _status_rows(st: pd.DataFrame, kual: pd.DataFrame, periode: Periode) -> list[BarisStatus]:
    rows = [_row(label, st, kual, months) for label, months in _spans(periode)]
    last = f"{nama_bulan(periode.last_month)} {periode.tahun}"
    rows.append(_row(f"Jumlah s.d. {last}", st, kual, periode.months_to_date))
    return rows


def _status_notes(st: pd.DataFrame, kual: pd.DataFrame, total: BarisStatus,
                  periode: Periode, langkah: int, tinjauan: str | None) -> list[str]:
    notes = []
    due = total.wajib - total.belum_jatuh_tempo
    if due:
        notes.append(f"Ketepatan waktu: {format_percent(total.tepat_waktu / due * 100, 1)} "
                     f"({total.tepat_waktu} dari {due} laporan yang sudah jatuh tempo).")
    if (st["status"] == _BELUM_DIPERIKSA).any():
        first = int(st.loc[st["status"] == _BELUM_DIPERIKSA, "bulan"].min())
        notes.append(f"Kiriman mulai {nama_bulan(first)} {periode.tahun} belum diperiksa: "
                     f"jalankan kinerja validasi --tahun {periode.tahun} --sampai-bulan "
                     f"{periode.last_month}.")
    pk = kual[kual["bulan"] == 0]
    n_err, n_warn = int((pk["tingkat"] == "error").sum()), int((pk["tingkat"] == "peringatan").sum())
    if n_err or n_warn:
        notes.append(f"Berkas lain (Perjanjian Kinerja, berkas tanpa nama baku): {n_err} galat, "
                     f"{n_warn} peringatan.")
    if total.galat or n_err:
        notes.append("Baris bergalat dikarantina dan tidak ikut dihitung sampai diperbaiki.")
    if tinjauan and langkah in (6, 7):
        notes.append(f"Status reviu laporan {periode.label}: {tinjauan}")
    return notes


def _kop(settings) -> tuple[str, ...]:
    pemda = _teks(getattr(settings, "nama_pemda", ""))
    if pemda and not pemda.lower().startswith("pemerintah"):
        pemda = f"Pemerintah {pemda}"
    alamat = _teks(getattr(settings, "alamat", ""))
    provinsi = _teks(getattr(settings, "provinsi", ""))
    if provinsi and provinsi.lower() not in alamat.lower():
        alamat = f"{alamat}, Provinsi {provinsi}" if alamat else f"Provinsi {provinsi}"
    return (pemda.upper(), _teks(getattr(settings, "nama_opd", "")).upper(), alamat)


def _signer(settings, langkah: int) -> tuple[str, str, str]:
    kunci, jabatan = PENANDA_TANGAN[langkah]
    for p in getattr(settings, "pejabat", ()) or ():
        if getattr(p, "kunci", None) == kunci:
            return jabatan, _teks(getattr(p, "nama", "")), _teks(getattr(p, "nip", ""))
    return jabatan, "", ""


@dataclass(frozen=True)
class _Ctx:
    """What every step's content is made from."""

    periode: Periode
    settings: object
    st: pd.DataFrame
    kual: pd.DataFrame
    total: BarisStatus
    hari: int

    @property
    def aturan(self) -> str:
        return f"(tanggal {self.hari} bulan berikutnya)"

    def batas(self, bulan: int) -> str:
        """Due date of a month's report, moved past the office's holidays."""
        libur = getattr(self.settings, "libur", ()) or ()
        return format_tanggal(due_date(self.periode.tahun, bulan, self.hari, libur))

    def data_lengkap(self) -> str:
        p = self.periode
        batas = self.batas(p.last_month)
        return (f"Data lengkap: laporan {nama_bulan(p.last_month)} {p.tahun} paling lambat "
                f"{batas} {self.aturan}.")


_TITIK = "\u2026" * 6


def _step1(x: _Ctx):
    p = x.periode
    months = sorted({*p.months, *x.st.loc[x.st["status"].isin(tuple(_OWED)), "bulan"].astype(int)})
    batas = ["Laporan bulan " + ", ".join(
        f"{nama_bulan(m)} \u2192 {x.batas(m)}"
        for m in months) + f" {x.aturan}."]
    if x.total.belum_ada:
        batas.append(f"Laporan yang sudah lewat batas ({x.total.belum_ada}): segera, paling "
                     f"lambat {_TITIK}")
    return f"Pengumpulan data kinerja {p.label}", _kepada_units(x.st, x.kual, p), batas


def _step2(x: _Ctx):
    p, t = x.periode, x.total
    lines = [f"merekap laporan {p.label} ({p.rentang_bulan}) dari rekap tervalidasi "
             f"rekap_{p.tahun}.xlsx"]
    if t.belum_ada or t.galat:
        lines.append(f"menindaklanjuti {t.belum_ada} laporan belum ada dan {t.galat} galat "
                     "sebelum rekap diolah (langkah 3)")
    return (f"Rekapitulasi laporan data kinerja {p.label}",
            [Tujuan(_kasubag_program(x.settings), tuple(lines))],
            [x.data_lengkap(), f"Rekap selesai paling lambat: {_TITIK}"])


def _step6(x: _Ctx):
    p = x.periode
    tw = " dan ".join(f"Triwulan {ROMAWI[q]}" for q in p.triwulan_list)
    return (f"Rekapitulasi data kinerja {p.label} ({tw})",
            _kepada_bidang(x.settings, x.st, p),
            [x.data_lengkap(), f"Rekap semester selesai paling lambat: {_TITIK}"])


def _step7(x: _Ctx):
    p = x.periode
    laporan = "laporan tahunan (LKjIP)" if p.jenis == "tahunan" else "laporan semester"
    lines = [f"meninjau {laporan} {p.label} dan memberi keputusan reviu Ya/Tidak (dicatat "
             f"dengan kinerja tinjau --periode {p.kode})"]
    if x.total.belum_ada:
        lines.append(f"catatan: {x.total.belum_ada} laporan bulanan belum ada ("
                     + ", ".join(_outstanding(x.st)[:6]) + ")")
    return (f"Penyusunan dan reviu {laporan} {p.label}", [Tujuan("Sekretaris", tuple(lines))],
            [x.data_lengkap(), f"Keputusan reviu paling lambat: {_TITIK}"])


_STEPS = {1: _step1, 2: _step2, 6: _step6, 7: _step7}


def build_disposisi(langkah: int, periode: Periode, settings, status: pd.DataFrame,
                    kualitas: pd.DataFrame, pengiriman: pd.DataFrame | None = None,
                    tinjauan: str | None = None, lampiran=(), sidik: str = "",
                    perihal: str | None = None,
                    tanggal_acuan_status: _dt.date | None = None) -> Disposisi:
    """Content of the lembar disposisi of SOP step ``langkah`` for ``periode``.

    Parameters
    ----------
    langkah : int
        1 (collect the quarter's data), 2 (recap the quarter), 6 (semester recap) or 7
        (semester/annual report and its review); see :data:`LANGKAH` for the periods allowed.
    periode : Periode
    settings : Settings
        ``nama_pemda``, ``nama_opd``, ``hari_batas_laporan``; if present ``alamat``,
        ``provinsi``, ``units`` (bidang heads for step 6, the programme sub-division for step
        2) and ``pejabat`` (name and NIP of the signer).
    status : DataFrame
        Tracker status (``io.tracker.STATUS_COLUMNS``) of the year; reports not received
        are judged again as of ``tanggal_acuan_status``.
    kualitas : DataFrame
        Quality table of the year (``file, sheet, sel, aturan, pesan, tingkat``).
    pengiriman : DataFrame, optional
        Accepted submissions, to attribute quality rows to a unit and month.
    tinjauan : str, optional
        Review status of the period's report (step 6/7), e.g. ``"DRAFT - Laporan belum
        ditinjau."``.
    lampiran : sequence of str
        Files to list as attachments.
    sidik : str
        Fingerprint of the input data.
    perihal : str, optional
        Subject line; default from the step and period.
    tanggal_acuan_status : date, optional
        Date the reports not received are judged on (*belum ada* and days late); default
        :func:`periods.tanggal_acuan` of the period's last month (the day after its due
        date), whatever date ``kinerja validasi`` judged the year on.

    Returns
    -------
    Disposisi

    Raises
    ------
    PeriodError
        The step is not done for this kind of period (:func:`check_langkah`).
    """
    check_langkah(langkah, periode)
    hari = int(settings.hari_batas_laporan)
    libur = tuple(getattr(settings, "libur", ()) or ())
    acuan = tanggal_acuan(periode.tahun, periode.last_month, hari, libur) \
        if tanggal_acuan_status is None else tanggal_acuan_status
    st = _complete_status(status, periode, hari, libur, acuan)
    kual = _file_keys(kualitas, pengiriman)
    kual = kual[kual["bulan"].isin([0, *periode.months_to_date])]
    rows = _status_rows(st, kual, periode)
    judul_perihal, kepada, batas = _STEPS[langkah](_Ctx(periode, settings, st, kual, rows[-1],
                                                        hari))
    jabatan, nama, nip = _signer(settings, langkah)
    return Disposisi(
        langkah=langkah, judul_langkah=LANGKAH[langkah][0], periode=periode,
        kop=_kop(settings), perihal=_teks(perihal) or judul_perihal, dari=DARI,
        kepada=tuple(kepada), batas_waktu=tuple(batas), status=tuple(rows),
        catatan_status=tuple(_status_notes(st, kual, rows[-1], periode, langkah, tinjauan)),
        lampiran=tuple(_teks(x) for x in lampiran), jabatan_penanda_tangan=jabatan,
        nama_penanda_tangan=nama, nip_penanda_tangan=nip, sidik=_teks(sidik),
    )


__all__ = ["LANGKAH", "INSTRUKSI", "SIFAT", "MAKS_RINCIAN", "Disposisi", "Tujuan",
           "BarisStatus", "build_disposisi", "check_langkah", "filename"]
