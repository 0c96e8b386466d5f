"""Reporting periods: months, quarters, Indonesian labels, codes and due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kinerja_lib.domain import periods as p


def test_nama_bulan_and_triwulan_of_month():
    assert p.nama_bulan(1) == "Januari" and p.nama_bulan(12) == "Desember"
    assert [p.triwulan_of_month(m) for m in range(1, 13)] == [1] * 3 + [2] * 3 + [3] * 3 + [4] * 3
    for bad in (0, 13):
        with pytest.raises(p.PeriodError, match="tidak valid"):
            p.nama_bulan(bad)


@pytest.mark.parametrize("periode,months,to_date,tws,kode,label,label_sd,rentang", [
    (p.triwulan(2024, 1), [1, 2, 3], [1, 2, 3], [1], "tw1", "Triwulan I 2024",
     "s.d. Triwulan I 2024", "Januari - Maret 2024"),
    (p.triwulan(2024, 2), [4, 5, 6], list(range(1, 7)), [2], "tw2", "Triwulan II 2024",
     "s.d. Triwulan II 2024", "April - Juni 2024"),
    (p.triwulan(2024, 4), [10, 11, 12], list(range(1, 13)), [4], "tw4", "Triwulan IV 2024",
     "s.d. Triwulan IV 2024", "Oktober - Desember 2024"),
    (p.semester(2024, 1), list(range(1, 7)), list(range(1, 7)), [1, 2], "s1",
     "Semester I 2024", "s.d. Semester I 2024", "Januari - Juni 2024"),
    (p.semester(2024, 2), list(range(7, 13)), list(range(1, 13)), [3, 4], "s2",
     "Semester II 2024", "s.d. Semester II 2024", "Juli - Desember 2024"),
    (p.tahunan(2024), list(range(1, 13)), list(range(1, 13)), [1, 2, 3, 4], "tahunan",
     "Tahun 2024", "Tahun 2024", "Januari - Desember 2024"),
])
def test_period_properties(periode, months, to_date, tws, kode, label, label_sd, rentang):
    assert periode.months == months
    assert periode.months_to_date == to_date
    assert periode.triwulan_list == tws
    assert periode.last_month == months[-1]
    assert periode.last_triwulan == tws[-1]
    assert periode.kode == kode
    assert periode.label == label
    assert periode.label_sd == label_sd
    assert periode.rentang_bulan == rentang
    assert p.Periode.from_kode(2024, kode) == periode
    assert p.Periode.from_kode(2024, kode.upper() + " ") == periode


def test_all_periods_order_and_count():
    codes = [x.kode for x in p.all_periods(2023)]
    assert codes == ["tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan"]
    # semester = union of its two quarters; year = union of both semesters
    s1, s2 = p.semester(2023, 1), p.semester(2023, 2)
    assert s1.months == p.triwulan(2023, 1).months + p.triwulan(2023, 2).months
    assert p.tahunan(2023).months == s1.months + s2.months


@pytest.mark.parametrize("args", [(2024, "triwulan", 5), (2024, "semester", 3),
                                  (2024, "tahunan", 2), (2024, "bulanan", 1),
                                  (1999, "triwulan", 1)])
def test_invalid_periods(args):
    with pytest.raises(p.PeriodError):
        p.Periode(*args)


def test_from_kode_rejects_unknown():
    with pytest.raises(p.PeriodError, match="tidak dikenal"):
        p.Periode.from_kode(2024, "q2")


def test_due_date():
    assert p.due_date(2024, 1, 5) == dt.date(2024, 2, 5)
    assert p.due_date(2024, 12, 10) == dt.date(2025, 1, 10)


def test_due_date_moves_past_listed_holidays_not_weekends():
    # 5 May 2024 is a Sunday: calendar days count, no shift without a listed holiday
    assert p.due_date(2024, 4, 5) == dt.date(2024, 5, 5)
    assert p.due_date(2024, 4, 5, ()) == dt.date(2024, 5, 5)
    # a due date on a listed holiday moves to the next day
    assert p.due_date(2024, 7, 17, [dt.date(2024, 8, 17)]) == dt.date(2024, 8, 18)
    # two consecutive holidays: two days; a holiday after the due date changes nothing
    libur = (dt.date(2024, 5, 5), dt.date(2024, 5, 6), dt.date(2024, 5, 8))
    assert p.due_date(2024, 4, 5, libur) == dt.date(2024, 5, 7)
    assert p.due_date(2024, 3, 5, libur) == dt.date(2024, 4, 5)
    # December into January of the next year; the reference date follows the moved due date
    assert p.due_date(2024, 12, 1, [dt.date(2025, 1, 1)]) == dt.date(2025, 1, 2)
    assert p.tanggal_acuan(2024, 4, 5, libur) == dt.date(2024, 5, 8)
    assert p.tanggal_acuan(2024, 4, 5) == dt.date(2024, 5, 6)
