"""Property-based fuzzing of ingest with the sample office's own workbooks (hypothesis).

Every example copies the sample year (written once per module by ``write_sample``), mutates
one monthly workbook (and sometimes the Perjanjian Kinerja workbook) and runs
:func:`kinerja_lib.io.ingest.read_year`. Mutations work at three levels:

* cells and sheets (openpyxl): odd values, very long text, a far-away cell, sheets renamed,
  reordered, removed or added;
* the ZIP package: a part dropped, duplicated or corrupted (``xl/worksheets/sheet1.xml``,
  ``[Content_Types].xml``, ``xl/sharedStrings.xml``, ...), a huge declared ``<dimension>``,
  a cell injected at the sheet's last row/column, the file truncated or a byte flipped;
* the file name (other extensions, spaces, lock-file and hidden names, non-ASCII).

Asserted for every example: no exception other than a :class:`UserError` with an Indonesian
message (only a broken Perjanjian Kinerja workbook may stop the year); raw files unchanged
(sha256 before/after, nothing added); rows read = accepted + quarantined (+ superseded), with
the independent row-count oracle of ``tests/corpus.py`` when the package itself is intact;
every quality-table row has a known rule and a capitalised message; the ``tracemalloc`` peak
of one ``read_year`` stays under :data:`MEM_LIMIT_MB`.

Profiles
--------
CI (default): ``KINERJA_FUZZ_CONTOH`` examples (default 25), derandomized, so every run
draws the same examples; only the PK workbook and the mutated month's files of the sample
year are copied, to keep the run short.
Long, on demand::

    KINERJA_FUZZ_CONTOH=500 KINERJA_FUZZ_PENUH=1 KINERJA_FUZZ_ACAK=1 \\
        .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

``KINERJA_FUZZ_PENUH=1`` copies the whole year; ``KINERJA_FUZZ_ACAK=1`` draws fresh random
examples (not derandomized) and shrinks a failure (slow: each example takes about a second, so
CI does not shrink; the failing example's mutation log is printed either way).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import corpus
import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings, write_sample

TAHUN = 2024
CONTOH = int(os.environ.get("KINERJA_FUZZ_CONTOH", "25"))
PENUH = os.environ.get("KINERJA_FUZZ_PENUH") == "1"
ACAK = os.environ.get("KINERJA_FUZZ_ACAK") == "1"
MEM_LIMIT_MB = 200
"""Bound on the tracemalloc peak of one ``read_year`` (the sample year itself needs far less)."""

_MONTH = re.compile(r"_(\d{4})-(\d{2})\.xlsx$")
_INDONESIAN = ("berkas", "tidak", "lembar", "baris", "kolom", "tahun", "yang", "dan", "di ")

# --------------------------------------------------------------------------- strategies

_ODD_VALUES = [None, "", " ", "-", "abc", -5, 0, 3.5, "1.234,5", "12.5", "85,5%", "=1+1",
               "=SUM(A1:A3)", "#DIV/0!", "@cmd", "+1", 1e308, -1e308, "PUS-LAY",
               "seksi layanan", "IK-01", "IK-99", "KG-01", 13, 2030, "Maret", "rasio",
               "negatif", "Realisasi Bulan Ini", "Kode Indikator", "\u00a0", "ﾠ", "\ufeffIK-01",
               "é" * 40, "日本語"]
_ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
cell_value = st.one_of(
    st.sampled_from(_ODD_VALUES),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    _ODD_TEXT,
    st.integers(min_value=1500, max_value=40_000).map(lambda n: "x" * n),  # long string
)
_SHEET_TITLES = ["realisasi", "Data", "Identitas ", "Sheet9", "ANGGARAN", "Realisasi",
                 "Perjanjian Kinerja", "Petunjuk", "Rencana Aksi", " Realisasi", "REALISASI"]
sheet_title = st.one_of(
    st.sampled_from(_SHEET_TITLES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                   blacklist_characters="[]:*?/\\'"), min_size=1, max_size=31),
)
_NAME_STEMS = ["PUS-LAY_2024-02", "pus-lay_2024-02", "PUS-LAY 2024-02", "laporan februari",
               "~$PUS-LAY_2024-02", ".PUS-LAY_2024-02", "PUS-LAY_2024-02 (1)", "PUS-LAY_2024-2",
               "ARS-PEN_2024-13", "Laporan Januari – Layanan", "Thumbs", "desktop"]
file_name = st.tuples(
    st.one_of(st.sampled_from(_NAME_STEMS),
              st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                             blacklist_characters="/\\\x00"),
                      min_size=1, max_size=40)),
    st.sampled_from([".xlsx", ".XLSX", ".xlsm", ".xls", ".ods", ".txt", "", ".xlsx.xlsx"]),
).map("".join).filter(lambda n: n not in {".", ".."} and len(n.encode()) < 200)


# --------------------------------------------------------------------------- mutations


def _cell_ops(data: st.DataObject, wb: openpyxl.Workbook) -> list[str]:
    """Mutate cells and sheets in place; returns a description of each operation."""
    done = []
    for _ in range(data.draw(st.integers(1, 4), label="n_cell_ops")):
        if not wb.worksheets:
            break
        ws = data.draw(st.sampled_from(wb.worksheets), label="sheet")
        op = data.draw(st.sampled_from(["cell", "cell", "cell", "far", "rename", "move",
                                        "remove", "add", "delete_rows", "merge"]), label="op")
        if op == "cell":
            r, j = data.draw(st.integers(1, 12)), data.draw(st.integers(1, 14))
            ws.cell(r, j).value = v = data.draw(cell_value, label="value")
            done.append(f"cell {ws.title}!{r},{j}={v!r:.60}")
        elif op == "far":
            r = data.draw(st.sampled_from([5001, 65_536, 1_048_576]))
            j = data.draw(st.sampled_from([1, 61, 16_384]))
            ws.cell(r, j).value = "x"
            done.append(f"far {ws.title}!({r},{j})")
        elif op == "rename":
            t = data.draw(sheet_title, label="title")
            if t.strip().lower() not in {s.title.strip().lower() for s in wb.worksheets}:
                ws.title = t
                done.append(f"rename-sheet {t!r}")
        elif op == "move":
            k = data.draw(st.integers(-3, 3))
            wb.move_sheet(ws, k)
            done.append(f"move-sheet {ws.title} {k}")
        elif op == "remove" and len(wb.sheetnames) > 1:
            wb.remove(ws)
            done.append(f"remove-sheet {ws.title}")
        elif op == "add":
            t = data.draw(sheet_title, label="title")
            if t.strip().lower() not in {s.title.strip().lower() for s in wb.worksheets}:
                wb.create_sheet(t).append(["Kode Indikator", "x"])
                done.append(f"add-sheet {t!r}")
        elif op == "delete_rows":
            ws.delete_rows(data.draw(st.integers(1, 4)))
            done.append(f"delete_rows {ws.title}")
        elif op == "merge":
            r, j = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 9))
            ws.merge_cells(start_row=r, start_column=j, end_row=r + data.draw(st.integers(0, 2)),
                           end_column=j + data.draw(st.integers(0, 2)))
            done.append(f"merge {ws.title} {r},{j}")
    return done


def _zip_parts(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _zip_bytes(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of one mutation
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, blob in parts:
                zf.writestr(name, blob)
    return buf.getvalue()


_FAR_ROW = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>")


def _zip_op(data: st.DataObject, raw: bytes) -> tuple[bytes, str]:
    """One package-level mutation of workbook bytes."""
    op = data.draw(st.sampled_from(["drop", "duplicate", "corrupt", "dimension", "far_cell",
                                    "truncate", "flip"]), label="zip_op")
    if op == "truncate":
        k = data.draw(st.integers(0, 2**20)) % len(raw)  # saved sizes vary (timestamps)
        return raw[:k], f"truncate at {k}"
    if op == "flip":
        k = data.draw(st.integers(0, 2**20)) % len(raw)  # saved sizes vary (timestamps)
        return raw[:k] + bytes([raw[k] ^ 0xFF]) + raw[k + 1:], f"flip byte {k}"
    parts = _zip_parts(raw)
    names = [n for n, _ in parts]
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")] or names
    favourite = [n for n in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                             "[Content_Types].xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                             "xl/_rels/workbook.xml.rels", "xl/styles.xml") if n in names]
    target = data.draw(st.sampled_from(favourite + names), label="part")
    if op == "drop":
        parts = [(n, b) for n, b in parts if n != target]
    elif op == "duplicate":
        blob = dict(parts)[target]
        parts.append((target, data.draw(st.sampled_from([blob, blob[: len(blob) // 2], b""]))))
    elif op == "corrupt":
        how = data.draw(st.sampled_from(["half", "empty", "garbage", "unclosed", "bomb_xml"]))
        new = {"half": lambda b: b[: len(b) // 2], "empty": lambda b: b"",
               "garbage": lambda b: data.draw(st.binary(min_size=1, max_size=64)),
               "unclosed": lambda b: b.replace(b"</", b"<", 1),
               "bomb_xml": lambda b: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                                     b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'}[how]
        parts = [(n, new(b) if n == target else b) for n, b in parts]
        op = f"corrupt/{how}"
    elif op == "dimension":
        target = data.draw(st.sampled_from(sheets), label="sheet_part")
        ref = data.draw(st.sampled_from([b"A1:XFD1048576", b"A1:Z999999", b"A1:BZ10"]))
        parts = [(n, re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', b)
                  if n == target else b) for n, b in parts]
    else:  # far_cell
        target = data.draw(st.sampled_from(sheets), label="sheet_part")
        parts = [(n, b.replace(b"</sheetData>", _FAR_ROW, 1) if n == target else b)
                 for n, b in parts]
    return _zip_bytes(parts), f"{op} {target}"


def _mutate_file(data: st.DataObject, path: Path, label: str) -> tuple[Path, list[str], bool]:
    """Mutate one workbook on disk; returns (new path, log, package still intact)."""
    log: list[str] = []
    level = data.draw(st.sampled_from(["zip", "cells", "both"]), label=f"{label}_level")
    if level != "zip":
        wb = openpyxl.load_workbook(path)
        log += _cell_ops(data, wb)
        buf = io.BytesIO()
        try:
            wb.save(buf)
            path.write_bytes(buf.getvalue())
        except (ValueError, TypeError) as exc:  # openpyxl refused to write the mutation
            log.append(f"unsaved ({type(exc).__name__})")
    intact = not any(w.startswith("far ") for w in log)  # over batas_*: oracle would differ
    if level != "cells":
        raw, what = _zip_op(data, path.read_bytes())
        path.write_bytes(raw)
        log.append(what)
        intact = False
    return path, log, intact


def _rename(data: st.DataObject, path: Path) -> tuple[Path, str]:
    name = data.draw(file_name, label="file_name")
    new = path.with_name(name)
    if new.exists() or name.lower() in {"thumbs.db", "desktop.ini", ".ds_store"}:
        return path, ""
    path.rename(new)
    return new, f"rename-file {name!r}"


# --------------------------------------------------------------------------- checks


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _indonesian(msg: str) -> bool:
    low = msg.lower()
    return "Traceback" not in msg and any(w in low for w in _INDONESIAN)


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz_sample")
    write_sample(Paths(root), years=(TAHUN,))
    return root


def _copy_year(src: Path, dst: Path, months: set[int]) -> None:
    """The sample's settings, PK workbook and the monthly files of ``months`` (all if PENUH)."""
    s, d = Paths(src), Paths(dst)
    d.settings_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(s.settings_file, d.settings_file)
    d.pk_workbook(TAHUN).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(s.pk_workbook(TAHUN), d.pk_workbook(TAHUN))
    folder = d.monthly_dir(TAHUN)
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted(s.monthly_dir(TAHUN).iterdir()):
        m = _MONTH.search(p.name)
        if PENUH or m is None or int(m[2]) in months:
            shutil.copy2(p, folder / p.name)


@settings(max_examples=CONTOH, deadline=None, derandomize=not ACAK, database=None,
          phases=[Phase.generate] + ([Phase.shrink] if ACAK else []),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_sample_workbooks(sample_root, data):
    src_monthly = sorted(p for p in Paths(sample_root).monthly_dir(TAHUN).iterdir()
                         if _MONTH.search(p.name))
    target_src = data.draw(st.sampled_from(src_monthly), label="workbook")
    month = int(_MONTH.search(target_src.name)[2])
    with tempfile.TemporaryDirectory(prefix="kinerja_fuzz_") as tmp:
        root = Path(tmp)
        paths = Paths(root)
        _copy_year(sample_root, root, {month})
        target = paths.monthly_dir(TAHUN) / target_src.name
        target, log, intact = _mutate_file(data, target, "monthly")
        if data.draw(st.integers(0, 3), label="rename?") == 0:
            target, what = _rename(data, target)
            log.append(what)
        pk_log: list[str] = []
        if data.draw(st.integers(0, 4), label="pk?") == 0:
            _, pk_log, pk_intact = _mutate_file(data, paths.pk_workbook(TAHUN), "pk")
            intact = intact and pk_intact
        desc = f"monthly {target_src.name}: {log}; pk: {pk_log}"
        note(desc)  # printed with any failure, a traceback included
        for what in log + [f"pk-{w}" for w in pk_log]:
            event(what.split(" ")[0])
        before = _digests(paths.raw)
        tracemalloc.start()
        try:
            result = read_year(paths, TAHUN, sample_settings())
        except UserError as exc:
            msg = str(exc)
            assert pk_log, f"UserError without a PK mutation: {msg}\n{desc}"
            assert _indonesian(msg) and "Perjanjian Kinerja" in msg, (msg, desc)
            result = None
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert _digests(paths.raw) == before, f"raw files changed\n{desc}"
        assert peak < MEM_LIMIT_MB * 2**20, f"peak {peak / 2**20:.0f} MB\n{desc}"
        mb = int(peak / 2**20) // 25 * 25
        event(f"tracemalloc peak {mb}-{mb + 25} MB")
        if result is None:
            return
        corpus.assert_invariant(result, paths, TAHUN, oracle=intact)
        k = result.data.kualitas
        assert set(k.aturan) <= set(c.ATURAN), desc
        for pesan in k.pesan:
            assert pesan and pesan[0].isupper() and _indonesian(pesan), (pesan, desc)
            # no raw library text (exception names, English parser messages) reaches a sender
            assert not re.search(r"\w+(?:Error|Exception)\b|There is no item|list index",
                                 pesan), (pesan, desc)
        assert result.rows_read == (result.rows_accepted + result.rows_quarantined
                                    + result.rows_superseded), desc
