"""The deterministic sample: write it once, read every file back with openpyxl."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import time

import pytest
from openpyxl import load_workbook

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.numbers import parse_number
from kinerja_lib.domain.periods import due_date
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import (
    PLANTED_DEFECTS,
    PLANTED_LATE,
    PLANTED_MISSING,
    sample_settings,
    write_sample,
)
from kinerja_lib.ui import commands

SEED = 20240101


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    t0 = time.perf_counter()
    man = write_sample(Paths(root), (2023, 2024), seed=SEED)
    man.seconds = time.perf_counter() - t0
    return Paths(root), man


def _sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _table(ws, spec):
    """Rows of a data sheet as dicts keyed by column name, with their row numbers."""
    headers = [cell.value for cell in ws[1]]
    names = {col.header: col.name for col in spec.columns}
    out = []
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v is None for v in row):
            continue
        rec = {names[h]: v for h, v in zip(headers, row, strict=False) if h in names}
        rec["_row"] = r
        out.append(rec)
    return out


@functools.cache
def _read_pk(paths, tahun):
    wb = load_workbook(paths.pk_workbook(tahun))
    return (_table(wb[c.PK_SHEET.name], c.PK_SHEET), _table(wb[c.RA_SHEET.name], c.RA_SHEET),
            _table(wb[c.ANGGARAN_SHEET.name], c.ANGGARAN_SHEET))


@functools.cache
def _read_monthly(path):
    wb = load_workbook(path)
    ws = wb[c.IDENTITAS_SHEET.name]
    labels = {col.header: col.name for col in c.IDENTITAS_SHEET.fields}
    ident = {labels[a]: b for a, b in ws.iter_rows(min_col=1, max_col=2, values_only=True)}
    return (wb.sheetnames, ident, _table(wb[c.REALISASI_SHEET.name], c.REALISASI_SHEET),
            _table(wb[c.REALISASI_ANGGARAN_SHEET.name], c.REALISASI_ANGGARAN_SHEET))


def test_manifest_lists_the_planted_defects(sample):
    _paths, man = sample
    assert man.defect_year == 2024
    assert man.defects == PLANTED_DEFECTS
    assert man.late == [PLANTED_LATE] and man.missing == [PLANTED_MISSING]
    assert {d["aturan"] for d in man.defects} == {
        "angka_sebagai_teks", "realisasi_kosong", "unit_alias", "kode_tidak_dikenal"}
    assert sum(d["aturan"] == "angka_sebagai_teks" for d in man.defects) == 2
    assert all(d["aturan"] in c.ATURAN for d in man.defects)
    assert all(d["file"].startswith("2024/") for d in man.defects)
    # late and missing fall in the first half-year (visible in quarterly reports)
    assert PLANTED_LATE[1] <= 6 and PLANTED_MISSING[1] <= 6


def test_files_written(sample):
    paths, man = sample
    assert paths.pk_workbook(2023).exists() and paths.pk_workbook(2024).exists()
    assert len(man.monthly_files[2023]) == 96 and len(man.monthly_files[2024]) == 95
    on_disk = {y: sorted(p.name for p in paths.monthly_dir(y).iterdir()) for y in (2023, 2024)}
    assert len(on_disk[2023]) == 96 and len(on_disk[2024]) == 95
    tahun, bulan, unit = PLANTED_MISSING
    assert c.bulanan_filename(unit, tahun, bulan) not in on_disk[2024]
    print(f"sample written in {man.seconds:.1f} s")


def test_sample_is_byte_deterministic(sample, tmp_path):
    paths, _man = sample
    other = Paths(tmp_path)
    write_sample(other, (2024,), seed=SEED)  # one year alone gives the same files
    ref = sorted(paths.raw_year(2024).rglob("*.xlsx"))
    new = sorted(other.raw_year(2024).rglob("*.xlsx"))
    assert [p.relative_to(paths.raw) for p in ref] == [p.relative_to(other.raw) for p in new]
    assert [_sha(p) for p in ref] == [_sha(p) for p in new]
    third = Paths(tmp_path / "lain")
    write_sample(third, (2024,), seed=SEED + 1)
    assert _sha(third.pk_workbook(2024)) != _sha(paths.pk_workbook(2024))


def test_catalogue_covers_the_contract(sample):
    paths, _man = sample
    pk, ra, ang = _read_pk(paths, 2024)
    assert 24 <= len(pk) <= 28
    assert {r["polaritas"] for r in pk} == {"positif", "negatif"}
    assert {r["agregasi"] for r in pk} == set(c.AGREGASI_LABEL.values())
    assert {r["metode_negatif"] for r in pk if r["polaritas"] == "negatif"} == {"A", "B"}
    assert sum(r["polaritas"] == "negatif" for r in pk) >= 2
    assert {sample_settings().resolve_unit(r["unit"]) for r in pk} == {u.kode for u in sample_settings().units}
    assert 3 <= len({r["kode_sasaran"] for r in pk}) <= 5
    assert {r["jenis_target"] for r in ra} == set(c.JENIS_TARGET_RA_LABEL.values())
    assert [r["kode"] for r in ra] == [r["kode"] for r in pk]
    assert {r["tahun_renstra"] for r in pk} == {2026}
    assert {r["iku"] for r in pk} == {"Ya", "Tidak"}
    kegiatan = {r["kode_kegiatan"] for r in ang}
    assert {r["kode_kegiatan"] for r in pk} <= kegiatan
    assert all(100_000_000 <= r["pagu"] < 1_000_000_000 for r in ang)
    assert {sample_settings().resolve_unit(r["unit"]) for r in ang} == {u.kode for u in sample_settings().units}
    for r in ra:  # RA targets end at the annual target for cumulative declarations
        t = next(p["target_tahunan"] for p in pk if p["kode"] == r["kode"])
        if r["jenis_target"] == "kumulatif s.d. triwulan":
            assert r["target_tw4"] == pytest.approx(t)
            assert r["target_tw1"] <= r["target_tw2"] <= r["target_tw3"] <= r["target_tw4"]


def test_planted_defects_are_in_the_files(sample):
    paths, man = sample
    pk_codes = {r["kode"] for r in _read_pk(paths, 2024)[0]}
    for d in man.defects:
        wb = load_workbook(paths.raw / d["file"])
        value = wb[d["sheet"]][d["sel"]].value
        if d["aturan"] == "angka_sebagai_teks":
            assert isinstance(value, str) and parse_number(value) is not None
            assert ("." in value) or value.endswith("%")
        elif d["aturan"] == "realisasi_kosong":
            assert value == "-" and parse_number(value) is None
        elif d["aturan"] == "unit_alias":
            assert value not in {u.nama for u in sample_settings().units} | {u.kode for u in sample_settings().units}
            unit = d["file"].split("/")[-1].split("_")[0]
            assert sample_settings().resolve_unit(value) == unit
        elif d["aturan"] == "kode_tidak_dikenal":
            assert value not in pk_codes and value.startswith("IK-")
    texts = [load_workbook(paths.raw / d["file"])[d["sheet"]][d["sel"]].value
             for d in man.defects if d["aturan"] == "angka_sebagai_teks"]
    # one thousands-grouped count, one percent with a decimal comma
    percent = [t for t in texts if t.endswith("%")]
    grouped = [t for t in texts if not t.endswith("%")]
    assert len(percent) == 1 and "," in percent[0]
    assert len(grouped) == 1 and "." in grouped[0] and parse_number(grouped[0]) >= 1000


def test_pk_workbooks_are_complete(sample):
    paths, _man = sample
    for tahun in (2023, 2024):
        pk, ra, ang = _read_pk(paths, tahun)
        for r in pk:
            for col in c.PK_SHEET.columns:
                if col.required:
                    assert r[col.name] not in (None, ""), (tahun, r["kode"], col.name)
                if col.dtype == "number" and r[col.name] is not None:
                    assert isinstance(r[col.name], (int, float)) and r[col.name] >= 0
                if col.choices and r[col.name] is not None:
                    assert r[col.name] in col.choices.values()
            assert (r["metode_negatif"] is None) == (r["polaritas"] == "positif")
        assert len({r["kode"] for r in pk}) == len(pk)
        for r in ra:
            assert all(isinstance(r[f"target_tw{i}"], (int, float)) for i in range(1, 5))
        assert len({r["kode_kegiatan"] for r in ang}) == len(ang)


def test_only_the_planted_defects(sample):
    """Everything ingest checks is clean except the planted cells, late and missing."""
    paths, man = sample
    planted = {(d["file"], d["sheet"], d["sel"]) for d in man.defects}
    seen = set()
    for tahun in (2023, 2024):
        pk, _ra, ang = _read_pk(paths, tahun)
        by_kode = {r["kode"]: r for r in pk}
        keg_unit = {r["kode_kegiatan"]: sample_settings().resolve_unit(r["unit"]) for r in ang}
        for path in sorted(paths.monthly_dir(tahun).iterdir()):
            rel = path.relative_to(paths.raw).as_posix()
            unit, rest = path.stem.split("_")
            bulan = int(rest.split("-")[1])
            sheets, ident, real, anggaran = _read_monthly(path)
            assert sheets == ["Identitas", "Realisasi", "Anggaran", "Petunjuk"]
            assert ident["opd"] == sample_settings().kode_opd
            assert (ident["tahun"], ident["bulan"]) == (tahun, bulan)
            if (rel, "Identitas", "B2") in planted:
                seen.add((rel, "Identitas", "B2"))
            else:
                assert ident["unit"] == sample_settings().nama_unit(unit)
            kirim = ident["tanggal_kirim"].date()
            batas = due_date(tahun, bulan, 5)
            assert kirim > due_date(tahun, bulan, 1) - dt.timedelta(days=1)  # after month end
            assert ident["pengisi"]
            if (tahun, bulan, unit) == PLANTED_LATE:
                assert kirim > batas
            else:
                assert kirim <= batas
            own = [k for k, r in by_kode.items() if sample_settings().resolve_unit(r["unit"]) == unit]
            for rec in real:
                kode_cell = (rel, "Realisasi", f"A{rec['_row']}")
                if rec["kode"] not in by_kode:
                    assert kode_cell in planted
                    seen.add(kode_cell)
                    continue
                assert rec["kode"] in own
                cell = (rel, "Realisasi", f"E{rec['_row']}")
                if cell in planted:
                    seen.add(cell)
                    continue
                assert isinstance(rec["realisasi"], (int, float)) and rec["realisasi"] >= 0
                if by_kode[rec["kode"]]["agregasi"] == "rasio":
                    p, q = rec["pembilang"], rec["penyebut"]
                    assert isinstance(p, (int, float)) and isinstance(q, (int, float))
                    assert 0 <= p <= q and q > 0
                    assert rec["realisasi"] == pytest.approx(p / q * 100, abs=0.01)
                else:
                    assert rec["pembilang"] is None and rec["penyebut"] is None
            assert sorted(r["kode"] for r in real if r["kode"] in by_kode) == sorted(own)
            assert {r["kode_kegiatan"] for r in anggaran} == \
                {k for k, u in keg_unit.items() if u == unit}
            for r in anggaran:
                assert isinstance(r["realisasi_anggaran"], int) and r["realisasi_anggaran"] >= 0
    assert seen == planted


def _annual(paths, tahun, kode, agregasi):
    vals, pemb, peny = [], [], []
    for path in sorted(paths.monthly_dir(tahun).iterdir()):
        for rec in _read_monthly(path)[2]:
            if rec["kode"] == kode:
                vals.append((int(path.stem[-2:]), parse_number(rec["realisasi"])))
                pemb.append(rec["pembilang"])
                peny.append(rec["penyebut"])
    vals.sort()
    if agregasi == "kumulatif":
        return sum(v for _, v in vals if v is not None)
    if agregasi == "posisi akhir":
        return vals[-1][1]
    if agregasi == "rasio":
        return sum(pemb) / sum(peny) * 100
    return sum(v for _, v in vals) / len(vals)


def test_values_are_plausible(sample):
    paths, _man = sample
    pk23 = {r["kode"]: r for r in _read_pk(paths, 2023)[0]}
    pk24 = {r["kode"]: r for r in _read_pk(paths, 2024)[0]}
    # baseline 2024 = 2023 annual realisation read back from the 2023 monthly files
    for kode in ("IK-07", "IK-10", "IK-08", "IK-24"):
        r23 = _annual(paths, 2023, kode, pk24[kode]["agregasi"])
        assert pk24[kode]["baseline"] == pytest.approx(r23, abs=0.01)
    # 2024 beats 2023 on visits; targets grow
    assert _annual(paths, 2024, "IK-07", "kumulatif") > _annual(paths, 2023, "IK-07",
                                                                "kumulatif")
    assert all(pk24[k]["target_tahunan"] >= pk23[k]["target_tahunan"] for k in pk24
               if pk24[k]["polaritas"] == "positif")
    # some indicators exceed the target, some are clearly behind (positif ones)
    ratios = {k: _annual(paths, 2024, k, r["agregasi"]) / r["target_tahunan"]
              for k, r in pk24.items() if r["polaritas"] == "positif"
              and r["agregasi"] in ("kumulatif", "posisi akhir")}
    assert max(ratios.values()) > 1.1
    assert min(ratios.values()) < 0.85
    # realisasi anggaran (%) equals the spending reported in the monthly Anggaran sheets
    spent = sum(r["realisasi_anggaran"] for p in paths.monthly_dir(2023).iterdir()
                for r in _read_monthly(p)[3])
    pagu = sum(r["pagu"] for r in _read_pk(paths, 2023)[2])
    assert _annual(paths, 2023, "IK-26", "posisi akhir") == pytest.approx(
        spent / pagu * 100, abs=0.01)
    assert 0.8 < spent / pagu < 1.0


def test_rewrites_only_its_own_unchanged_files(tmp_path):
    paths = Paths(tmp_path)
    first = write_sample(paths, (2024,), seed=SEED)
    digests = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in first.files}
    write_sample(paths, (2024,), seed=SEED)  # a rerun rewrites its own files identically
    assert {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in first.files} == digests
    edited = first.files[3]
    edited.write_bytes(edited.read_bytes() + b"\0")
    with pytest.raises(FileExistsError, match="--timpa"):
        write_sample(paths, (2024,), seed=SEED)
    write_sample(paths, (2024,), seed=SEED, overwrite=True)  # its own file, explicitly asked
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == digests[edited]


def test_never_touches_a_file_it_did_not_write(tmp_path):
    """A user's submission at a sample path (here the planted missing month) is never
    overwritten or deleted, not even with --timpa; unrelated user files are left alone."""
    paths = Paths(tmp_path)
    write_sample(paths, (2024,), seed=SEED)
    tahun, bulan, unit = PLANTED_MISSING
    user = paths.monthly_dir(tahun) / c.bulanan_filename(unit, tahun, bulan)
    user.write_bytes(b"kiriman asli unit")
    other = paths.monthly_dir(tahun) / "catatan_analis.txt"
    other.write_bytes(b"catatan")
    for overwrite in (False, True):
        with pytest.raises(FileExistsError, match="tidak ditulis oleh `kinerja contoh`"):
            write_sample(paths, (2024,), seed=SEED, overwrite=overwrite)
        assert user.read_bytes() == b"kiriman asli unit"
    user.unlink()  # the user moves it away: the sample writes again, the other file stays
    write_sample(paths, (2024,), seed=SEED, overwrite=True)
    assert other.read_bytes() == b"catatan" and not user.exists()


def test_cli_contoh(tmp_path, capsys):
    paths = Paths(tmp_path)
    args = argparse.Namespace(tahun=[2024], benih=SEED, timpa=False)
    assert commands.contoh(args, paths, sample_settings()) == 0
    out = capsys.readouterr().out
    assert paths.settings_file.exists()
    assert "95 laporan progres bulanan" in out
    for d in PLANTED_DEFECTS:
        assert f"{d['file']}, lembar {d['sheet']}, sel {d['sel']}: {d['aturan']}" in out
    assert "terlambat" in out and "belum ada" in out
    assert commands.contoh(args, paths, sample_settings()) == 0  # rerun: own files, unchanged
    first = sorted(paths.monthly_dir(2024).glob("*.xlsx"))[0]
    first.write_bytes(b"diubah")
    with pytest.raises(UserError, match="--timpa"):
        commands.contoh(args, paths, sample_settings())
