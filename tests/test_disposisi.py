"""Lembar disposisi (SOP steps 1, 2, 6, 7): content, escaping, the CLI and the printed page.

The sample (``io.sample.write_sample``) is written once into a temporary project, validated
with ``kinerja validasi`` (``ui.commands.validasi``), and the disposisi are built from the
tracker status and quality table that validation wrote. The sample leaves out one monthly
report on purpose (:data:`PLANTED_MISSING`: PUS-BIN, May 2024), so the step-1 slip of TW II must
ask that unit for May by its due date. The PDF tests print with a real headless Chromium and
count pages with poppler.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from types import SimpleNamespace

import pandas as pd
import pytest

from kinerja_lib.domain.errors import PeriodError
from kinerja_lib.domain.numbers import format_tanggal
from kinerja_lib.domain.periods import Periode, due_date, nama_bulan
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import PLANTED_MISSING, sample_settings, write_sample
from kinerja_lib.io.settings_file import settings_toml
from kinerja_lib.reports import disposisi as D
from kinerja_lib.reports import disposisi_cetak as C
from kinerja_lib.reports.render import find_browser
from kinerja_lib.ui import cli, commands

CHROMIUM = find_browser()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium-family browser")
needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None
                                   or shutil.which("pdftotext") is None, reason="no poppler")

TAHUN, BULAN_HILANG, UNIT_HILANG = PLANTED_MISSING
SETTINGS = sample_settings()


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A project with the sample year, its settings file, validated (several seconds)."""
    base = tmp_path_factory.mktemp("disposisi")
    paths = Paths(base)
    write_sample(paths, (TAHUN,), settings=SETTINGS)
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(settings_toml(SETTINGS), encoding="utf-8")
    args = SimpleNamespace(tahun=TAHUN, sampai_bulan=12, tanggal_acuan=None)
    assert commands.validasi(args, paths, SETTINGS) == 1  # the planted error
    return base


@pytest.fixture(scope="module")
def inputs(root):
    return C.load_inputs(Paths(root), TAHUN)


def _build(inputs, langkah, kode, settings=SETTINGS, **kw):
    return D.build_disposisi(langkah, Periode.from_kode(TAHUN, kode), settings,
                             inputs["status"], inputs["kualitas"], inputs["pengiriman"], **kw)


def _text(html_text: str) -> str:
    """Visible text of an HTML fragment (tags removed, whitespace collapsed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html_text).split())


def _kepada_items(page: str) -> list[str]:
    ol = re.search(r"<ol class='kepada'>(.*?)</ol>", page, re.S).group(1)
    return [_text(li) for li in re.findall(r"<li><span class='nama'>.*?</ul></li>|"
                                           r"<li><span class='nama'>.*?</span></li>", ol, re.S)]


# --------------------------------------------------------------------------- content


def test_step1_tw2_asks_the_unit_that_owes_may_by_its_due_date(root):
    code = cli.main(["--folder", str(root), "disposisi", "--tahun", str(TAHUN), "--langkah",
                     "1", "--triwulan", "2", "--tanpa-pdf"])
    assert code == 0
    out = Paths(root).report_dir(TAHUN, "tw2")
    page = (out / "disposisi_langkah1.html").read_text(encoding="utf-8")
    assert not (out / "disposisi_langkah1.pdf").exists()  # --tanpa-pdf
    assert "LEMBAR DISPOSISI" in page
    assert "Pengumpulan data kinerja Triwulan II 2024" in page
    batas = format_tanggal(due_date(TAHUN, BULAN_HILANG, SETTINGS.hari_batas_laporan))
    assert batas == "5 Juni 2024"
    items = _kepada_items(page)
    owing = [i for i in items if "kirim laporan" in i]
    # exactly one unit owes a report up to June: the planted missing PUS-BIN May
    assert len(owing) == 1, items
    item = owing[0]
    assert item.startswith(f"{SETTINGS.nama_unit(UNIT_HILANG)} ({UNIT_HILANG})")
    assert f"kirim laporan {nama_bulan(BULAN_HILANG)} {TAHUN}" in item
    assert f"batas {batas}" in item
    # the other unit addressed must fix the planted error in its February file
    assert any(i.startswith("Bidang Kearsipan (ARS)") and "perbaiki 1 galat" in i
               and "ARS_2024-02.xlsx" in i for i in items), items
    assert len(items) == 2
    # due dates of the quarter's months
    assert "Mei \u2192 5 Juni 2024" in page and "Juni \u2192 5 Juli 2024" in page
    # attachments that exist: the request sheets validation wrote
    assert "data/processed/2024/permintaan/ (lembar permintaan per unit)" in page


def test_step1_status_rows_count_the_tracker(inputs):
    d = _build(inputs, 1, "tw2")
    rows = {r.label: r for r in d.status}
    assert list(rows) == ["Januari \u2013 Maret", "April", "Mei", "Juni",
                          "Jumlah s.d. Juni 2024"]
    mei = rows["Mei"]
    assert (mei.wajib, mei.diterima, mei.tepat_waktu, mei.belum_ada) == (8, 7, 7, 1)
    q1 = rows["Januari \u2013 Maret"]  # ARS-BIN March is the planted late report
    assert (q1.wajib, q1.terlambat, q1.galat) == (24, 1, 1)
    total = rows["Jumlah s.d. Juni 2024"]
    assert (total.wajib, total.diterima, total.belum_ada, total.belum_jatuh_tempo) == \
        (48, 47, 1, 0)
    # the quality table: 1 error (ARS February), 4 warnings, of which 2 in Jan-Mar, 2 in April
    assert (total.galat, total.peringatan) == (1, 4)
    assert (q1.peringatan, rows["April"].peringatan) == (2, 2)
    assert any("95,8%" in n and "46 dari 48" in n for n in d.catatan_status)


def test_days_late_are_counted_to_the_periods_reference_date(inputs):
    """Validation judged the whole year (reference date in January 2025), so the stored row of
    the missing May is ~215 days late; the TW II slip counts to 6 July 2024: 31 days."""
    st = inputs["status"]
    stored = st[(st["unit"] == UNIT_HILANG) & (st["bulan"] == BULAN_HILANG)]
    assert stored["status"].tolist() == ["belum ada"]
    assert int(stored["hari_terlambat"].iloc[0]) > 200
    d = _build(inputs, 1, "tw2")
    owing = [r for t in d.kepada for r in t.rincian if r.startswith("kirim laporan")]
    assert owing == [f"kirim laporan Mei {TAHUN} (belum diterima; batas 5 Juni 2024, "
                     "lewat 31 hari)"]
    # an explicit reference date is used as given; before the due date nothing is overdue
    d = _build(inputs, 1, "tw2", tanggal_acuan_status=pd.Timestamp("2024-06-15").date())
    owing = [r for t in d.kepada for r in t.rincian if r.startswith("kirim laporan")]
    assert owing == [f"kirim laporan Mei {TAHUN} (belum diterima; batas 5 Juni 2024, "
                     "lewat 10 hari)"]
    d = _build(inputs, 1, "tw2", tanggal_acuan_status=pd.Timestamp("2024-06-05").date())
    owing = [r for t in d.kepada for r in t.rincian if r.startswith("kirim laporan")]
    assert owing == [f"kirim laporan Mei {TAHUN} (batas 5 Juni 2024)"]
    assert d.status[-1].belum_ada == 0 and d.status[-1].belum_jatuh_tempo == 1


def test_months_not_yet_validated_are_owed_by_every_unit(inputs):
    st = inputs["status"]
    early = st[st["bulan"] <= 4]  # validated with --sampai-bulan 4
    d = D.build_disposisi(1, Periode.from_kode(TAHUN, "tw2"), SETTINGS, early,
                          inputs["kualitas"], inputs["pengiriman"])
    assert len(d.kepada) == len(SETTINGS.units)
    for t in d.kepada:
        assert any("kirim laporan Juni 2024 (belum diperiksa; batas 5 Juli 2024)" in r
                   for r in t.rincian), t
    total = d.status[-1]
    assert total.belum_jatuh_tempo == 2 * len(SETTINGS.units)
    assert any("--sampai-bulan 6" in n for n in d.catatan_status)


def test_steps_2_6_7_address_the_officials(inputs):
    d2 = _build(inputs, 2, "tw2")
    assert [t.nama for t in d2.kepada] == ["Kepala Subbagian Program dan Keuangan"]
    assert "1 laporan belum ada dan 1 galat" in " ".join(d2.kepada[0].rincian)
    d6 = _build(inputs, 6, "s1", tinjauan="DRAFT \u2014 Laporan belum ditinjau.")
    assert [t.nama for t in d6.kepada] == ["Kepala Bidang Perpustakaan",
                                           "Kepala Bidang Kearsipan"]
    assert "PUS-BIN Mei 2024" in " ".join(d6.kepada[0].rincian)
    assert "PUS-BIN" not in " ".join(d6.kepada[1].rincian)
    assert [r.label for r in d6.status] == ["Triwulan I", "Triwulan II", "Jumlah s.d. Juni 2024"]
    assert any("Status reviu laporan Semester I 2024: DRAFT" in n for n in d6.catatan_status)
    assert d6.jabatan_penanda_tangan == "Sekretaris"
    d7 = _build(inputs, 7, "tahunan")
    assert [t.nama for t in d7.kepada] == ["Sekretaris"]
    assert "kinerja tinjau --periode tahunan" in d7.kepada[0].rincian[0]
    assert d7.jabatan_penanda_tangan == "Kepala Dinas"
    assert d7.status[-1].wajib == 96 and d7.status[-1].belum_ada == 1
    assert "5 Januari 2025" in d7.batas_waktu[0]


def test_step_and_period_must_match(root, capsys):
    with pytest.raises(PeriodError, match="per semester"):
        D.check_langkah(6, Periode.from_kode(TAHUN, "tw2"))
    with pytest.raises(PeriodError):
        D.check_langkah(1, Periode.from_kode(TAHUN, "tahunan"))
    D.check_langkah(7, Periode.from_kode(TAHUN, "s2"))
    code = cli.main(["--folder", str(root), "disposisi", "--tahun", str(TAHUN), "--langkah",
                     "2", "--semester", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert "gunakan --triwulan N" in err


def test_not_validated_year_is_a_message(root, capsys):
    code = cli.main(["--folder", str(root), "disposisi", "--tahun", "2023", "--langkah", "1",
                     "--triwulan", "1", "--tanpa-pdf"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "kinerja validasi --tahun 2023" in err


# --------------------------------------------------------------------------- HTML


def test_blank_fields_for_the_official(inputs):
    page = C.disposisi_html(_build(inputs, 1, "tw2", settings=SETTINGS.with_(pejabat=())))
    text = _text(page)
    for label in ("Nomor Agenda", "Tanggal", "Sifat", "Perihal", "Dari", "Kepada",
                  "Batas waktu", "Status rekap", "Isi Disposisi:", "Diteruskan kepada:",
                  "Paraf / Tanda tangan", "Nama", "NIP"):
        assert label in text, label
    for instruksi in D.INSTRUKSI:
        assert f"<span class='kotak'></span>{instruksi}</span>" in page
    # Nomor Agenda, Tanggal (twice), Nama, NIP are empty lines to write on
    assert page.count("<span class='isian'") == 5
    assert "Isi Disposisi:</div><div class=\"garis\"><div></div>" in page  # ruled box
    # with officials in the settings, the signer's name and NIP are printed
    page = C.disposisi_html(_build(inputs, 1, "tw2"))
    sekretaris = SETTINGS.pejabat_untuk("sekretaris")
    assert sekretaris.nama in page
    assert page.count("<span class='isian'") == 3


def test_values_are_escaped(inputs):
    st = inputs["status"].copy()
    st.loc[st["unit"] == UNIT_HILANG, "nama_unit"] = "<script>alert('unit')</script>"
    settings = SETTINGS.with_(nama_opd="Dinas <b>Tebal</b>", alamat="Jl. A & B")
    d = D.build_disposisi(1, Periode.from_kode(TAHUN, "tw2"), settings, st,
                          inputs["kualitas"], inputs["pengiriman"],
                          perihal="<script>alert('perihal')</script>",
                          lampiran=["<img src=x onerror=alert(1)>"])
    page = C.disposisi_html(d, logo_src="data:image/png;base64,AAA' onerror='x")
    assert "<script" not in page
    assert "<img src=x" not in page and "<b>Tebal" not in page.replace("<B>", "<b>")
    assert "&lt;script&gt;alert(&#x27;unit&#x27;)&lt;/script&gt; (PUS-BIN)" in page
    assert "&lt;script&gt;alert(&#x27;perihal&#x27;)&lt;/script&gt;" in page
    assert "DINAS &lt;B&gt;TEBAL&lt;/B&gt;" in page and "Jl. A &amp; B" in page
    assert "onerror='x" not in page


def test_same_inputs_same_file(root):
    paths = Paths(root)
    argv = ["--folder", str(root), "disposisi", "--tahun", str(TAHUN), "--langkah", "2",
            "--triwulan", "2", "--tanpa-pdf"]
    assert cli.main(argv) == 0
    f = paths.report_dir(TAHUN, "tw2") / "disposisi_langkah2.html"
    first = f.read_bytes()
    assert cli.main(argv) == 0
    assert f.read_bytes() == first
    assert not list(f.parent.glob(".*tmp*"))  # atomic write left no temporary file


# --------------------------------------------------------------------------- PDF


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def _pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_browser
@needs_poppler
def test_cli_pdf_is_one_a4_page(root):
    code = cli.main(["--folder", str(root), "disposisi", "--tahun", str(TAHUN), "--langkah",
                     "1", "--triwulan", "2"])
    assert code == 0
    pdf = Paths(root).report_dir(TAHUN, "tw2") / "disposisi_langkah1.pdf"
    assert _pages(pdf) == 1
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(w), round(h)) == (595, 842)  # A4
    text = " ".join(_pdf_text(pdf).split())
    for s in ("LEMBAR DISPOSISI", "DINAS PERPUSTAKAAN DAN KEARSIPAN", "Isi Disposisi",
              f"({UNIT_HILANG})", "5 Juni 2024", "Paraf / Tanda tangan", "Untuk diketahui",
              "Arsip"):
        assert s in text, s


@needs_browser
@needs_poppler
@pytest.mark.parametrize("langkah,kode", [(6, "s1"), (7, "tahunan")])
def test_semester_and_annual_pdf_one_page(inputs, tmp_path, langkah, kode):
    d = _build(inputs, langkah, kode, tinjauan="DRAFT \u2014 Laporan belum ditinjau.",
               lampiran=["reports/2024/s1/05_laporan_semester.pdf"], sidik="abcdef123456")
    html_path, pdf = C.write_disposisi(d, tmp_path, browser=CHROMIUM)
    assert html_path.name == f"disposisi_langkah{langkah}.html"
    assert _pages(pdf) == 1


@needs_browser
@needs_poppler
def test_worst_case_still_fits_one_page(inputs, tmp_path):
    """Every unit owes every month of the quarter and has errors in its files."""
    st = inputs["status"].copy()
    late = st["bulan"].between(4, 6)
    st.loc[late, "status"] = "belum ada"
    st.loc[late, "hari_terlambat"] = 30
    files = [f"2024/bulanan/{u.kode}_2024-0{b}.xlsx" for u in SETTINGS.units for b in (1, 2)]
    kual = pd.DataFrame({"file": files, "sheet": "Realisasi", "sel": "E2",
                         "aturan": "kode_tidak_dikenal", "pesan": "x", "tingkat": "error"})
    d = D.build_disposisi(1, Periode.from_kode(TAHUN, "tw2"), SETTINGS, st, kual,
                          inputs["pengiriman"], lampiran=["a", "b"], sidik="abc")
    assert len(d.kepada) == len(SETTINGS.units)
    assert all(len(t.rincian) == 4 for t in d.kepada)
    html_path, pdf = C.write_disposisi(d, tmp_path, browser=CHROMIUM)
    assert "<ol class='kepada ringkas'>" in html_path.read_text(encoding="utf-8")
    assert _pages(pdf) == 1
    text = " ".join(_pdf_text(pdf).split())
    for u in SETTINGS.units:
        assert f"({u.kode}): belum diterima: April, Mei, Juni 2024; perbaiki 2 galat" in text
    # the due date of every month owed is under Batas waktu
    assert "April \u2192 5 Mei 2024, Mei \u2192 5 Juni 2024, Juni \u2192 5 Juli 2024" in text


def test_logo_is_embedded_or_reported_missing(root, inputs):
    paths = Paths(root)
    png = root / "data" / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    assert C.logo_data_uri(root / "data" / "tidak_ada.png") is None
    assert C.logo_data_uri(root / "data" / "logo.txt") is None
    periode = Periode.from_kode(TAHUN, "s1")
    hasil = C.make_disposisi(paths, SETTINGS.with_(logo="data/logo.png"), 6, periode, pdf=False)
    assert hasil.logo_hilang is None and [f.suffix for f in hasil.berkas] == [".html"]
    page = hasil.berkas[0].read_text(encoding="utf-8")
    assert "<img src='data:image/png;base64,iVBORw0KGgpmYWtl' alt='Logo'>" in page
    hasil = C.make_disposisi(paths, SETTINGS.with_(logo="data/tidak_ada.png"), 6, periode,
                             pdf=False)
    assert hasil.logo_hilang == root / "data" / "tidak_ada.png"
    assert "<img" not in hasil.berkas[0].read_text(encoding="utf-8")
