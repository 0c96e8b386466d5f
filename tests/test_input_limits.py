"""Hostile and broken input: size limits checked before a workbook is parsed, and submission
identity (Kode OPD, hidden sheets and rows, lock/hidden files, external links).

Every case writes a real .xlsx (openpyxl, or crafted ZIP bytes for the bomb) and runs the
whole ingest; rows read = accepted + quarantined (+ superseded) is checked each time.
"""

from __future__ import annotations

import io
import os
import random
import re
import string
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import corpus
import pytest
from corpus import TAHUN, E

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.settings import validate
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings

K = corpus.col_letter(c.REALISASI_SHEET, "kendala")
NAME = "PUS-LAY_2024-02.xlsx"
MB = 1024 * 1024


def _year(tmp_path) -> Paths:
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    return paths


def _issues(r, aturan, file=NAME):
    q = r.data.kualitas
    return q[(q["aturan"] == aturan) & q["file"].str.endswith(file)]


def _file_rows(r, file=NAME) -> int:
    """Rows of one file that reached the accepted or quarantine frames."""
    d = r.data
    n = (d.realisasi["sumber_file"].str.endswith(file).sum()
         + d.realisasi_anggaran["sumber_file"].str.endswith(file).sum()
         + d.karantina["sumber_file"].str.endswith(file).sum())
    return int(n)


def _with_long_text(wb_bytes: bytes, marker: str, chunk: bytes, n_chunks: int) -> bytes:
    """The workbook with the cell text ``marker`` replaced by ``chunk * n_chunks``, streamed
    into the ZIP part that holds it (the long text is never held in memory whole)."""
    src = zipfile.ZipFile(io.BytesIO(wb_bytes))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if marker.encode() not in data:
                out.writestr(info.filename, data)
                continue
            head, tail = data.split(marker.encode(), 1)
            with out.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                for _ in range(n_chunks):
                    fh.write(chunk)
                fh.write(tail)
    return buf.getvalue()


def _kendala_wb(text: str):
    real = corpus.realisasi_rows("PUS-LAY", 2)
    real[0]["kendala"] = text
    return corpus.monthly_workbook("PUS-LAY", 2, real=real)


def _reject_case(tmp_path, data: bytes, settings, words):
    paths = _year(tmp_path)
    corpus.monthly_path(paths, "PUS-LAY", 2).write_bytes(data)
    t0 = time.perf_counter()
    r = read_year(paths, TAHUN, settings)
    took = time.perf_counter() - t0
    hits = _issues(r, "batas_berkas")
    assert len(hits) == 1, r.data.kualitas
    pesan = hits.iloc[0]["pesan"]
    assert hits.iloc[0]["tingkat"] == "error"
    assert NAME in pesan
    for w in words:
        assert w in pesan, pesan
    assert _file_rows(r) == 0  # rejected before any row is read
    corpus.assert_invariant(r, paths, oracle=False)
    # the clean January files are still read in full
    assert r.counts["realisasi"]["dibaca"] == len(corpus.realisasi_rows("PUS-LAY", 1)) + len(
        corpus.realisasi_rows("ARS-PEN", 1))
    return r, took


# --------------------------------------------------------------------------- limits


def test_file_size_limit(tmp_path):
    wb = corpus.workbook_bytes(corpus.monthly_workbook("PUS-LAY", 2))
    buf = io.BytesIO(wb)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as zf:  # 1.5 MB of incompressible noise
        zf.writestr("xl/media/foto.bin", random.Random(1).randbytes(int(1.5 * MB)))
    _reject_case(tmp_path, buf.getvalue(), sample_settings().with_(batas_ukuran_berkas_mb=1),
                 ["1 MB", "batas_ukuran_berkas_mb"])


def test_total_uncompressed_limit(tmp_path):
    rnd = random.Random(2)
    text = "".join(rnd.choice(string.ascii_letters) for _ in range(3 * 10 ** 5))  # low ratio
    data = _with_long_text(corpus.workbook_bytes(_kendala_wb("PENANDA")), "PENANDA",
                           text.encode(), 4)
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < total and total > MB
    _reject_case(tmp_path, data, sample_settings().with_(batas_isi_zip_mb=1),
                 ["batas_isi_zip_mb", "1 MB"])


def test_compression_ratio_limit(tmp_path):
    # 8 MB of one letter in a kendala cell: far under the size limits, ratio ~ 1000
    data = _with_long_text(corpus.workbook_bytes(_kendala_wb("PENANDA")), "PENANDA",
                           b"x" * MB, 8)
    assert len(data) < 100_000
    _reject_case(tmp_path, data, sample_settings(),
                 ["xl/worksheets/sheet2.xml", "batas_rasio_kompresi", "100 kali"])


def test_row_limit_is_cheap(tmp_path):
    # a value at row 200 000: rejected from the sheet XML, openpyxl never loads the sheet
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    corpus.realisasi_ws(wb).cell(200_000, 1, "x")
    _, took = _reject_case(tmp_path, corpus.workbook_bytes(wb), sample_settings(),
                           ["'Realisasi'", "5000 baris", "batas_baris"])
    assert took < 20, took


def test_row_limit_setting(tmp_path):
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    corpus.realisasi_ws(wb).cell(12, 2, "catatan")
    _reject_case(tmp_path, corpus.workbook_bytes(wb), sample_settings().with_(batas_baris=10),
                 ["baris 12", "10 baris"])


def test_column_limit(tmp_path):
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    corpus.realisasi_ws(wb).cell(2, 61, "catatan")
    _reject_case(tmp_path, corpus.workbook_bytes(wb), sample_settings(),
                 ["kolom BI", "60 kolom", "batas_kolom"])


def test_long_text_cut_with_warning(tmp_path):
    paths = _year(tmp_path)
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=_kendala_wb("k" * 2500))
    r = read_year(paths, TAHUN, sample_settings())
    w = _issues(r, "sel_terlalu_panjang")
    assert list(w["sel"]) == [f"{K}2"] and list(w["tingkat"]) == ["peringatan"]
    assert "2500 karakter" in w.iloc[0]["pesan"] and "2000" in w.iloc[0]["pesan"]
    real = r.data.realisasi
    row = real[real["sumber_file"].str.endswith(NAME) & (real["sumber_baris"] == 2)]
    assert len(row) == 1 and row.iloc[0]["kendala"] == "k" * 2000
    corpus.assert_invariant(r, paths)


def test_long_number_cell_is_error(tmp_path):
    paths = _year(tmp_path)
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    corpus.realisasi_ws(wb)[f"{E}2"] = "1" * 2500
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    e = _issues(r, "sel_terlalu_panjang")
    assert list(e["sel"]) == [f"{E}2"] and list(e["tingkat"]) == ["error"]
    k = r.data.karantina
    assert ((k["sumber_file"].str.endswith(NAME)) & (k["sumber_baris"] == 2)).sum() == 1
    corpus.assert_invariant(r, paths)


def test_limits_are_validated_settings():
    with pytest.raises(SettingsError, match="batas_baris"):
        validate(sample_settings().with_(batas_baris=0))


_RSS_SCRIPT = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from kinerja_lib.io.workbook import Issues, open_book
    issues = Issues()
    book = open_book(Path(sys.argv[1]).read_bytes(), "bom.xlsx", issues)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
          book is None, ",".join(i["aturan"] for i in issues.rows) or "-",
          "batas_bagian_zip_mb" in " ".join(i["pesan"] for i in issues.rows))
""")


def _peak_mb(path: Path) -> tuple[int, bool, str, bool]:
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(path)], capture_output=True,
                         text=True, check=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    peak, none, rules, part = out.stdout.split()
    return int(peak), none == "True", rules, part == "True"


def test_zip_bomb_refused_without_inflating(tmp_path):
    """A 150 MiB kendala cell in a ~150 KB file (over batas_bagian_zip_mb, 100 MB): refused
    from the ZIP directory; peak memory stays that of opening a normal workbook."""
    bomb = _with_long_text(corpus.workbook_bytes(_kendala_wb("PENANDA")), "PENANDA",
                           b"x" * MB, 150)
    assert len(bomb) < MB
    (tmp_path / "bom.xlsx").write_bytes(bomb)
    corpus.write_monthly(Paths(tmp_path), "PUS-LAY", 2)
    normal = corpus.monthly_path(Paths(tmp_path), "PUS-LAY", 2)
    peak_bomb, refused, rules, part = _peak_mb(tmp_path / "bom.xlsx")
    peak_normal, refused_normal, _, _ = _peak_mb(normal)
    assert refused and rules == "batas_berkas" and part
    assert not refused_normal
    # inflating 150 MiB would take at least 150 MB; allow 40 MB of noise
    assert peak_bomb < peak_normal + 40, (peak_bomb, peak_normal)


# --------------------------------------------------------------------------- identity


@pytest.mark.parametrize("opd", ["../../x", "DINKES-XYZ"])
def test_other_office_code_quarantines_file(tmp_path, opd):
    paths = _year(tmp_path)
    corpus.write_monthly(paths, "PUS-LAY", 2, identitas={"opd": opd})
    r = read_year(paths, TAHUN, sample_settings())
    e = _issues(r, "opd_tidak_sesuai")
    assert list(e["sel"]) == ["B1"] and list(e["tingkat"]) == ["error"]
    assert opd in e.iloc[0]["pesan"] and "DISPERSIP-BLG" in e.iloc[0]["pesan"]
    assert not r.data.realisasi["sumber_file"].str.endswith(NAME).any()
    assert _file_rows(r) == len(corpus.realisasi_rows("PUS-LAY", 2)) + len(
        corpus.anggaran_rows("PUS-LAY", 2))
    corpus.assert_invariant(r, paths)


def test_office_code_case_and_spaces_ignored(tmp_path):
    paths = _year(tmp_path)
    corpus.write_monthly(paths, "PUS-LAY", 2, identitas={"opd": "  dispersip-blg "})
    r = read_year(paths, TAHUN, sample_settings())
    assert _issues(r, "opd_tidak_sesuai").empty
    assert r.data.realisasi["sumber_file"].str.endswith(NAME).sum() == len(
        corpus.realisasi_rows("PUS-LAY", 2))


def test_hidden_sheet_never_read_in_place_of_visible(tmp_path):
    paths = _year(tmp_path)
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    ghost = wb.create_sheet("REALISASI.", 0)  # same normalised name, placed first
    ghost.append([col.header for col in c.REALISASI_SHEET.columns])
    ghost.append(["IK-01", "x", "orang", "kumulatif", 999_999])
    ghost.sheet_state = "hidden"
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    w = _issues(r, "lembar_tersembunyi")
    assert list(w["sheet"]) == ["REALISASI."] and list(w["tingkat"]) == ["peringatan"]
    real = r.data.realisasi
    mine = real[real["sumber_file"].str.endswith(NAME)]
    assert set(mine["sumber_sheet"]) == {"Realisasi"} and 999_999 not in set(mine["realisasi"])
    corpus.assert_invariant(r, paths, oracle=False)
    assert len(mine) == len(corpus.realisasi_rows("PUS-LAY", 2))


def test_only_hidden_sheet_is_error(tmp_path):
    paths = _year(tmp_path)
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    wb[c.REALISASI_SHEET.name].sheet_state = "veryHidden"
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    e = _issues(r, "lembar_tersembunyi")
    assert list(e["tingkat"]) == ["error"] and "Unhide" in e.iloc[0]["pesan"]
    assert not _issues(r, "sheet_hilang").empty
    assert not r.data.realisasi["sumber_file"].str.endswith(NAME).any()
    corpus.assert_invariant(r, paths, oracle=False)


def test_hidden_rows_with_data_are_read_with_warning(tmp_path):
    paths = _year(tmp_path)
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    ws = corpus.realisasi_ws(wb)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[40].hidden = True  # hidden but empty: not named
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    w = _issues(r, "baris_tersembunyi")
    assert len(w) == 1 and w.iloc[0]["sel"] == "A3"
    assert re.search(r"Baris 3 lembar", w.iloc[0]["pesan"]), w.iloc[0]["pesan"]
    real = r.data.realisasi
    assert ((real["sumber_file"].str.endswith(NAME)) & (real["sumber_baris"] == 3)).sum() == 1
    corpus.assert_invariant(r, paths)


def test_lock_and_hidden_files_are_reported(tmp_path):
    paths = _year(tmp_path)
    folder = paths.monthly_dir(TAHUN)
    corpus.write_monthly(paths, "PUS-LAY", 2, name=".PUS-LAY_2024-02.xlsx")
    (folder / "~$PUS-LAY_2024-01.xlsx").write_bytes(b"\x00lock")
    (folder / "Thumbs.db").write_bytes(b"x")
    r = read_year(paths, TAHUN, sample_settings())
    w = r.data.kualitas[r.data.kualitas["aturan"] == "berkas_dilewati"]
    assert len(w) == 1 and w.iloc[0]["tingkat"] == "peringatan"
    pesan = w.iloc[0]["pesan"]
    assert "'.PUS-LAY_2024-02.xlsx'" in pesan and "'~$PUS-LAY_2024-01.xlsx'" in pesan
    assert "Thumbs" not in pesan
    assert r.data.realisasi["bulan"].eq(2).sum() == 0  # skipped files are not read
    corpus.assert_invariant(r, paths)


def test_external_link_formula_warns(tmp_path):
    paths = _year(tmp_path)
    data = corpus.workbook_bytes(corpus.monthly_workbook("PUS-LAY", 2))
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            xml = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # Realisasi
                xml, n = re.subn(rb"(<c r=\"" + E.encode() + rb"2\"[^>]*>)(<v>)",
                                  rb"\1<f>[1]Data!A1</f>\2", xml)
                assert n == 1
            out.writestr(info.filename, xml)
    corpus.monthly_path(paths, "PUS-LAY", 2).write_bytes(buf.getvalue())
    r = read_year(paths, TAHUN, sample_settings())
    w = _issues(r, "tautan_eksternal")
    assert list(w["sel"]) == [f"{E}2"] and "[1]Data!A1" in w.iloc[0]["pesan"]
    real = r.data.realisasi
    row = real[real["sumber_file"].str.endswith(NAME) & (real["sumber_baris"] == 2)]
    assert row.iloc[0]["realisasi"] == corpus.realisasi_rows("PUS-LAY", 2)[0]["realisasi"]
    corpus.assert_invariant(r, paths)


# --------------------------------------------------------------------------- templates' lenient read


@pytest.mark.parametrize("limits, words", [
    ({"batas_baris": 3}, ["batas_baris", "'Perjanjian Kinerja'"]),
    ({"batas_kolom": 5}, ["batas_kolom"]),
    ({"batas_isi_zip_mb": 1, "padding": 3}, ["batas_isi_zip_mb", "1 MB"]),
    ({"batas_ukuran_berkas_mb": 1, "padding": 3}, ["batas_ukuran_berkas_mb", "1 MB"]),
])
def test_templates_apply_the_input_limits_to_the_pk(tmp_path, capsys, limits, words):
    """``kinerja templat`` reads the PK leniently; the limits of validasi apply there too."""
    from kinerja_lib.domain.errors import UserError
    from kinerja_lib.io.templates import write_templates

    paths = Paths(tmp_path)
    limits = dict(limits)
    pad = limits.pop("padding", 0)
    wb = corpus.pk_workbook()
    if pad:  # incompressible text in a sheet of its own: a file of `pad` MB
        rnd = random.Random(1)
        ws = wb.create_sheet("Lampiran")
        for i in range(pad * 40):
            ws.cell(i + 1, 1).value = "".join(rnd.choices(string.ascii_letters, k=30_000))
    corpus.write_pk(paths, wb=wb)
    settings = sample_settings().with_(**limits)
    with pytest.raises(UserError) as exc:
        write_templates(paths, settings, TAHUN)
    msg = str(exc.value)
    assert msg.startswith("Templat tidak dibuat dari ") and all(w in msg for w in words), msg
    assert "Traceback" not in msg
    # within the limits the same workbook gives templates
    assert len(write_templates(paths, sample_settings(), TAHUN, bulan=[1])) > 1
