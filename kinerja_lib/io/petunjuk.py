"""The ``Petunjuk`` (instructions) sheet of the fill-in workbooks, in Bahasa Indonesia.

A :class:`Doc` collects rows (title, headings, label-text rows, small tables); :func:`write_doc`
lays them out on a sheet with the form styles of :mod:`kinerja_lib.io.excel`.
:func:`pk_petunjuk` and :func:`monthly_petunjuk` hold the texts of the PK workbook and of a
unit's monthly report; :func:`write_unit_list` puts the unit dropdown list in column F. Ingest
ignores this sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.numbers import format_tanggal
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.excel import (
    FORM_BOLD,
    FORM_BORDER,
    FORM_HEADING_FONT,
    FORM_TITLE_FONT,
    PREFILLED_FILL,
    SECTION_FILL,
    WRAP_TOP,
    estimate_lines,
    print_setup,
    protect,
    set_cell,
    set_widths,
)

TIPE_LABEL = {
    "text": "teks",
    "number": "angka",
    "int": "bilangan bulat",
    "date": "tanggal (dd/mm/yyyy)",
    "enum": "pilihan",
    "unit": "unit (kode, nama atau alias)",
}
"""Indonesian names of the column types, for the Petunjuk sheet and the docs."""


@dataclass
class Doc:
    """Rows of a Petunjuk sheet: (kind, cells)."""

    rows: list[tuple[str, tuple]] = field(default_factory=list)

    def title(self, text):
        self.rows.append(("title", (text,)))

    def heading(self, text):
        self.rows.append(("blank", ()))
        self.rows.append(("heading", (text,)))

    def text(self, label, text="", extra=""):
        self.rows.append(("text", (label, text, extra)))

    def table_header(self, *cells):
        self.rows.append(("thead", cells))

    def table_row(self, *cells):
        self.rows.append(("trow", cells))


PETUNJUK_WIDTHS = (30, 82, 30)
UNIT_LIST_COL = 6  # column F of the Petunjuk sheet holds the unit dropdown list


def write_doc(ws, doc: Doc, header: str) -> None:
    """Lay out ``doc`` on ``ws`` (columns A-C), set up printing and protect the sheet."""
    set_widths(ws, PETUNJUK_WIDTHS)
    r = 0
    for kind, cells in doc.rows:
        r += 1
        if kind == "blank":
            continue
        if kind == "title":
            set_cell(ws, r, 1, cells[0]).font = FORM_TITLE_FONT
            ws.row_dimensions[r].height = 22
            continue
        if kind == "heading":
            for j in range(1, 4):
                ws.cell(row=r, column=j).fill = SECTION_FILL
            set_cell(ws, r, 1, cells[0]).font = FORM_HEADING_FONT
            continue
        _write_doc_row(ws, r, kind, cells)
    print_setup(ws, title_rows=None, header=header, print_area=f"A1:C{max(r, 1)}")
    ws.sheet_view.showGridLines = False
    protect(ws)


def _write_doc_row(ws, r: int, kind: str, cells: tuple) -> None:
    """One text or table row of a Petunjuk sheet (row height fitted to the wrapped text)."""
    lines = 1
    for j, v in enumerate(cells, start=1):
        if v in (None, ""):
            continue
        cell = set_cell(ws, r, j, v)
        cell.alignment = WRAP_TOP
        lines = max(lines, estimate_lines(v, PETUNJUK_WIDTHS[j - 1]))
        if kind == "thead":
            cell.font = FORM_BOLD
            cell.fill = PREFILLED_FILL
        if kind in ("thead", "trow"):
            cell.border = FORM_BORDER
        if kind == "text" and j == 1:
            cell.font = FORM_BOLD
    if kind in ("thead", "trow"):
        for j in range(len(cells) + 1, 4):
            ws.cell(row=r, column=j).border = FORM_BORDER
    if lines > 1:
        ws.row_dimensions[r].height = 15 * lines + 1


def _doc_columns(doc: Doc, spec: c.SheetSpec, unlocked_note: bool) -> None:
    doc.table_header("Judul kolom", "Isi", "Tipe / wajib")
    for col in spec.columns:
        tipe = TIPE_LABEL.get(col.dtype, col.dtype)
        if col.choices:
            tipe += ": " + " / ".join(col.choices.values())
        wajib = "wajib" if col.required else "boleh kosong"
        if unlocked_note and not col.input:
            wajib = "sudah terisi, terkunci"
        doc.table_row(col.header, col.meaning, f"{tipe}; {wajib}")


def _doc_angka(doc: Doc) -> None:
    doc.heading("Cara menulis angka")
    doc.text("Ketik sebagai angka", "Ketik angkanya saja, tanpa %, Rp, spasi, atau satuan. "
             "Pada Excel berbahasa Indonesia desimal memakai koma dan ribuan memakai titik "
             "(1.234,5); Excel menampilkannya sendiri, jangan mengetik titik ribuan.")
    doc.text("Persen", "Untuk satuan %, ketik 85,5 (bukan 0,855 dan bukan 85,5%).")
    doc.text("Nihil dan kosong", "Bila tidak ada capaian bulan ini, ketik 0. Sel kosong atau "
             "tanda '-' berarti belum melapor untuk indikator itu.")
    doc.text("Tanggal", "Tulis tanggal sebagai dd/mm/yyyy, mis. 05/02/2024.")


def _doc_agregasi(doc: Doc) -> None:
    doc.heading("Arti jenis agregasi")
    doc.text("kumulatif", "Isi capaian bulan ini saja (bukan total s.d. bulan ini). "
             "Capaian triwulan dan tahunan adalah jumlah bulan-bulannya.")
    doc.text("posisi akhir", "Isi nilai/posisi pada akhir bulan (mis. jumlah koleksi per "
             "akhir bulan, nilai indeks terbaru). Capaian periode memakai nilai bulan terakhir "
             "yang dilaporkan.")
    doc.text("rata-rata", "Isi nilai bulan ini. Capaian periode adalah rata-rata bulan yang "
             "dilaporkan.")
    doc.text("rasio", "Isi Pembilang dan Penyebut bulan ini; Realisasi boleh diisi "
             "persentasenya. Capaian periode = jumlah pembilang / jumlah penyebut x 100 "
             "(persentase bulanan tidak dirata-rata).")


def _doc_unit_table(doc: Doc, org: Organisasi) -> None:
    doc.heading("Daftar unit")
    doc.table_header("Kode unit", "Nama resmi", "Ejaan lain yang dikenali")
    for u in org.units:
        doc.table_row(u.kode, u.nama, ", ".join(u.alias))


def write_unit_list(ws, org: Organisasi) -> str:
    """Write the office's unit names and codes in column F of Petunjuk; return the range."""
    letter = get_column_letter(UNIT_LIST_COL)
    set_cell(ws, 1, UNIT_LIST_COL, "Pilihan isian unit").font = FORM_BOLD
    items = [u.nama for u in org.units] + [u.kode for u in org.units]
    for i, v in enumerate(items, start=2):
        set_cell(ws, i, UNIT_LIST_COL, v)
    ws.column_dimensions[letter].width = 44
    return f"{c.PETUNJUK_SHEET_NAME}!${letter}$2:${letter}${1 + len(items)}"


def page_header(settings: Settings, title: str) -> str:
    """Page header of a printed sheet: office, regency and title."""
    return f"{settings.nama_opd} {settings.nama_pemda} - {title}"


def pk_petunjuk(tahun: int, settings: Settings) -> Doc:
    """Texts of the PK workbook's Petunjuk sheet."""
    d = Doc()
    d.title(f"Petunjuk Pengisian Perjanjian Kinerja dan Rencana Aksi Tahun {tahun}")
    d.text("Perangkat daerah", f"{settings.nama_opd} {settings.nama_pemda} "
           f"(kode {settings.kode_opd})")
    d.text("Nama berkas", f"data/raw/{tahun}/{c.pk_filename(tahun)}")
    d.text("Isi workbook", "Lembar Perjanjian Kinerja (satu baris per indikator), Rencana Aksi "
           "(target per triwulan) dan Anggaran (pagu per kegiatan). Judul kolom di baris 1, data "
           "mulai baris 2.")
    d.text("Jangan", "Jangan mengganti nama lembar atau judul kolom, jangan menggabungkan sel "
           "(merge), jangan memakai rumus; ketik nilainya. Lembar diproteksi tanpa kata sandi "
           "hanya agar judul tidak terubah (Tinjau > Buka Proteksi Lembar bila perlu).")
    d.text("Pilihan", "Kolom bertanda pilihan (Polaritas, Jenis Agregasi, Jenis Target, Unit, "
           "IKU) memakai daftar tarik-turun.")
    for spec in (c.PK_SHEET, c.RA_SHEET, c.ANGGARAN_SHEET):
        d.heading(f"Lembar {spec.name}")
        d.text("Keterangan", spec.meaning)
        _doc_columns(d, spec, unlocked_note=False)
    d.heading("Polaritas dan metode capaian")
    d.text("positif", "Makin tinggi makin baik: capaian = realisasi / target x 100.")
    d.text("negatif", "Makin rendah makin baik. Metode A: (2 x target - realisasi) / target x 100; "
           f"metode B: target / realisasi x 100. Bila kosong dipakai metode "
           f"{settings.metode_negatif_default}.")
    d.heading("Jenis target Rencana Aksi")
    d.text("per triwulan", "Target triwulan itu saja (mis. 10, 12, 15, 13 untuk target tahunan 50).")
    d.text("kumulatif s.d. triwulan", "Target sampai dengan triwulan itu (mis. 10, 22, 37, 50); "
           "target TW IV sama dengan target tahunan.")
    _doc_agregasi(d)
    _doc_angka(d)
    _doc_unit_table(d, settings.organisasi)
    return d


def monthly_petunjuk(unit: str, tahun: int, bulan: int, settings: Settings) -> Doc:
    """Texts of a unit's monthly report Petunjuk sheet."""
    batas = due_date(tahun, bulan, settings.hari_batas_laporan, settings.libur)
    d = Doc()
    d.title(f"Petunjuk Pengisian Laporan Progres Bulanan - {nama_bulan(bulan)} {tahun}")
    d.text("Unit", f"{settings.nama_unit(unit)} ({unit})")
    d.text("Perangkat daerah", f"{settings.nama_opd} {settings.nama_pemda}")
    d.text("Batas pengiriman", f"{format_tanggal(batas)} (tanggal {settings.hari_batas_laporan} "
           "bulan berikutnya). Kirim kepada pengelola data kinerja (Staf Penyusun Evaluasi "
           "Kinerja).")
    d.text("Nama berkas", f"{c.bulanan_filename(unit, tahun, bulan)} (jangan diganti; simpan "
           "sebagai .xlsx, bukan .xls).")
    d.heading("Langkah pengisian")
    d.text("1. Identitas", "Isi Tanggal Kirim (dd/mm/yyyy) dan Nama Pengisi. Kode OPD, Unit, "
           "Tahun dan Bulan sudah terisi dan terkunci.")
    d.text("2. Realisasi", "Untuk setiap indikator isi Realisasi Bulan Ini, lalu Kendala, "
           "Tindak Lanjut dan Bukti Dukung bila ada. Kode, indikator, satuan dan jenis agregasi "
           "sudah terisi.")
    d.text("3. Rasio", "Untuk indikator berjenis rasio isi juga Pembilang dan Penyebut bulan "
           "ini. Sel abu-abu tidak perlu diisi.")
    d.text("4. Anggaran", "Isi Realisasi Anggaran Bulan Ini (Rp): belanja bulan ini saja, bukan "
           "jumlah s.d. bulan ini.")
    d.text("5. Kirim", f"Simpan dan kirim paling lambat {format_tanggal(batas)}.")
    d.text("6. Revisi", "Untuk memperbaiki laporan yang sudah dikirim: ubah nilainya pada "
           "berkas yang sama, isi Revisi ke- pada lembar Identitas (1 untuk revisi pertama, 2 "
           "untuk berikutnya) dan Tanggal Kirim yang baru, lalu kirim lagi (nama berkas boleh "
           "diberi akhiran, mis. _revisi1). Laporan sebelumnya tetap disimpan; yang dipakai "
           "adalah Revisi ke- tertinggi. Ketepatan waktu dinilai dari kiriman pertama.")
    d.text("Warna sel", "Kuning = diisi unit; abu-abu muda = sudah terisi (terkunci); abu-abu "
           "tua = tidak dipakai.")
    d.text("Jangan", "Jangan mengganti nama lembar, judul kolom atau kode indikator; jangan "
           "menambah atau menghapus kolom; jangan menggabungkan sel (merge); jangan memakai "
           "rumus, ketik nilainya. Lembar diproteksi tanpa kata sandi hanya untuk mencegah "
           "salah ubah.")
    _doc_agregasi(d)
    _doc_angka(d)
    for spec in (c.REALISASI_SHEET, c.REALISASI_ANGGARAN_SHEET):
        d.heading(f"Kolom lembar {spec.name}")
        _doc_columns(d, spec, unlocked_note=True)
    return d
