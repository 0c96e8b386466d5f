"""Reporting periods: tahun, triwulan, semester, tahunan -> months, and Indonesian labels.

Nothing here reads the clock. A period is identified by a short code used in folder names
(``tw1``..``tw4``, ``s1``, ``s2``, ``tahunan``) and by a ``Periode`` object.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from kinerja_lib.domain.errors import PeriodError

NAMA_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}




def nama_bulan(bulan: int) -> str:
    """Indonesian month name, ``1`` -> ``"Januari"``."""
    if not 1 <= int(bulan) <= 12:
        raise PeriodError(f"Bulan {bulan} tidak valid (harus 1-12).")
    return NAMA_BULAN[int(bulan) - 1]


def triwulan_of_month(bulan: int) -> int:
    """Quarter (1-4) that holds a month."""
    nama_bulan(bulan)
    return (int(bulan) - 1) // 3 + 1


def months_of_triwulan(triwulan: int) -> list[int]:
    """Months of a quarter: ``2`` -> ``[4, 5, 6]``."""
    if triwulan not in (1, 2, 3, 4):
        raise PeriodError(f"Triwulan {triwulan} tidak valid (harus 1-4).")
    return [3 * (triwulan - 1) + i for i in (1, 2, 3)]


def months_of_semester(semester: int) -> list[int]:
    """Months of a half-year: ``1`` -> ``[1..6]``."""
    if semester not in (1, 2):
        raise PeriodError(f"Semester {semester} tidak valid (harus 1 atau 2).")
    return list(range(1, 7)) if semester == 1 else list(range(7, 13))


@dataclass(frozen=True, order=True)
class Periode:
    """A reporting period of one year.

    Parameters
    ----------
    tahun : int
    jenis : str
        ``"triwulan"``, ``"semester"`` or ``"tahunan"``.
    nomor : int
        Quarter 1-4, semester 1-2, or 1 for tahunan.
    """

    tahun: int
    jenis: str
    nomor: int = 1

    def __post_init__(self):
        if not 2000 <= int(self.tahun) <= 2100:
            raise PeriodError(f"Tahun {self.tahun} tidak valid.")
        if self.jenis == "triwulan":
            months_of_triwulan(self.nomor)
        elif self.jenis == "semester":
            months_of_semester(self.nomor)
        elif self.jenis == "tahunan":
            if self.nomor != 1:
                raise PeriodError("Periode tahunan tidak bernomor.")
        else:
            raise PeriodError(f"Jenis periode '{self.jenis}' tidak dikenal.")

    @property
    def months(self) -> list[int]:
        """Months inside the period."""
        if self.jenis == "triwulan":
            return months_of_triwulan(self.nomor)
        if self.jenis == "semester":
            return months_of_semester(self.nomor)
        return list(range(1, 13))

    @property
    def months_to_date(self) -> list[int]:
        """Months from January to the period's end (for 's.d.' cumulative values)."""
        return list(range(1, self.months[-1] + 1))

    @property
    def last_month(self) -> int:
        return self.months[-1]

    @property
    def triwulan_list(self) -> list[int]:
        """Quarters inside the period."""
        return sorted({triwulan_of_month(m) for m in self.months})

    @property
    def last_triwulan(self) -> int:
        return triwulan_of_month(self.last_month)

    @property
    def kode(self) -> str:
        """Short code for folder names: ``tw2``, ``s1``, ``tahunan``."""
        if self.jenis == "triwulan":
            return f"tw{self.nomor}"
        if self.jenis == "semester":
            return f"s{self.nomor}"
        return "tahunan"

    @property
    def label(self) -> str:
        """Indonesian label: ``Triwulan II 2024``, ``Semester I 2024``, ``Tahun 2024``."""
        if self.jenis == "triwulan":
            return f"Triwulan {ROMAWI[self.nomor]} {self.tahun}"
        if self.jenis == "semester":
            return f"Semester {ROMAWI[self.nomor]} {self.tahun}"
        return f"Tahun {self.tahun}"

    @property
    def label_sd(self) -> str:
        """Label of the cumulative span: ``s.d. Triwulan II 2024``."""
        return f"s.d. {self.label}" if self.jenis != "tahunan" else self.label

    @property
    def rentang_bulan(self) -> str:
        """``April - Juni 2024``."""
        return f"{nama_bulan(self.months[0])} - {nama_bulan(self.months[-1])} {self.tahun}"

    @classmethod
    def from_kode(cls, tahun: int, kode: str) -> Periode:
        """Inverse of :attr:`kode`."""
        kode = kode.strip().lower()
        if kode == "tahunan":
            return cls(tahun, "tahunan", 1)
        if kode.startswith("tw") and kode[2:].isdigit():
            return cls(tahun, "triwulan", int(kode[2:]))
        if kode.startswith("s") and kode[1:].isdigit():
            return cls(tahun, "semester", int(kode[1:]))
        raise PeriodError(f"Kode periode '{kode}' tidak dikenal (contoh: tw1, s1, tahunan).")


def triwulan(tahun: int, nomor: int) -> Periode:
    return Periode(tahun, "triwulan", nomor)


def semester(tahun: int, nomor: int) -> Periode:
    return Periode(tahun, "semester", nomor)


def tahunan(tahun: int) -> Periode:
    return Periode(tahun, "tahunan", 1)


def all_periods(tahun: int) -> list[Periode]:
    """Every report period of a year in SOP order: TW I-IV, Semester I-II, Tahunan."""
    return (
        [triwulan(tahun, n) for n in (1, 2, 3, 4)]
        + [semester(tahun, n) for n in (1, 2)]
        + [tahunan(tahun)]
    )


def due_date(tahun: int, bulan: int, hari_batas: int, libur=()) -> _dt.date:
    """Date a month's report is due: day ``hari_batas`` of the following month, moved past
    the office's listed holidays.

    Calendar days count (Indonesian SOPs count calendar days): a Saturday or Sunday does
    not move the date by itself. A date that is in ``libur`` (``settings.libur``) moves to
    the next day, again and again while that day is listed too, so an office that wants
    weekends to shift the date lists those days.

    Parameters
    ----------
    tahun, bulan : int
        The month reported on.
    hari_batas : int
        Day of the following month (``settings.hari_batas_laporan``, 1-28).
    libur : iterable of date, optional
        Holidays of the office; default none.

    Examples
    --------
    ``due_date(2024, 7, 17)`` -> 17 August 2024; ``due_date(2024, 7, 17,
    [date(2024, 8, 17)])`` -> 18 August 2024.
    """
    nama_bulan(bulan)
    if bulan == 12:
        batas = _dt.date(tahun + 1, 1, hari_batas)
    else:
        batas = _dt.date(tahun, bulan + 1, hari_batas)
    hari_libur = set(libur or ())
    while batas in hari_libur:
        batas += _dt.timedelta(days=1)
    return batas


def tanggal_acuan(tahun: int, sampai_bulan: int, hari_batas: int, libur=()) -> _dt.date:
    """Default reference date of the reports due up to ``sampai_bulan``: the day after the
    due date of that month's report.

    A period is judged once its last month's report is overdue: on this date every month
    ``1..sampai_bulan`` has passed its due date, so a report still missing is *belum ada*
    (never *belum jatuh tempo*). The one default used by ``kinerja validasi`` (unless
    ``--tanggal-acuan`` is given) and by every report; for a period pass
    ``periode.tahun, periode.last_month``. ``(2024, 6, 5)`` -> 6 July 2024. ``libur``
    (``settings.libur``) moves the due date as in :func:`due_date`.
    """
    return due_date(tahun, sampai_bulan, hari_batas, libur) + _dt.timedelta(days=1)
