"""End to end on the sample: every phase notebook executed by papermill through the runner,
with assertions on what each report shows, a real headless browser, PDF text, escaping of
workbook text, and the review status following the data.

One module-scoped run (sample -> validasi -> jalankan tw2, s1, tahunan) feeds most tests.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import jupytext
import papermill as pm
import pytest
from openpyxl import load_workbook
from pixels import count_near, png_pixels, ppm_pixels

from kinerja_lib.domain.periods import Periode
from kinerja_lib.io import fingerprint
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import write_sample
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.reports import render as report
from kinerja_lib.run import runner
from kinerja_lib.ui import cli

CHROMIUM = report.find_browser()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium-family browser")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler")

RUN_AT = dt.datetime(2024, 7, 10, 9, 5)
PAYLOAD = '<script>document.title="DIRETAS"</script><img src=x onerror="document.title=1">'
# Predikat colours of the capaian bars (charts.predikat_colours of the default scale)
GREEN = (0x1A, 0x98, 0x50)

pytestmark = pytest.mark.slow


def _plant_script(paths: Paths) -> str:
    """Type an HTML payload into a unit's kendala cell, as a unit could (test set-up acting
    as the unit; the software itself never writes to data/raw)."""
    f = paths.monthly_dir(2024) / "PUS-LAY_2024-05.xlsx"
    wb = load_workbook(f)
    ws = wb["Realisasi"]
    col = next(c.column for c in ws[1] if c.value == "Kendala")
    ws.cell(row=2, column=col, value=PAYLOAD)
    wb.save(f)
    return f.name


def _validasi(root: Path, tahun: int) -> int:
    return cli.main(["--folder", str(root), "validasi", "--tahun", str(tahun)])


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    paths = Paths(root)
    write_sample(paths, (2023, 2024))
    _plant_script(paths)
    assert _validasi(root, 2023) == 0
    assert _validasi(root, 2024) == 1  # the planted unknown indicator code is an error
    settings = load_settings(paths.settings_file)
    result = runner.run(paths, settings, 2024, ["tw2", "s1", "tahunan"], parallel=2,
                        pdf=CHROMIUM is not None, generated_at=RUN_AT)
    return paths, settings, result


def _html(paths: Paths, periode: str, stem: str) -> str:
    return (paths.report_dir(2024, periode) / f"{stem}.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    """Visible text of an HTML report (tags dropped, entities kept)."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_every_phase_ran_and_wrote_its_outputs(run):
    paths, _, result = run
    assert result.ok, [j.error for j in result.failed]
    stems = {(j.job.periode.kode, j.job.phase.stem) for j in result.jobs}
    assert stems == {("tw2", "01_pengumpulan"), ("tw2", "02_pengolahan"),
                     ("tw2", "03_laporan_triwulan"), ("tw2", "04_sosialisasi_triwulan"),
                     ("s1", "02_pengolahan"), ("s1", "05_laporan_semester"),
                     ("tahunan", "02_pengolahan"), ("tahunan", "06_laporan_tahunan")}
    for kode, stem in stems:
        folder = paths.report_dir(2024, kode)
        exts = {".html"} | ({".pdf"} if CHROMIUM else set())
        for ext in exts:
            assert (folder / f"{stem}{ext}").stat().st_size > 1000, (kode, stem, ext)
        audit = paths.notebook_dir(2024, kode)  # executed notebooks: outside the shared folder
        assert (audit / f"{stem}.ipynb").stat().st_size > 1000, (kode, stem)
        assert not list(folder.glob("*.ipynb")) and not list(audit.glob("*.GAGAL.ipynb"))
        assert not [p for p in folder.iterdir() if ".tmp" in p.name]


def test_pengumpulan_shows_missing_late_and_bad_cells(run):
    paths, _, _ = run
    t = _text(_html(paths, "tw2", "01_pengumpulan"))
    assert "Pengumpulan dan Rekap Data Kinerja" in t
    # PUS-BIN never sent May; ARS-BIN sent March late (sample.PLANTED_*)
    assert "Seksi Pembinaan dan Pembudayaan Gemar Membaca Mei 5 Juni 2024 - belum ada" in t
    assert ("Seksi Pembinaan dan Pengawasan Kearsipan Maret 5 April 2024 15 April 2024 "
            "terlambat 10") in t
    assert "48 laporan dari 8 unit: 46 tepat waktu, 1 terlambat, 1 belum ada" in t
    assert "ARS_2024-02.xlsx" in t and "IK-99" in t and " A4 " in t
    assert "Kirim laporan bulan Mei" in t


def test_pengolahan_numbers_match_hand_arithmetic(run):
    paths, _, _ = run
    t = _text(_html(paths, "tw2", "02_pengolahan"))
    # IK-04 s.d. TW II: 962 / 1.080 x 100 = 89,07 % (tests/test_engine_sample.py)
    # the table row: from "IK-04" to its capaian with no other indicator code in between
    row = re.search(r"IK-04 (?:(?!IK-\d).)*? 89,07% Tinggi", t)
    assert row and len(row.group(0)) < 400
    assert "Mei" in t  # IK-04 incomplete: May missing


def test_quarterly_report_has_sections_charts_and_no_network(run):
    paths, _, _ = run
    html = _html(paths, "tw2", "03_laporan_triwulan")
    t = _text(html)
    for part in ("Laporan Kinerja Triwulan", "Triwulan II 2024", "DRAFT", "1. Ikhtisar",
                 "6. Realisasi anggaran dan efisiensi", "8. Kendala dan tindak lanjut",
                 "10 Juli 2024 pukul 09.05"):
        assert part in t, part
    assert html.count('class="plotly-graph-div"') >= 6
    assert '"name":"Realisasi 2023"' in html  # trend charts compare with last year
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert "def " not in t and "import " not in t  # no code cells in the report


def test_briefing_lists_at_risk_indicators_and_unit_actions(run):
    paths, _, _ = run
    t = _text(_html(paths, "tw2", "04_sosialisasi_triwulan"))
    assert "Bahan Sosialisasi Laporan Kinerja Triwulan" in t  # title block = document title
    assert "Indikator berisiko" in t and "diproyeksikan" in t
    assert "IK-05" in t  # jumlah perpustakaan desa dibina: projected 60 %
    assert "Tingkatkan IK-05" in t and "Percepat IK-" not in t
    # IK-21 arsip rusak is negatif: projected 14 against a ceiling of 10
    assert "Turunkan IK-21" in t and "(melebihi batas 4 berkas)" in t
    assert "kurang 4 berkas" not in t and "kurang 14,4" not in t
    assert _html(paths, "tw2", "04_sosialisasi_triwulan").count('class="plotly-graph-div"') == 1


def test_semester_report_rolls_up_two_quarters(run):
    paths, _, _ = run
    t = _text(_html(paths, "s1", "05_laporan_semester"))
    assert "Semester I 2024" in t
    assert "Capaian TW I (%)" in t and "Capaian TW II (%)" in t
    assert "Status laporan: DRAFT" in t


def test_annual_report_follows_lkjip_outline(run):
    paths, _, _ = run
    t = _text(_html(paths, "tahunan", "06_laporan_tahunan"))
    body = t[t.find("DAFTAR GAMBAR"):]  # after the table of contents
    positions = [body.find(s) for s in (
        "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA",
        "3.2 Realisasi Anggaran", "BAB IV PENUTUP", "Lampiran 1. Perjanjian Kinerja Tahun 2024",
        "Lampiran 3. Pengukuran Kinerja Tahun 2024")]
    assert -1 not in positions and positions == sorted(positions)
    assert t.find("KATA PENGANTAR") < t.find("IKHTISAR EKSEKUTIF") < t.find("DAFTAR ISI")
    assert "DRAFT" in t and "Sidik data" in t  # status and sidik like every report
    assert "Realisasi 2023" in t and "Target akhir Renstra" in t
    assert "Perjanjian Kinerja Tahun 2024" in t
    assert " 2026 " in t and "2.026" not in t  # Tahun Renstra is a year, not an amount


def test_workbook_text_is_escaped_and_inert(run):
    paths, _, _ = run
    html_path = paths.report_dir(2024, "tw2") / "03_laporan_triwulan.html"
    html = html_path.read_text(encoding="utf-8")
    assert '&lt;script&gt;document.title="DIRETAS"&lt;/script&gt;&lt;img src=x' in html
    assert "<script>document.title" not in html and "<img src=x" not in html
    if CHROMIUM:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--virtual-time-budget=5000", "--dump-dom", html_path.as_uri()],
                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL).stdout
        title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
        assert "DIRETAS" not in title and title.strip() != "1"


@needs_browser
def test_offline_screenshot_shows_drawn_charts(run, tmp_path):
    paths, _, _ = run
    html = paths.report_dir(2024, "tw2") / "03_laporan_triwulan.html"
    png = report.screenshot(html, tmp_path / "tw2.png", CHROMIUM, width=1000, height=2600)
    rows = png_pixels(png)
    # the capaian-by-predikat bars: many 'Sangat Tinggi' green pixels
    assert count_near(rows, GREEN) > 3000


@needs_browser
@needs_poppler
def test_pdf_has_text_pages_and_chart_colours(run, tmp_path):
    paths, _, _ = run
    pdf = paths.report_dir(2024, "tw2") / "03_laporan_triwulan.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    assert pages >= 4
    assert "Laporan Kinerja Triwulan" in text and "Triwulan II 2024" in text
    assert f"Halaman 1 dari {pages}" in text
    assert "89,07%" in text
    subprocess.run(["pdftoppm", "-r", "40", "-f", "2", "-l", "3", str(pdf), str(tmp_path / "p")],
                   check=True)
    green = sum(count_near(ppm_pixels(p), GREEN, tol=20) for p in tmp_path.glob("p*.ppm"))
    assert green > 500


def test_approval_then_data_change_returns_report_to_draft(run):
    paths, settings, _ = run
    only_03 = [p for p in runner.PHASES if p.stem == "03_laporan_triwulan"]
    tw2 = Periode.from_kode(2024, "tw2")
    fp = fingerprint.current_fingerprint(paths, tw2, settings)
    # the reviewer reads the sidik in the report's title block and types it back
    assert f"Sidik data: {fp}" in _text(_html(paths, "tw2", "03_laporan_triwulan"))
    assert cli.main(["--folder", str(paths.root), "tinjau", "--tahun", "2024", "--periode",
                     "tw2", "--sidik", fp, "--nama", "Hj. Rina", "--jabatan",
                     "Kepala Bidang", "--keputusan", "ya", "--tanggal", "15/07/2024"]) == 0
    res = runner.run(paths, settings, 2024, ["tw2"], pdf=False, generated_at=RUN_AT,
                     phases=only_03)
    assert res.ok
    t = _text(_html(paths, "tw2", "03_laporan_triwulan"))
    assert "DISETUJUI" in t and "DRAFT" not in t
    archived = paths.report_dir(2024, "tw2") / "arsip" / fp / "03_laporan_triwulan.html"
    approved_html = archived.read_bytes()
    assert approved_html == (paths.report_dir(2024, "tw2") / archived.name).read_bytes()

    # a unit re-sends a corrected April workbook: new data, the approval no longer holds
    f = paths.monthly_dir(2024) / "PUS-LAY_2024-04.xlsx"
    wb = load_workbook(f)
    wb["Realisasi"]["E2"] = 4321
    wb.save(f)
    assert _validasi(paths.root, 2024) == 1
    assert fingerprint.current_fingerprint(paths, tw2, settings) != fp
    res = runner.run(paths, settings, 2024, ["tw2"], pdf=False, generated_at=RUN_AT,
                     phases=only_03)
    assert res.ok
    t = _text(_html(paths, "tw2", "03_laporan_triwulan"))
    assert "DRAFT" in t and "DISETUJUI" not in t.split("Sidik data")[0].replace(
        "disetujui pada", "")
    assert "berubah" in t and "perlu ditinjau ulang" in t
    assert archived.read_bytes() == approved_html  # the approved copy is kept


def test_exploration_notebook_builds_widgets(run, tmp_path):
    paths, _, _ = run
    nb = jupytext.read(paths.notebooks / "00_eksplorasi.py")
    out = tmp_path / "00.ipynb"
    pm.execute_notebook(nb, str(out), parameters={"folder_proyek": str(paths.root)},
                        kernel_name="python3", progress_bar=False, cwd=str(paths.notebooks))
    import nbformat

    done = nbformat.read(out, as_version=4)
    mimes = {k for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])
             for k in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in mimes
    assert "text/html" in mimes  # the data table
