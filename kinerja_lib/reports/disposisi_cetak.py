"""The printed lembar disposisi: HTML page, A4 PDF, and the files it is made from.

* :func:`disposisi_html` -- the standalone HTML page of a :class:`~.disposisi.Disposisi`
  (office letterhead with the logo embedded, A4 print CSS, one page); every value taken from
  data or settings is HTML-escaped here.
* :func:`write_disposisi` -- ``disposisi_langkah<N>.html`` written atomically and, on request,
  printed to PDF by :func:`kinerja_lib.reports.render.html_to_pdf` (headless Chromium).
* :func:`make_disposisi` -- what ``kinerja disposisi`` does: read the processed tables
  (:func:`load_inputs`), the data fingerprint and review status of the period, list the
  attachments that exist (:func:`lampiran`), build the content and write the files to
  ``reports/<tahun>/<periode>/``.

The page is a fixed A4 frame: the form rows take what they need and the official's boxes
(*Isi Disposisi*, *Diteruskan kepada*) fill the rest with ruled lines. When many addressees
share the page, each is printed on one line (:data:`~.disposisi.MAKS_RINCIAN`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kinerja_lib.domain.errors import MissingDataError, UserError
from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io.fingerprint import current_fingerprint
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.review import load_decisions, report_status
from kinerja_lib.io.store import atomic_write_text
from kinerja_lib.reports.disposisi import (
    INSTRUKSI,
    MAKS_RINCIAN,
    SIFAT,
    Disposisi,
    build_disposisi,
    filename,
)
from kinerja_lib.reports.logo import logo_data_uri, read_logo
from kinerja_lib.reports.render import html_to_pdf

_CSS = """
@page { size: A4; margin: 10mm 15mm 9mm 18mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 9.5pt;
  color: #000; line-height: 1.3; }
.halaman { width: 177mm; height: 276mm; margin: 0 auto; display: flex;
  flex-direction: column; }
.kop { display: flex; align-items: center; border-bottom: 3px double #000;
  padding-bottom: 2mm; }
.kop .logo { width: 20mm; height: 19mm; flex: none; display: flex; align-items: center; }
.kop .logo img { max-width: 20mm; max-height: 19mm; }
.kop .teks { flex: 1; text-align: center; }
.kop .pemda { font-size: 12.5pt; font-weight: bold; letter-spacing: .02em; }
.kop .opd { font-size: 14.5pt; font-weight: bold; letter-spacing: .02em; }
.kop .alamat { font-size: 8.5pt; margin-top: 1mm; }
.kop .sisi { width: 20mm; flex: none; }
h1 { text-align: center; font-size: 14pt; margin: 2.5mm 0 0; letter-spacing: .12em;
  text-decoration: underline; }
.sop { text-align: center; font-size: 8.5pt; margin: 1mm 0 2.5mm; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.form td { border: 1px solid #000; padding: 1.2mm 2mm; vertical-align: top; }
td.lbl { font-weight: bold; white-space: nowrap; }
td.sep { border-left: 0 !important; border-right: 0 !important; padding: 1.2mm 0;
  font-weight: bold; }
td.lbl { border-right: 0 !important; }
td.val { border-left: 0 !important; overflow-wrap: anywhere; }
.isian { display: inline-block; min-width: 40mm; border-bottom: 1px dotted #000;
  height: 3.8mm; vertical-align: bottom; }
.kotak { display: inline-block; width: 3.4mm; height: 3.4mm; border: 1px solid #000;
  vertical-align: -0.6mm; margin-right: 1.5mm; background: #fff; }
.pilihan { margin-right: 4mm; white-space: nowrap; }
ol.kepada { margin: 0; padding-left: 5mm; }
ol.kepada li { margin: 0 0 .8mm; }
ol.kepada ul { margin: .3mm 0 0; padding-left: 4mm; list-style: "\\2013\\00a0 "; }
ol.kepada .nama { font-weight: bold; }
ol.kepada.ringkas { font-size: 8pt; line-height: 1.25; }
ol.kepada.ringkas li { margin: 0 0 .3mm; }
ul.polos { margin: 0; padding-left: 4mm; }
table.status { border-collapse: collapse; width: 100%; margin: .5mm 0 1mm; font-size: 8.5pt;
  table-layout: fixed; }
table.status col.l { width: 31mm; }
table.status th, table.status td { border: 1px solid #555; padding: .4mm 1.5mm; }
table.status th { background: #eee; font-weight: bold; text-align: center; font-size: 7pt;
  padding: .4mm .5mm; overflow-wrap: normal; }
table.status td.n { text-align: right; }
table.status tr.jumlah td { font-weight: bold; background: #f6f6f6; }
.catatan { font-size: 8.5pt; }
.bawah { flex: 1; display: flex; flex-direction: column; margin-top: 2mm; min-height: 47mm; }
.bawah .atas { flex: 1; display: flex; border: 1px solid #000; }
.instruksi { width: 58mm; border-right: 1px solid #000; padding: 2mm; }
.instruksi div { margin: 0 0 1.6mm; }
.isi { flex: 1; padding: 2mm 2mm 0; display: flex; flex-direction: column; }
.judul-kotak { font-weight: bold; margin-bottom: 1mm; }
.garis { flex: 1 1 0; min-height: 14mm; overflow: hidden; }
.bawah .atas, .isi, .ttd, .ttd .kiri { min-height: 0; }
.garis div { height: 6.6mm; border-bottom: 0.8px solid #666; }
.ttd { display: flex; border: 1px solid #000; border-top: 0; }
.ttd .kiri { flex: 1; padding: 2mm; border-right: 1px solid #000; display: flex;
  flex-direction: column; }
.ttd .kanan { width: 84mm; padding: 1.5mm 3mm; }
.ttd table { border-collapse: collapse; }
.ttd table td { border: 0; padding: .4mm 0; vertical-align: bottom; white-space: nowrap; }
.ttd .ruang { height: 12mm; }
.ttd .jabatan { font-weight: bold; }
.kaki { font-size: 7pt; color: #444; margin-top: 1mm; display: flex;
  justify-content: space-between; white-space: nowrap; }
@media screen { body { background: #888; } .halaman { background: #fff; padding: 10mm;
  width: 210mm; height: auto; min-height: 297mm; margin: 5mm auto; } }
"""


def _e(v) -> str:
    """Escaped text: every value on the page goes through here (whitespace collapsed)."""
    text = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
    return html.escape(" ".join(text.split()), quote=True)


def _isian(v: str = "", lebar_mm: int = 40) -> str:
    if v:
        return _e(v)
    return f"<span class='isian' style='min-width:{lebar_mm}mm'></span>"


def _nip(nip: str) -> str:
    """NIP as usually printed, ``19700315 199503 1 002`` (birth date, appointment month,
    sex, number); other text unchanged."""
    digits = nip.replace(" ", "")
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip


def _kotak(label: str) -> str:
    return f"<span class='pilihan'><span class='kotak'></span>{_e(label)}</span>"


def _status_html(d) -> str:
    head = ("<tr><th>Bulan / periode</th><th>Wajib</th><th>Diterima</th><th>Tepat waktu</th>"
            "<th>Terlambat</th><th>Belum ada</th><th>Belum jatuh tempo</th><th>Galat</th>"
            "<th>Peringatan</th></tr>")
    body = []
    for i, r in enumerate(d.status):
        cls = " class='jumlah'" if i == len(d.status) - 1 else ""
        nums = (r.wajib, r.diterima, r.tepat_waktu, r.terlambat, r.belum_ada,
                r.belum_jatuh_tempo, r.galat, r.peringatan)
        body.append(f"<tr{cls}><td class='l'>{_e(r.label)}</td>"
                    + "".join(f"<td class='n'>{_e(format_number(n, 0))}</td>" for n in nums)
                    + "</tr>")
    notes = "".join(f"<div>{_e(n)}</div>" for n in d.catatan_status)
    return (f"<table class='status'><colgroup><col class='l'>{'<col>' * 8}</colgroup>"
            f"<thead>{head}</thead><tbody>{''.join(body)}</tbody>"
            f"</table><div class='catatan'>{notes}</div>")


def _kepada_html(d) -> str:
    if sum(len(t.rincian) for t in d.kepada) > MAKS_RINCIAN:
        items = "".join(f"<li><span class='nama'>{_e(t.nama)}</span>: {_e(t.ringkasan)}</li>"
                        for t in d.kepada)
        return f"<ol class='kepada ringkas'>{items}</ol>"
    items = []
    for t in d.kepada:
        sub = "".join(f"<li>{_e(x)}</li>" for x in t.rincian)
        items.append(f"<li><span class='nama'>{_e(t.nama)}</span>"
                     + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
    return f"<ol class='kepada'>{''.join(items)}</ol>"


def _row_html(label: str, value_html: str) -> str:
    return (f"<tr><td class='lbl'>{_e(label)}</td><td class='sep'>:</td>"
            f"<td class='val' colspan='4'>{value_html}</td></tr>")


_GARIS = "<div></div>" * 40  # ruled lines; the box shows as many as fit


def _form_rows(d) -> str:
    """The rows of the form table: agenda, urgency, subject, sender, addressees, due dates,
    recap status, attachments."""
    sifat = "".join(_kotak(s) for s in SIFAT)
    batas = "<ul class='polos'>" + "".join(f"<li>{_e(b)}</li>" for b in d.batas_waktu) + "</ul>"
    lampiran = ("<ul class='polos'>" + "".join(f"<li>{_e(x)}</li>" for x in d.lampiran)
                + "</ul>") if d.lampiran else "-"
    return "".join([
        "<tr><td class='lbl'>Nomor Agenda</td><td class='sep'>:</td>"
        f"<td class='val'>{_isian(lebar_mm=38)}</td>"
        "<td class='lbl' style='border-left:1px solid #000'>Tanggal</td>"
        f"<td class='sep'>:</td><td class='val'>{_isian(lebar_mm=38)}</td></tr>",
        f"<tr><td class='lbl'>Sifat</td><td class='sep'>:</td><td class='val' colspan='4'>"
        f"{sifat}</td></tr>",
        _row_html("Perihal", f"<b>{_e(d.perihal)}</b>"),
        _row_html("Dari", _e(d.dari)),
        _row_html("Kepada", _kepada_html(d)),
        _row_html("Batas waktu", batas),
        _row_html("Status rekap", _status_html(d)),
        _row_html("Lampiran", lampiran),
    ])


def _bawah_html(d) -> str:
    """The official's part: instruction boxes, ruled Isi Disposisi, Diteruskan kepada, date,
    signature, name and NIP; then the footer line."""
    instruksi = "".join(f"<div>{_kotak(s)}</div>" for s in INSTRUKSI)
    sidik = f"Sidik data: {_e(d.sidik)}" if d.sidik else ""
    return f"""<div class="bawah">
  <div class="atas">
    <div class="instruksi"><div class="judul-kotak">Instruksi / diteruskan untuk:</div>
      {instruksi}</div>
    <div class="isi"><div class="judul-kotak">Isi Disposisi:</div><div class="garis">{_GARIS}</div></div>
  </div>
  <div class="ttd">
    <div class="kiri"><div class="judul-kotak">Diteruskan kepada:</div>
      <div class="garis">{_GARIS}</div></div>
    <div class="kanan">
      <table>
        <tr><td style="width:14mm">Tanggal</td><td>: {_isian(lebar_mm=52)}</td></tr>
        <tr><td colspan="2" class="jabatan">{_e(d.jabatan_penanda_tangan)},</td></tr>
        <tr><td colspan="2">Paraf / Tanda tangan</td></tr>
        <tr><td colspan="2" class="ruang"></td></tr>
        <tr><td>Nama</td><td>: {_isian(d.nama_penanda_tangan, 52)}</td></tr>
        <tr><td>NIP</td><td>: {_isian(_nip(d.nip_penanda_tangan), 52)}</td></tr>
      </table>
    </div>
  </div>
  <div class="kaki"><span>{_e(d.judul)} &middot; setelah diisi, kembalikan kepada
    {_e(d.dari)} untuk diarsipkan</span><span>{sidik}</span></div>
</div>"""


def disposisi_html(d: Disposisi, logo_src: str | None = None) -> str:
    """The lembar disposisi as a standalone HTML page (A4, one page when printed).

    Parameters
    ----------
    d : Disposisi
        Content from :func:`disposisi.build_disposisi`; every text in it is HTML-escaped here.
    logo_src : str, optional
        ``src`` of the office logo (a ``data:`` URI from :func:`logo_data_uri`, so the file
        stays self-contained); no logo when None.
    """
    pemda, opd, alamat = (d.kop + ("", "", ""))[:3]
    logo = (f"<img src='{html.escape(logo_src, quote=True)}' alt='Logo'>"
            if logo_src else "")
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{_e(d.judul)}</title>
<style>{_CSS}</style>
</head>
<body>
<div class="halaman">
<div class="kop">
  <div class="logo">{logo}</div>
  <div class="teks">
    <div class="pemda">{_e(pemda)}</div>
    <div class="opd">{_e(opd)}</div>
    {f'<div class="alamat">{_e(alamat)}</div>' if alamat else ''}
  </div>
  <div class="sisi"></div>
</div>
<h1>LEMBAR DISPOSISI</h1>
<div class="sop">SOP Pengumpulan Data Kinerja &middot; Langkah {d.langkah}:
{_e(d.judul_langkah)} &middot; {_e(d.periode.label)}</div>
<table class="form">
<colgroup><col style="width:27mm"><col style="width:4mm"><col><col style="width:22mm">
<col style="width:4mm"><col></colgroup>
{_form_rows(d)}
</table>
{_bawah_html(d)}
</div>
</body>
</html>
"""


# --------------------------------------------------------------------------- files

def load_inputs(paths: Paths, tahun: int) -> dict[str, pd.DataFrame]:
    """The processed tables a disposisi is built from: ``status`` (tracker), ``kualitas``
    and ``pengiriman`` of ``data/processed/<tahun>/``.

    Raises
    ------
    MissingDataError
        The year was not validated yet (message names the command to run).
    """
    folder = paths.processed_year(tahun)
    files = {"status": folder / "pengiriman_status.parquet",
             "kualitas": folder / "kualitas.parquet",
             "pengiriman": folder / "pengiriman.parquet"}
    missing = [f for f in files.values() if not f.exists()]
    if missing:
        raise MissingDataError(
            f"Status pengiriman tahun {tahun} belum ada ({missing[0]}). Jalankan dahulu: "
            f"kinerja validasi --tahun {tahun}"
        )
    return {k: pd.read_parquet(f) for k, f in files.items()}


def write_disposisi(d: Disposisi, out_dir, pdf: bool = True, logo_src: str | None = None,
                    settings=None, browser: str | None = None) -> list[Path]:
    """Write ``disposisi_langkah<N>.html`` (atomically) and, with ``pdf``, its A4 PDF.

    Parameters
    ----------
    d : Disposisi
    out_dir : path
        Usually ``reports/<tahun>/<periode>/``.
    pdf : bool
        Also print the PDF through a Chromium-family browser (:func:`render.html_to_pdf`).
    logo_src : str, optional
        See :func:`disposisi_html`.
    settings, browser
        Passed to :func:`render.html_to_pdf` to find the browser.

    Returns
    -------
    list of Path
        The HTML file, then the PDF when written.

    Raises
    ------
    BrowserNotFound, PdfError
        From :func:`render.html_to_pdf` (the HTML is written first and stays).
    """
    out_dir = Path(out_dir)
    html_path = out_dir / filename(d.langkah, "html")
    atomic_write_text(html_path, disposisi_html(d, logo_src))
    written = [html_path]
    if pdf:
        written.append(html_to_pdf(html_path, out_dir / filename(d.langkah, "pdf"),
                                   browser=browser, settings=settings))
    return written


def lampiran(paths: Paths, langkah: int, periode: Periode) -> list[str]:
    """Files that go with the disposisi of ``langkah`` and exist, relative to the project:
    the request sheets per unit (step 1), the Excel recap (steps 2, 6), the period's
    collection report (steps 1, 2) or its semester/annual report (steps 6, 7)."""
    tahun = periode.tahun
    out = paths.report_dir(tahun, periode.kode)
    rekap = paths.processed_year(tahun) / f"rekap_{tahun}.xlsx"
    laporan = out / ("06_laporan_tahunan.pdf" if periode.jenis == "tahunan"
                     else "05_laporan_semester.pdf")
    candidates = {
        1: [paths.processed_year(tahun) / "permintaan", out / "01_pengumpulan.pdf"],
        2: [rekap, out / "01_pengumpulan.pdf"],
        6: [rekap, laporan],
        7: [laporan],
    }.get(langkah, [])
    found = []
    for f in candidates:
        if f.exists():
            rel = f.relative_to(paths.root).as_posix() if f.is_relative_to(paths.root) else str(f)
            found.append(f"{rel}/ (lembar permintaan per unit)" if f.is_dir() else rel)
    return found


def _tinjauan(paths: Paths, periode: Periode, sidik: str) -> str | None:
    try:
        st = report_status(load_decisions(paths, periode.tahun, periode.kode), sidik or None)
    except UserError:
        return None
    return f"{st.label} \u2014 {st.alasan}"


@dataclass(frozen=True)
class Hasil:
    """What :func:`make_disposisi` made: the content, the files written, and the logo
    file named in the settings that could not be used (None when fine or not set) with the
    reason (:func:`reports.logo.read_logo`)."""

    disposisi: Disposisi
    berkas: list[Path]
    logo_hilang: Path | None = None
    logo_catatan: str = ""


def make_disposisi(paths: Paths, settings, langkah: int, periode: Periode, pdf: bool = True,
                   browser: str | None = None) -> Hasil:
    """Build and write the lembar disposisi of SOP step ``langkah`` for ``periode``.

    Reads the tracker status and quality table of the year (:func:`load_inputs`), the
    period's data fingerprint and, for steps 6 and 7, the review status of its report;
    writes ``reports/<tahun>/<periode>/disposisi_langkah<N>.html`` (and ``.pdf``).

    Raises
    ------
    PeriodError
        The step is not done for this kind of period.
    MissingDataError
        The year was not validated (``kinerja validasi``).
    BrowserNotFound, PdfError
        The PDF could not be printed (the HTML is written first and stays).
    """
    inputs = load_inputs(paths, periode.tahun)
    try:
        sidik = current_fingerprint(paths, periode, settings)
    except UserError:
        sidik = ""
    d = build_disposisi(
        langkah, periode, settings, inputs["status"], inputs["kualitas"], inputs["pengiriman"],
        tinjauan=_tinjauan(paths, periode, sidik) if langkah in (6, 7) else None,
        lampiran=lampiran(paths, langkah, periode), sidik=sidik)
    logo = str(getattr(settings, "logo", "") or "")
    logo_src, catatan = read_logo(paths.root / logo) if logo else (None, "")
    written = write_disposisi(d, paths.report_dir(periode.tahun, periode.kode), pdf=pdf,
                              logo_src=logo_src, settings=settings, browser=browser)
    return Hasil(d, written, paths.root / logo if logo and logo_src is None else None, catatan)


__all__ = ["disposisi_html", "write_disposisi", "make_disposisi", "load_inputs", "lampiran",
           "logo_data_uri", "Hasil"]
