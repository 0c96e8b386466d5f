"""Report sections (bagian) and their display helpers: text from workbooks and reviewers stays
inert in Markdown, years are not grouped like amounts, wide tables and section headings print
properly on A4 (headless Chromium + poppler)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import subprocess
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kinerja_lib.domain.periods import Periode
from kinerja_lib.io import review
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.reports import render as report
from kinerja_lib.reports import sections as bagian
from kinerja_lib.reports import tables
from kinerja_lib.reports.context import ReportContext

CHROMIUM = report.find_browser()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium-family browser")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler")

# what a unit (or a reviewer) could type; each part becomes markup when not escaped
PAYLOAD = ('**tebal** <img src=x onerror="alert(1)"> [klik](javascript:alert(2)) _miring_ '
           '# judul\n\n- daftar `kode` & ~~coret~~ 95,5%')


def _rendered(md_obj) -> str:
    """HTML that nbconvert makes of a Markdown display object."""
    return markdown2html_mistune(md_obj.data)


def _visible(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def _assert_inert(rendered: str) -> None:
    for tag in ("<img", "<a ", "<strong>tebal", "<em>miring", "<code>", "<h1", "<del>"):
        assert tag not in rendered, tag
    assert " ".join(PAYLOAD.split()) in _visible(rendered)  # shown exactly as typed


def test_escape_md_shows_markdown_and_html_as_typed():
    _assert_inert(markdown2html_mistune(tables.escape_md(PAYLOAD)))
    assert markdown2html_mistune(tables.escape_md(None)).strip() == "<p>-</p>"
    # our own markup around escaped text still works
    out = markdown2html_mistune(f"**{tables.escape_md('SS-1 <Sasaran>')}** teks")
    assert "<strong>SS-1 &lt;Sasaran&gt;</strong>" in out


def _ctx(tmp_path, capaian, realisasi=None, pk=None, status=None, periode=None):
    data = SimpleNamespace(realisasi=realisasi, pk=pk)
    return ReportContext(paths=Paths(tmp_path), settings=sample_settings(),
                         periode=periode or Periode(2024, "tahunan", 1), data=data,
                         tables={"capaian": capaian}, status=status)


def test_analysis_and_notes_keep_workbook_text_inert(tmp_path):
    cap = pd.DataFrame({
        "kode_sasaran": ["SS-1", "SS-1"], "sasaran": ["Sasaran " + PAYLOAD, "Sasaran " + PAYLOAD],
        "kode": ["IK-01", "IK-02"], "indikator": ["Baik", "Arsip " + PAYLOAD],
        "capaian_sd": [100.0, 60.0], "predikat": ["Sangat Tinggi", "Rendah"],
        "dinilai": [True, True], "lengkap": [True, False], "alasan": ["", ""],
        "bulan_hilang": ["", "Mei"]})
    realisasi = pd.DataFrame({"kode": ["IK-02"], "unit": ["ARS-PEN"], "bulan": [5],
                              "kendala": ["Kendala " + PAYLOAD], "tindak_lanjut": [PAYLOAD]})
    pk = cap[["kode", "indikator"]]
    (md,) = bagian.analisis(_ctx(tmp_path, cap, realisasi, pk))
    out = _rendered(md)
    _assert_inert(out)
    assert "<strong>SS-1 Sasaran" in out  # the section's own bold heading line
    assert "Kendala: Kendala **tebal**" in _visible(out)
    (note,) = bagian._note(cap.assign(kode=["IK-01", "IK-02 " + PAYLOAD]))
    _assert_inert(_rendered(note))


def test_review_log_shows_a_reviewer_name_as_typed(tmp_path):
    paths = Paths(tmp_path)
    d = review.record_decision(paths, 2024, "tahunan", PAYLOAD, "Sekretaris", "tidak",
                               ["Perbaiki " + PAYLOAD], dt.date(2025, 1, 10), "fp1")
    ctx = _ctx(tmp_path, pd.DataFrame(), status=review.report_status([d], "fp1"))
    head, table = bagian.log_koreksi(ctx)
    out = _rendered(head)
    _assert_inert(out)
    assert "<strong>DIKEMBALIKAN UNTUK DIPERBAIKI</strong>" in out
    assert "<img" not in table.data and "&lt;img" in table.data


def test_years_are_not_grouped_like_amounts():
    fmt = tables.formatter("tahun")
    assert [fmt(v) for v in (2026.0, 2026, "2026", None, float("nan"), "2025/2026")] == [
        "2026", "2026", "2026", "-", "-", "2025/2026"]
    df = pd.DataFrame({"target_renstra": [50000.0], "tahun_renstra": [2026.0]})
    shown = tables.format_table(df, {"target_renstra": "Target", "tahun_renstra": "Tahun"},
                                {"tahun_renstra": "tahun"})
    assert shown.iloc[0].tolist() == ["50.000", "2026"]


def test_wide_tables_get_the_compact_class():
    narrow = pd.DataFrame([[str(i) for i in range(tables.KOLOM_LEBAR)]],
                          columns=[f"k{i}" for i in range(tables.KOLOM_LEBAR)])
    wide = narrow.assign(extra="x")
    assert tables.CSS_CLASS_LEBAR not in tables.to_html(narrow)
    assert f'class="dataframe {tables.CSS_CLASS} {tables.CSS_CLASS_LEBAR}"' in tables.to_html(
        wide)
    assert tables.CSS_CLASS_LEBAR in tables.to_html(wide.iloc[0:0])  # "Tidak ada data" too


# --------------------------------------------------------------------------- printed on A4


def _capaian_rinci() -> pd.DataFrame:
    """A detailed capaian table like the sample's (long unit names, 8 numbers per row)."""
    rows = []
    for i, (ind, unit, sat) in enumerate([
        ("Jumlah peserta kegiatan pembudayaan gemar membaca", "PUS-BIN", "orang"),
        ("Jumlah perpustakaan desa dan sekolah yang dibina", "PUS-BIN", "perpustakaan"),
        ("Persentase perpustakaan binaan yang memenuhi standar nasional", "PUS-BIN", "%"),
    ]):
        rows.append({"kode_sasaran": "SS-1", "sasaran": "Meningkatnya budaya gemar membaca",
                     "kode": f"IK-0{i + 1}", "indikator": ind, "unit": unit, "satuan": sat,
                     "agregasi": "posisi_akhir", "polaritas": "positif",
                     "target_periode": 10710.0, "realisasi_periode": 11174.0,
                     "capaian_periode": 104.33, "target_sd": 42000.0, "realisasi_sd": 44150.0,
                     "capaian_sd_mentah": 105.12, "capaian_sd": 100.0,
                     "predikat": "Sangat Tinggi", "lengkap": False, "dinilai": True,
                     "alasan": "", "bulan_hilang": "Mei"})
    return pd.DataFrame(rows)


def _print(tmp_path, cells) -> list[str]:
    """Text of each PDF page of a notebook made of ``cells`` (outputs given, not executed)."""
    nb = nbformat.v4.new_notebook(cells=cells)
    src = tmp_path / "lap.ipynb"
    nbformat.write(nb, src)
    html_path = report.notebook_to_html(src, tmp_path / "lap.html", "Uji cetak")
    pdf = report.html_to_pdf(html_path, tmp_path / "lap.pdf", CHROMIUM)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def _html_cell(*outputs):
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={mime: text})
                    for mime, text in outputs]
    return cell


def _block(label: str, height_mm: int) -> tuple[str, str]:
    """An unbreakable block, like a chart."""
    return ("text/html", f"<div style='height:{height_mm}mm;break-inside:avoid;"
                         f"border:1px solid #999'>{label}</div>")


@needs_browser
@needs_poppler
def test_wide_table_fits_and_headings_stay_with_what_they_introduce(tmp_path):
    ctx = _ctx(tmp_path, _capaian_rinci(), periode=Periode(2024, "triwulan", 4))
    rinci = bagian.tabel_capaian(ctx, rinci=True)
    cells = [
        _html_cell(("text/html", rinci[0].data)),
        _html_cell(_block("pengisi", 150)),
        nbformat.v4.new_markdown_cell("## Bagian Satu\n\nPengantar bagian satu."),
        _html_cell(_block("ISI-SATU", 120)),
        _html_cell(_block("pengisi", 100), ("text/markdown", "Kalimat pengantar dua."),
                   _block("ISI-DUA", 120)),
    ]
    pages = _print(tmp_path, cells)
    # every column of the 13-column table is on the page (it used to be cut at the right)
    first = " ".join(pages[0].split())
    assert "Predikat Lengkap" in first  # the last two headers, side by side
    assert first.count("105,12% 100% Sangat Tidak") == 3  # ... and their cells, every row

    def page_of(text):
        return next(i for i, p in enumerate(pages) if text in p)

    # a heading (markdown cell) and a lead-in sentence (markdown output) move to the next
    # page together with the block they introduce instead of staying alone at the bottom
    assert page_of("Bagian Satu") == page_of("ISI-SATU")
    assert page_of("Kalimat pengantar dua.") == page_of("ISI-DUA")


# ------------------------------------------------- a month still missing at the reference date


def _june_missing_ctx(tmp_path, periode):
    """PUS-LAY sent January-June, PUS-BIN January-May: June of PUS-BIN is missing."""
    pk = pd.DataFrame({"kode": ["IK-01", "IK-04"], "unit": ["PUS-LAY", "PUS-BIN"],
                       "indikator": ["Kunjungan", "Gemar membaca"]})
    peng = pd.DataFrame([
        {"opd": "X", "tahun": 2024, "bulan": b, "unit": u,
         "tanggal_kirim": pd.Timestamp(2024, b + 1, 2),
         "sumber_file": f"2024/bulanan/{u}_2024-{b:02d}.xlsx", "sha256": "0"}
        for u, last in (("PUS-LAY", 6), ("PUS-BIN", 5)) for b in range(1, last + 1)])
    kualitas = pd.DataFrame(columns=["file", "sheet", "sel", "tingkat", "pesan"])
    cap = pd.DataFrame({
        "kode_sasaran": ["SS-1", "SS-1"], "sasaran": ["Minat baca"] * 2,
        "kode": ["IK-01", "IK-04"], "indikator": ["Kunjungan", "Gemar membaca"],
        "satuan": ["orang", "%"], "unit": ["PUS-LAY", "PUS-BIN"],
        "capaian_sd": [100.0, 95.0], "predikat": ["Sangat Tinggi", "Sangat Tinggi"],
        "dinilai": [True, True], "alasan": ["", ""], "lengkap": [True, False],
        "bulan_hilang": ["", "Juni"]})
    sas = pd.DataFrame({"kode_sasaran": ["SS-1", "OPD"], "sasaran": ["Minat baca", ""],
                        "jumlah_indikator": [2, 2], "capaian_sd": [97.5, 97.5],
                        "predikat": ["Sangat Tinggi", "Sangat Tinggi"]})
    proj = pd.DataFrame({"kode": ["IK-01", "IK-04"], "unit": ["PUS-LAY", "PUS-BIN"],
                         "berisiko": [False, False], "capaian_proyeksi": [100.0, 96.0],
                         "selisih_target": [0.0, 1.0]})
    data = SimpleNamespace(pk=pk, pengiriman=peng, anggaran=pd.DataFrame(columns=["unit"]),
                           kualitas=kualitas)
    return ReportContext(paths=Paths(tmp_path), settings=sample_settings(),
                         periode=Periode.from_kode(2024, periode), data=data,
                         tables={"capaian": cap, "sasaran": sas, "proyeksi": proj})


def test_collection_report_lists_and_asks_for_the_missing_last_month(tmp_path):
    ctx = _june_missing_ctx(tmp_path, "tw2")
    st = bagian.status_table(ctx)  # default reference date: 6 July (the day after 5 July)
    assert bagian.acuan_status(ctx) == dt.date(2024, 7, 6)
    juni = st[(st.unit == "PUS-BIN") & (st.bulan == 6)].iloc[0]
    assert juni.status == "belum ada"
    assert set(st.loc[st.unit == "PUS-LAY", "status"]) == {"tepat waktu"}
    text, matrix, rate, late = bagian.status_pengiriman(ctx)
    assert "diharapkan 12 laporan" in text.data and "1 belum ada" in text.data
    assert "keadaan per 6 Juli 2024" in text.data
    late_text = _visible(late.data)
    assert "Seksi Pembinaan dan Pembudayaan Gemar Membaca" in late_text
    assert "Juni" in late_text and "belum ada" in late_text
    # the request to units (collection report) and the briefing's follow-up both ask for June
    for dengan_risiko in (False, True):
        (req,) = bagian.permintaan_unit(ctx, dengan_risiko=dengan_risiko)
        asked = _visible(req.data)
        assert "Kirim laporan bulan Juni." in asked
        assert asked.count("Kirim laporan") == 1  # PUS-LAY owes nothing


def test_semester_overview_names_the_missing_month_per_indicator(tmp_path):
    ctx = _june_missing_ctx(tmp_path, "s1")
    out = bagian.ikhtisar(ctx)
    head, hilang = _rendered(out[0]), _rendered(out[1])
    assert "Data 1 indikator belum lengkap" in _visible(head)
    assert ("IK-04 (Seksi Pembinaan dan Pembudayaan Gemar Membaca): Juni belum dilaporkan"
            in _visible(hilang))
    assert "IK-01" not in _visible(hilang)
    # complete data: no such list
    full = _june_missing_ctx(tmp_path, "s1")
    full.tables["capaian"] = full["capaian"].assign(lengkap=True, bulan_hilang="")
    outs = bagian.ikhtisar(full, singkat=True)
    assert len(outs) == len(out) - 2  # no missing-months list, no sasaran table
    assert all("belum dilaporkan" not in o.data for o in outs)


# ---------------------------------------------------------------- polarity in the briefing


def _risk_tables():
    """IK-21 arsip rusak (negatif, ceiling 10): projected 14 -> above the ceiling, at risk;
    IK-22 arsip hilang (negatif, ceiling 10): projected 6 -> under it, not at risk;
    IK-05 perpustakaan dibina (positif, 36): projected 21,6 -> short by 14,4 -> 15."""
    cap = pd.DataFrame({
        "kode": ["IK-05", "IK-21", "IK-22"], "unit": ["PUS-BIN", "ARS-PEN", "ARS-PEN"],
        "indikator": ["Jumlah perpustakaan dibina", "Jumlah arsip yang rusak",
                      "Jumlah arsip yang hilang"],
        "satuan": ["perpustakaan", "berkas", "berkas"],
        "polaritas": ["positif", "negatif", "negatif"],
        "capaian_sd": [60.0, 71.43, 100.0], "dinilai": [True, True, True]})
    proj = pd.DataFrame({
        "kode": ["IK-05", "IK-21", "IK-22"], "proyeksi_akhir_tahun": [21.6, 14.0, 6.0],
        "target_tahunan": [36.0, 10.0, 10.0], "capaian_proyeksi": [60.0, 71.43, 100.0],
        "berisiko": [True, True, False], "selisih_target": [14.4, 4.0, -4.0]})
    return cap, proj


def test_briefing_actions_read_right_for_negatif_indicators():
    cap, proj = _risk_tables()
    from kinerja_lib.reports import summary
    t = summary.tindakan_unit(cap, proj, org=sample_settings().organisasi)
    text = dict(zip(t["unit"], t["tindakan"], strict=True))
    assert text["ARS-PEN"] == ("Turunkan IK-21 Jumlah arsip yang rusak: proyeksi capaian akhir "
                               "tahun 71,43% (melebihi batas 4 berkas).")
    assert text["PUS-BIN"].startswith("Tingkatkan IK-05")
    assert text["PUS-BIN"].endswith("(kurang 15 perpustakaan).")  # whole libraries
    assert "IK-22" not in " ".join(t["tindakan"])  # under its ceiling: nothing to do
    assert not any("Percepat" in x or "kurang 4 berkas" in x for x in t["tindakan"])
    # the at-risk table: mixed directions -> the cell says which way, the header is neutral
    risk = summary.indikator_berisiko(proj, cap)
    shown, header = summary.selisih_tampil(risk)
    assert header == "Selisih dari target"
    assert shown.set_index("kode")["selisih_teks"].to_dict() == {
        "IK-05": "kurang 15 perpustakaan", "IK-21": "melebihi batas 4 berkas"}
    assert "makin rendah makin baik" in shown.set_index("kode").loc["IK-21", "indikator"]
    only_neg, header = summary.selisih_tampil(risk[risk["kode"] == "IK-21"])
    assert header == "Kelebihan dari batas" and only_neg["selisih_teks"].tolist() == ["4 berkas"]


def test_briefing_data_fixes_name_the_month_and_row_not_the_file():
    from kinerja_lib.reports import summary
    cap, proj = _risk_tables()
    q = pd.DataFrame({"file": ["2024/bulanan/ARS_2024-02.xlsx"], "sheet": ["Realisasi"],
                      "sel": ["A4"], "aturan": ["kode_tidak_dikenal"],
                      "pesan": ["Kode indikator 'IK-99' tidak ada."], "tingkat": ["error"]})
    sent = pd.DataFrame({"sumber_file": ["2024/bulanan/ARS_2024-02.xlsx"], "unit": ["ARS-PEN"],
                         "bulan": [2], "tahun": [2024]})
    t = summary.tindakan_unit(cap.iloc[0:0], proj.iloc[0:0], None, q, sent)
    (line,) = t["tindakan"]
    assert line.startswith("Laporan Februari 2024, lembar Realisasi baris 4: Kode indikator")
    assert ".xlsx" not in line and "sel A4" not in line


def test_same_kendala_over_months_is_one_row_listing_the_months():
    from kinerja_lib.reports import summary
    r = pd.DataFrame({"kode": ["IK-05"] * 3 + ["IK-21"], "unit": ["PUS-BIN"] * 3 + ["ARS-PEN"],
                      "bulan": [4, 5, 6, 5],
                      "kendala": ["Hujan", "Hujan", "Jalan rusak", "Lembap"],
                      "tindak_lanjut": ["Jadwal ulang"] * 2 + ["", None]})
    pk = pd.DataFrame({"kode": ["IK-05", "IK-21"], "indikator": ["Dibina", "Rusak"]})
    k = summary.kendala_periode(r, pk, Periode(2024, "triwulan", 2), sample_settings().organisasi)
    assert k[["kode", "nama_bulan", "kendala"]].values.tolist() == [
        ["IK-05", "April, Mei", "Hujan"], ["IK-05", "Juni", "Jalan rusak"],
        ["IK-21", "Mei", "Lembap"]]


def test_quarterly_kendala_table_and_analysis_list_at_most_the_setting(tmp_path):
    """5,000 distinct kendala in a quarter: 50 rows, then "… dan 4.950 kendala lainnya"."""
    n = 5000
    r = pd.DataFrame({"kode": ["IK-05"] * n, "unit": ["PUS-BIN"] * n,
                      "bulan": [4 + i % 3 for i in range(n)],
                      "kendala": [f"Kendala {i:04d} " + "x" * 200 for i in range(n)],
                      "tindak_lanjut": [f"Upaya {i:04d}" for i in range(n)]})
    pk = pd.DataFrame({"kode": ["IK-05"], "indikator": ["Dibina"]})
    cap = pd.DataFrame({"kode_sasaran": ["SS-1"], "sasaran": ["Sasaran"], "kode": ["IK-05"],
                        "indikator": ["Dibina"], "capaian_sd": [60.0], "predikat": ["Rendah"],
                        "dinilai": [True]})
    ctx = _ctx(tmp_path, cap, r, pk, periode=Periode(2024, "triwulan", 2))
    tab, more = bagian.kendala(ctx)
    assert len(re.findall(r"<tr", tab.data)) == 51  # header + 50 kendala
    assert _visible(_rendered(more)) == "… dan 4.950 kendala lainnya (lihat rekap Excel)."
    (md,) = bagian.analisis(ctx)
    assert len(set(re.findall(r"Kendala \d{4}", md.data))) == 50
    assert "dan 4.950 lainnya" in _visible(_rendered(md)) and len(md.data) < 20_000
    ctx.settings = dataclasses.replace(ctx.settings, batas_kendala_laporan=2)
    tab, more = bagian.kendala(ctx)
    assert len(re.findall(r"<tr", tab.data)) == 3
    assert "4.998 kendala lainnya" in _visible(_rendered(more))


def test_capaian_table_shows_raw_capaian_and_drops_a_column_equal_to_another(tmp_path):
    cap = pd.DataFrame({
        "kode_sasaran": ["SS-1"] * 2, "sasaran": ["S"] * 2, "kode": ["IK-01", "IK-21"],
        "indikator": ["Kunjungan", "Arsip rusak"], "satuan": ["orang", "berkas"],
        "unit": ["PUS-LAY", "ARS-PEN"], "agregasi": ["kumulatif"] * 2,
        "polaritas": ["positif", "negatif"], "target_sd": [100.0, 10.0],
        "target_tahunan": [100.0, 10.0], "realisasi_sd": [102.15, 8.0],
        "capaian_sd": [100.0, 100.0], "capaian_sd_mentah": [102.15, 100.0],
        "capaian_tahunan": [100.0, 100.0], "predikat": ["Sangat Tinggi"] * 2,
        "dinilai": [True, True], "lengkap": [True, True], "alasan": ["", ""],
        "bulan_hilang": ["", ""]})
    ctx = _ctx(tmp_path, cap, periode=Periode(2024, "triwulan", 4))
    (table,) = bagian.tabel_capaian(ctx)
    t = _visible(table.data)
    assert "100% (102,15%)" in t and "100% (100%)" not in t
    assert "Target tahunan" not in t  # s.d. TW IV it equals the target to date
    assert "Arsip rusak (↓ makin rendah makin baik)" in t
    (table2,) = bagian.tabel_capaian(_ctx(tmp_path, cap.assign(target_sd=[50.0, 5.0]),
                                          periode=Periode(2024, "triwulan", 2)))
    assert "Target tahunan" in _visible(table2.data)


def test_budget_table_has_a_total_row_and_right_aligned_amounts():
    from kinerja_lib.domain.anggaran import serapan_opd
    from kinerja_lib.reports import summary
    a = pd.DataFrame({"kode_kegiatan": ["K1", "K2"], "kegiatan": ["Satu", "Dua"],
                      "pagu": [1_000_000.0, 3_000_000.0],
                      "realisasi_anggaran_sd": [400_000.0, 600_000.0],
                      "serapan_sd": [40.0, 20.0], "capaian_rata": [45.0, 10.0],
                      "selisih": [5.0, -10.0], "efisiensi": ["cukup efisien", "tidak efisien"]})
    shown, kanan = summary.tabel_anggaran(a, serapan_opd(a), "s.d. Triwulan II 2024")
    last = shown.iloc[-1]
    assert last["Kegiatan"] == "Jumlah" and last["Pagu (Rp)"] == "4.000.000"
    assert last["Realisasi s.d. Triwulan II 2024 (Rp)"] == "1.000.000"
    assert last["Serapan (%)"] == "25%" and last["Efisiensi"] == ""
    html_ = tables.to_html(shown, kanan=kanan)
    assert '<td style="text-align:right">4.000.000</td>' in html_
    assert '<th style="text-align:right">Pagu (Rp)</th>' in html_


def test_briefing_actions_name_each_unit_once_and_number_its_actions():
    from kinerja_lib.reports import summary
    t = pd.DataFrame({"nama_unit": ["Seksi A", "Seksi A", "Seksi <B>"],
                      "tindakan": ["Kirim laporan bulan Mei.", "Turunkan IK-21 <x>.", "Satu."]})
    out = summary.tindakan_per_unit_html(t)
    assert out.count("Seksi A") == 1 and out.count("<tr>") == 3  # header + 2 units
    assert out.count("<li>") == 3 and "Seksi &lt;B&gt;" in out and "<x>" not in out
    assert _visible(out).index("Kirim laporan") < _visible(out).index("Turunkan IK-21")
