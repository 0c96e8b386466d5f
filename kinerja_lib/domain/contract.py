"""The raw-data contract: every workbook, sheet and column, with type, unit and meaning.

This module is the one home of the data contract. Templates (``templates``), the sample
(``sample``), ingest/validation (``ingest``) and the user documentation
(``docs/kontrak-data.md``) all follow what is declared here.

Workbooks under ``data/raw/<tahun>/``:

* ``perjanjian_kinerja_<tahun>.xlsx`` -- sheets ``Perjanjian Kinerja`` (one row per
  indicator), ``Rencana Aksi`` (quarterly targets) and ``Anggaran`` (programme/kegiatan pagu);
* ``bulanan/<UNIT>_<tahun>-<MM>.xlsx`` -- one Laporan Progres Bulanan per unit per month:
  sheets ``Identitas`` (key/value), ``Realisasi`` and ``Anggaran``.

Every data sheet has its header on row 1 and data from row 2. Extra sheets are allowed
(warning), extra columns are ignored (warning). Canonical frames produced by ingest carry the
office code ``opd`` and lineage columns (``sumber_file``, ``sumber_sheet``, ``sumber_baris``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- enumerations

POLARITAS = ("positif", "negatif")
"""positif: higher is better; negatif: lower is better."""

METODE_NEGATIF = ("A", "B")
"""Capaian for negatif indicators: A = (2T - R) / T x 100; B = T / R x 100."""

AGREGASI = ("kumulatif", "posisi_akhir", "rata_rata", "rasio")
"""How months roll up: sum; last reported value; mean of reported months; sum(pembilang) /
sum(penyebut) x 100."""

AGREGASI_LABEL = {
    "kumulatif": "kumulatif",
    "posisi_akhir": "posisi akhir",
    "rata_rata": "rata-rata",
    "rasio": "rasio",
}

JENIS_TARGET_RA = ("per_triwulan", "kumulatif")
"""per_triwulan: each quarter's own target; kumulatif: target to date (s.d. triwulan)."""

JENIS_TARGET_RA_LABEL = {"per_triwulan": "per triwulan", "kumulatif": "kumulatif s.d. triwulan"}

TINGKAT = ("error", "peringatan")
"""Severity in the data-quality table: error quarantines the row, peringatan keeps it."""

SATUAN_CACAH = (
    "orang", "jiwa", "peserta", "pengunjung", "pemustaka", "anggota", "pegawai", "buku",
    "judul", "eksemplar", "koleksi", "naskah", "kegiatan", "dokumen", "berkas", "arsip",
    "boks", "box", "lembar", "unit", "perpustakaan", "lembaga", "instansi", "opd",
    "perangkat daerah", "sekolah", "desa", "kelurahan", "kecamatan", "kali", "laporan",
    "paket", "sertifikat", "rp", "rupiah", "cacah",
)
"""Satuan (normalised, see :func:`satuan_cacah`) of values that are whole counts or rupiah.

A text number whose two readings differ (``'22,955'``: 22,955 as a decimal or 22.955 as
thousands) is an error (``pemisah_ambigu``) in such a column, because a count cannot be
22,955. Measures that can be fractional (``hari``, ``jam``, ``poin``, ``nilai``, ``indeks``,
``%``) are not listed. A satuan counts when it is listed or starts with a listed word
(``orang/tahun``, ``buku per kapita`` do not: see :func:`satuan_cacah`)."""

SATUAN_PERSEN = ("%", "persen", "persentase", "prosen")
"""Satuan of percentages: a value above 100 is ``persen_di_atas_100``."""

PERSEN_BISA_LEBIH_100 = ("peningkatan", "pertumbuhan", "kenaikan", "perubahan", "laju")
"""Words in an indicator name marking a growth percentage (``Persentase peningkatan jumlah
pengunjung``), which can exceed 100: there ``persen_di_atas_100`` is only a warning."""


def satuan_cacah(satuan) -> bool:
    """True when ``satuan`` is a count or rupiah (:data:`SATUAN_CACAH`).

    The satuan matches when its normalised text equals a listed unit, or its first word does
    and nothing after it makes it a rate (``per``, ``/``): ``"orang"``, ``"Orang"``,
    ``"perangkat daerah"``, ``"buku (eksemplar)"`` count; ``"orang/hari"``, ``"%"``,
    ``"hari"`` do not.
    """
    if satuan is None:
        return False
    text = str(satuan).strip().lower()
    if "/" in text or " per " in f" {text} ":
        return False
    key = _norm(text)
    return bool(key) and (key in SATUAN_CACAH or key.split()[0] in SATUAN_CACAH)


def satuan_persen(satuan) -> bool:
    """True when ``satuan`` is a percentage (:data:`SATUAN_PERSEN`)."""
    if satuan is None:
        return False
    text = str(satuan).strip().lower()
    return text in SATUAN_PERSEN or _norm(text) in SATUAN_PERSEN


def persen_bisa_lebih_100(indikator) -> bool:
    """True when an indicator name marks a growth percentage (:data:`PERSEN_BISA_LEBIH_100`)."""
    words = set(_norm(indikator or "").split())
    return any(w in words for w in PERSEN_BISA_LEBIH_100)


def _norm(text) -> str:
    """Normalise free text for matching: lowercase, no accents/punctuation, single spaces."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-z0-9]+", " ", t.lower())
    return t.strip()


def parse_enum(value, allowed_labels: dict[str, str]) -> str | None:
    """Map a typed label (any case/spacing, ``posisi akhir``/``posisi_akhir``) to its code."""
    if value is None:
        return None
    key = _norm(value)
    if not key:
        return None
    for code, label in allowed_labels.items():
        if key in (_norm(code), _norm(label)):
            return code
    return None


# --------------------------------------------------------------------------- sheets


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Attributes
    ----------
    name : str
        Canonical (code) name used in DataFrames.
    header : str
        Header text in the workbook (Bahasa Indonesia).
    dtype : str
        ``text``, ``number``, ``int``, ``date``, ``enum`` or ``unit``.
    required : bool
        A blank cell is an error.
    meaning : str
        What it holds, for the user docs (Bahasa Indonesia).
    satuan : str
        Unit of measure, where fixed.
    choices : dict | None
        For ``enum``: code -> label shown in the dropdown.
    min, max : float | None
        Allowed range for numbers.
    input : bool
        True where the unit types the value (unlocked in templates).
    """

    name: str
    header: str
    dtype: str = "text"
    required: bool = False
    meaning: str = ""
    satuan: str = ""
    choices: dict | None = None
    min: float | None = None
    max: float | None = None
    input: bool = True
    width: int = 16


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    meaning: str = ""
    key: tuple[str, ...] = ()
    """Columns that must be unique together within the sheet."""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> set[str]:
        """Names of the columns that must be present and filled."""
        return {c.name for c in self.columns if c.required}


@dataclass(frozen=True)
class KeyValueSheetSpec:
    """A sheet of label (column A) / value (column B) rows, such as ``Identitas``."""

    name: str
    fields: tuple[Column, ...]
    meaning: str = ""


@dataclass(frozen=True)
class WorkbookSpec:
    name: str
    filename_pattern: str
    sheets: tuple = field(default_factory=tuple)
    meaning: str = ""

    def sheet(self, name: str):
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)


_POL = {"positif": "positif", "negatif": "negatif"}
_MET = {"A": "A", "B": "B"}

PK_SHEET = SheetSpec(
    "Perjanjian Kinerja",
    (
        Column("kode", "Kode Indikator", "text", True, "Kode unik indikator, mis. IK-01", width=14),
        Column("kode_sasaran", "Kode Sasaran", "text", True, "Kode sasaran strategis, mis. SS-1", width=12),
        Column("sasaran", "Sasaran Strategis", "text", True, "Uraian sasaran strategis", width=40),
        Column("indikator", "Indikator Kinerja", "text", True, "Nama indikator kinerja", width=48),
        Column("satuan", "Satuan", "text", True, "Satuan ukur (%, orang, eksemplar, poin, ...)", width=12),
        Column("unit", "Unit Penanggung Jawab", "unit", True, "Kode atau nama unit", width=24),
        Column("polaritas", "Polaritas", "enum", True,
               "positif = makin tinggi makin baik; negatif = makin rendah makin baik",
               choices=_POL, width=11),
        Column("metode_negatif", "Metode Capaian Negatif", "enum", False,
               "Untuk indikator negatif: A = (2T-R)/T x 100; B = T/R x 100", choices=_MET,
               width=12),
        Column("agregasi", "Jenis Agregasi", "enum", True,
               "kumulatif = dijumlah; posisi akhir = nilai terakhir; rata-rata = rata-rata "
               "bulan yang dilaporkan; rasio = jumlah pembilang / jumlah penyebut x 100",
               choices=AGREGASI_LABEL, width=14),
        Column("target_tahunan", "Target Tahunan", "number", True, "Target pada Perjanjian Kinerja", min=0, width=12),
        Column("baseline", "Baseline (Realisasi Tahun Lalu)", "number", False, "Realisasi tahun sebelumnya", min=0, width=14),
        Column("target_renstra", "Target Akhir Renstra", "number", False, "Target akhir periode Renstra", min=0, width=12),
        Column("tahun_renstra", "Tahun Akhir Renstra", "int", False, "Tahun akhir periode Renstra", min=2000, max=2100, width=10),
        Column("kode_kegiatan", "Kode Kegiatan", "text", False, "Kegiatan pendukung (lembar Anggaran)", width=14),
        Column("iku", "IKU", "enum", False, "Ya bila termasuk Indikator Kinerja Utama",
               choices={"Ya": "Ya", "Tidak": "Tidak"}, width=8),
    ),
    "Satu baris per indikator Perjanjian Kinerja tahun berjalan.",
    key=("kode",),
)

RA_SHEET = SheetSpec(
    "Rencana Aksi",
    (
        Column("kode", "Kode Indikator", "text", True, "Kode indikator pada Perjanjian Kinerja", width=14),
        Column("indikator", "Indikator Kinerja", "text", False, "Nama indikator (keterangan saja)", input=False, width=48),
        Column("jenis_target", "Jenis Target", "enum", True,
               "per triwulan = target triwulan itu saja; kumulatif = target s.d. triwulan itu",
               choices=JENIS_TARGET_RA_LABEL, width=20),
        Column("target_tw1", "Target TW I", "number", True, "Target triwulan I", min=0, width=11),
        Column("target_tw2", "Target TW II", "number", True, "Target triwulan II", min=0, width=11),
        Column("target_tw3", "Target TW III", "number", True, "Target triwulan III", min=0, width=11),
        Column("target_tw4", "Target TW IV", "number", True, "Target triwulan IV", min=0, width=11),
    ),
    "Target per triwulan (Rencana Aksi) untuk setiap indikator.",
    key=("kode",),
)

ANGGARAN_SHEET = SheetSpec(
    "Anggaran",
    (
        Column("kode_kegiatan", "Kode Kegiatan", "text", True, "Kode kegiatan", width=14),
        Column("program", "Program", "text", True, "Nama program", width=40),
        Column("kegiatan", "Kegiatan", "text", True, "Nama kegiatan", width=44),
        Column("unit", "Unit Pelaksana", "unit", True, "Kode atau nama unit", width=22),
        Column("pagu", "Pagu Anggaran (Rp)", "number", True, "Pagu anggaran setahun", satuan="Rp", min=0, width=18),
    ),
    "Pagu anggaran per kegiatan.",
    key=("kode_kegiatan",),
)

PK_WORKBOOK = WorkbookSpec(
    "Perjanjian Kinerja",
    "perjanjian_kinerja_{tahun}.xlsx",
    (PK_SHEET, RA_SHEET, ANGGARAN_SHEET),
    "Perjanjian Kinerja, Rencana Aksi dan pagu anggaran satu tahun.",
)

IDENTITAS_SHEET = KeyValueSheetSpec(
    "Identitas",
    (
        Column("opd", "Kode OPD", "text", True, "Kode perangkat daerah", input=False),
        Column("unit", "Unit", "unit", True, "Unit pengirim laporan", input=False),
        Column("tahun", "Tahun", "int", True, "Tahun anggaran", min=2000, max=2100, input=False),
        Column("bulan", "Bulan", "int", True, "Bulan laporan (1-12)", min=1, max=12, input=False),
        Column("tanggal_kirim", "Tanggal Kirim", "date", True, "Tanggal laporan dikirim (dd/mm/yyyy)"),
        Column("pengisi", "Nama Pengisi", "text", False, "Nama petugas yang mengisi"),
        Column("revisi_ke", "Revisi ke-", "int", False,
               "Kosong atau 0 = laporan pertama; 1, 2, ... = revisi ke berapa (kirim ulang "
               "berkas bulan yang sama dengan angka lebih tinggi; yang tertinggi dipakai)",
               min=0, max=99),
    ),
    "Identitas laporan: unit, bulan, tanggal kirim, revisi ke berapa.",
)

REALISASI_SHEET = SheetSpec(
    "Realisasi",
    (
        Column("kode", "Kode Indikator", "text", True, "Kode indikator (terisi)", input=False, width=14),
        Column("indikator", "Indikator Kinerja", "text", False, "Nama indikator (terisi)", input=False, width=48),
        Column("satuan", "Satuan", "text", False, "Satuan (terisi)", input=False, width=11),
        Column("agregasi", "Jenis Agregasi", "text", False, "Cara penjumlahan (terisi)", input=False, width=13),
        Column("realisasi", "Realisasi Bulan Ini", "number", False,
               "Capaian bulan ini; untuk posisi akhir isi nilai pada akhir bulan", min=0, width=14),
        Column("pembilang", "Pembilang", "number", False, "Khusus rasio: pembilang bulan ini", min=0, width=11),
        Column("penyebut", "Penyebut", "number", False, "Khusus rasio: penyebut bulan ini", min=0, width=11),
        Column("kendala", "Kendala", "text", False, "Kendala/hambatan", width=32),
        Column("tindak_lanjut", "Tindak Lanjut", "text", False, "Upaya tindak lanjut", width=32),
        Column("bukti", "Bukti Dukung", "text", False, "Rujukan bukti (nomor dokumen, tautan)", width=22),
    ),
    "Realisasi indikator bulan ini.",
    key=("kode",),
)

REALISASI_ANGGARAN_SHEET = SheetSpec(
    "Anggaran",
    (
        Column("kode_kegiatan", "Kode Kegiatan", "text", True, "Kode kegiatan (terisi)", input=False, width=14),
        Column("kegiatan", "Kegiatan", "text", False, "Nama kegiatan (terisi)", input=False, width=44),
        Column("pagu", "Pagu Anggaran (Rp)", "number", False, "Pagu setahun (terisi)", satuan="Rp", input=False, width=18),
        Column("realisasi_anggaran", "Realisasi Anggaran Bulan Ini (Rp)", "number", False,
               "Belanja bulan ini", satuan="Rp", min=0, width=22),
    ),
    "Realisasi anggaran kegiatan bulan ini.",
    key=("kode_kegiatan",),
)

BULANAN_WORKBOOK = WorkbookSpec(
    "Laporan Progres Bulanan",
    "{unit}_{tahun}-{bulan:02d}.xlsx",
    (IDENTITAS_SHEET, REALISASI_SHEET, REALISASI_ANGGARAN_SHEET),
    "Laporan progres bulanan satu unit untuk satu bulan.",
)

PETUNJUK_SHEET_NAME = "Petunjuk"
"""Instruction sheet written into every template; ignored (no warning) by ingest."""

WORKBOOKS = (PK_WORKBOOK, BULANAN_WORKBOOK)


def bulanan_filename(unit: str, tahun: int, bulan: int) -> str:
    return BULANAN_WORKBOOK.filename_pattern.format(unit=unit, tahun=tahun, bulan=bulan)


def pk_filename(tahun: int) -> str:
    return PK_WORKBOOK.filename_pattern.format(tahun=tahun)


# --------------------------------------------------------------------------- canonical frames

LINEAGE_COLUMNS = ("sumber_file", "sumber_sheet", "sumber_baris")

PK_COLUMNS = (
    "opd", "tahun", "kode", "kode_sasaran", "sasaran", "indikator", "satuan", "unit",
    "polaritas", "metode_negatif", "agregasi", "target_tahunan", "baseline",
    "target_renstra", "tahun_renstra", "kode_kegiatan", "iku", *LINEAGE_COLUMNS,
)
"""Perjanjian Kinerja frame; metode_negatif is filled with the settings default for
negatif indicators and None for positif ones."""

RA_COLUMNS = ("opd", "tahun", "kode", "jenis_target", "triwulan", "target_ra", *LINEAGE_COLUMNS)
"""Rencana Aksi in long form: one row per indicator and quarter, target as typed
(per quarter or cumulative as declared by jenis_target)."""

ANGGARAN_COLUMNS = ("opd", "tahun", "kode_kegiatan", "program", "kegiatan", "unit", "pagu",
                    *LINEAGE_COLUMNS)

REALISASI_COLUMNS = (
    "opd", "tahun", "bulan", "unit", "kode", "realisasi", "pembilang", "penyebut",
    "kendala", "tindak_lanjut", "bukti", "tanggal_kirim", *LINEAGE_COLUMNS,
)
"""Accepted monthly realisation rows (the recap). For rasio indicators ``realisasi`` is
pembilang / penyebut x 100 of that month (for display) and the roll-up uses the parts."""

REALISASI_ANGGARAN_COLUMNS = (
    "opd", "tahun", "bulan", "unit", "kode_kegiatan", "realisasi_anggaran", "tanggal_kirim",
    *LINEAGE_COLUMNS,
)

PENGIRIMAN_COLUMNS = ("opd", "tahun", "bulan", "unit", "tanggal_kirim", "sumber_file", "sha256",
                      "revisi_ke", "tanggal_kirim_pertama")
"""One row per accepted (current) monthly workbook (for the submission tracker).
``revisi_ke`` is the workbook's *Revisi ke-* (0 when blank); ``tanggal_kirim_pertama`` the
earliest *Tanggal Kirim* of every usable submission of that unit and month (punctuality is
judged on it; equal to ``tanggal_kirim`` when the month was sent once)."""

REVISI_COLUMNS = (
    "opd", "tahun", "unit", "bulan", "kode", "kolom", "nilai_lama", "nilai_baru",
    "file_lama", "file_baru", "tanggal_kirim_lama", "tanggal_kirim_baru", "revisi_ke",
)
"""One row per value changed by a resubmission (revision) of a unit-month: ``kode`` is the
indicator (or kegiatan, for ``kolom == "realisasi_anggaran"``) code, ``kolom`` one of
``realisasi``, ``pembilang``, ``penyebut``, ``realisasi_anggaran``; ``nilai_lama`` the value
in use before (NaN: none, e.g. row missing or quarantined), ``nilai_baru`` the value in use
after; ``file_*`` relative to ``data/raw``; ``revisi_ke`` the newer file's *Revisi ke-* (0
when blank). A chain of revisions gives one row per step (older -> next)."""

KUALITAS_COLUMNS = ("file", "sheet", "sel", "aturan", "pesan", "tingkat")
"""Data-quality table: one row per problem. tingkat: error (row quarantined) or peringatan."""

KARANTINA_COLUMNS = ("sumber_file", "sumber_sheet", "sumber_baris", "alasan")
"""Quarantined rows with the reason (joined rule messages)."""


# --------------------------------------------------------------------------- validation rules

ATURAN: dict[str, tuple[str, str]] = {
    # code: (default tingkat, description in Bahasa Indonesia for docs)
    "berkas_kosong": ("error", "Berkas berukuran nol byte atau tanpa lembar data"),
    "berkas_rusak": ("error", "Berkas tidak dapat dibuka sebagai workbook Excel (.xlsx)"),
    "format_xls": ("error", "Format .xls lama; simpan ulang sebagai .xlsx"),
    "format_xlsm": ("peringatan", "Berkas .xlsm (bermakro); makro diabaikan, data tetap dibaca"),
    "bukan_excel": ("error", "Berkas bukan workbook Excel (mis. .txt yang diganti namanya)"),
    "sheet_hilang": ("error", "Lembar (sheet) wajib tidak ada"),
    "batas_berkas": ("error", "Berkas melebihi batas ukuran (berkas, isi ZIP setelah dibuka, bagian ZIP, rasio kompresi) atau batas baris/kolom per lembar; berkas ditolak tanpa dibaca (lihat pengaturan batas_*)"),
    "sel_terlalu_panjang": ("peringatan", "Isi sel lebih panjang dari batas_karakter_sel: teks dipotong (peringatan), angka ditolak (error)"),
    "lembar_tersembunyi": ("peringatan", "Lembar tersembunyi dengan nama lembar templat diabaikan (error bila hanya lembar tersembunyi itu yang ada)"),
    "baris_tersembunyi": ("peringatan", "Baris tersembunyi berisi data; baris tetap dibaca"),
    "tautan_eksternal": ("peringatan", "Rumus mengambil nilai dari workbook lain; nilai tersimpan dipakai tetapi dapat usang"),
    "berkas_dilewati": ("peringatan", "Berkas kunci Excel (~$...) atau berkas/folder tersembunyi (diawali titik) di folder bulanan tidak dibaca"),
    "opd_tidak_sesuai": ("error", "Kode OPD pada lembar Identitas tidak sama dengan kode_opd pengaturan; semua baris berkas dikarantina"),
    "sheet_tambahan": ("peringatan", "Lembar tambahan di luar templat diabaikan"),
    "lembar_grafik": ("error", "Workbook hanya berisi lembar grafik, tanpa data"),
    "kolom_hilang": ("error", "Kolom wajib tidak ada pada baris judul"),
    "kolom_tambahan": ("peringatan", "Kolom tambahan di luar templat diabaikan"),
    "sel_gabungan": ("peringatan", "Sel gabungan (merge) pada area data"),
    "wajib_diisi": ("error", "Sel wajib diisi tetapi kosong"),
    "bukan_angka": ("error", "Isi sel bukan angka"),
    "angka_sebagai_teks": ("peringatan", "Angka diketik sebagai teks; dibaca dengan format Indonesia"),
    "realisasi_kosong": ("peringatan", "Realisasi kosong atau '-'; bulan ini dianggap tidak melapor untuk indikator tsb."),
    "bukan_tanggal": ("error", "Isi sel bukan tanggal yang sah"),
    "di_luar_rentang": ("error", "Nilai di luar rentang yang diizinkan (mis. negatif)"),
    "pilihan_tidak_sah": ("error", "Nilai tidak ada dalam daftar pilihan"),
    "unit_tidak_dikenal": ("error", "Nama/kode unit tidak dikenal"),
    "unit_alias": ("peringatan", "Nama unit ditulis berbeda; dikenali melalui alias"),
    "unit_ambigu": ("error", "Nama unit cocok dengan lebih dari satu unit; tulis kode unit"),
    "kode_tidak_dikenal": ("error", "Kode indikator/kegiatan tidak ada pada Perjanjian Kinerja"),
    "baris_ganda": ("error", "Baris ganda untuk kode yang sama"),
    "bulan_tidak_sah": ("error", "Bulan di luar 1-12"),
    "tahun_tidak_sesuai": ("error", "Tahun laporan tidak sama dengan tahun yang diproses"),
    "tanggal_masa_depan": ("peringatan", "Tanggal kirim sebelum akhir bulan laporan"),
    "pembilang_lebih_besar": ("error", "Pembilang lebih besar dari penyebut"),
    "rasio_tidak_lengkap": ("error", "Indikator rasio tanpa pembilang/penyebut yang lengkap"),
    "rumus_tanpa_nilai": ("error", "Sel berisi rumus tanpa nilai tersimpan; buka dan simpan ulang di Excel"),
    "kiriman_ganda": ("error", "Dua berkas untuk unit dan bulan yang sama dengan Revisi ke- dan Tanggal Kirim yang sama; isi Revisi ke- pada berkas revisi"),
    "kiriman_revisi": ("peringatan", "Berkas digantikan oleh revisi (Revisi ke- lebih tinggi atau Tanggal Kirim lebih baru); nilai lama dicatat pada tabel revisi"),
    "nama_berkas_tidak_sesuai": ("peringatan", "Nama berkas tidak sesuai isi lembar Identitas"),
    "target_ra_hilang": ("peringatan", "Indikator Perjanjian Kinerja tanpa target Rencana Aksi"),
    "indikator_bukan_unit": ("peringatan", "Indikator dilaporkan oleh unit yang bukan penanggung jawabnya"),
    # plausibility (docs/domain.md "Plausibility checks")
    "pemisah_ambigu": ("error", "Angka teks seperti '22,955' pada indikator bersatuan cacah (orang, buku, Rp, ...) dapat dibaca desimal atau ribuan; tulis tanpa pemisah ribuan atau dengan titik sebagai pemisah ribuan"),
    "persen_di_atas_100": ("error", "Nilai lebih dari 100 pada indikator bersatuan % / persen (peringatan saja bila nama indikator memuat peningkatan/pertumbuhan/kenaikan/perubahan)"),
    "rasio_nol_per_nol": ("peringatan", "Pembilang dan penyebut rasio sama-sama 0 (0/0); bulan ini dianggap belum dilaporkan"),
    "target_nol": ("error", "Target tahunan 0 pada indikator positif tidak dapat dinilai (peringatan pada indikator negatif)"),
    "target_ra_menurun": ("error", "Target Rencana Aksi kumulatif (s.d. triwulan) menurun antar triwulan pada indikator kumulatif"),
    "target_ra_tidak_sesuai": ("peringatan", "Target Rencana Aksi tidak sama dengan target tahunan Perjanjian Kinerja (jumlah TW I-IV, atau TW IV untuk target kumulatif/posisi akhir), toleransi 0,5 %"),
    "pencilan": ("peringatan", "Nilai bulan ini jauh di luar kisaran bulan-bulan lain untuk unit dan indikator yang sama (median +/- 5 x MAD)"),
}
"""Catalogue of validation rules (``aturan`` column of the data-quality table)."""
