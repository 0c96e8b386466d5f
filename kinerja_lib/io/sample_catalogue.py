"""The sample office's catalogue: identity, unit tree and officials (:func:`sample_settings`),
sasaran, programs, kegiatan, the 27 indicators and their yearly levels, the people who fill in
the monthly reports and their kendala.

The Dinas Perpustakaan dan Kearsipan of :mod:`kinerja_lib.io.sample`, which generates the
monthly values from these definitions. ``kinerja contoh`` writes :func:`sample_settings` to the
project's ``data/pengaturan.toml``: the sample office is data like any other office. Plain
data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja_lib.domain.organisasi import Unit
from kinerja_lib.domain.settings import Pejabat, Settings

SAMPLE_UNITS: tuple[Unit, ...] = (
    Unit("SEKRE", "Sekretariat", None, ("sekretariat dinas", "sekre", "setdis"), "Sekretaris"),
    Unit(
        "PROG",
        "Subbagian Program dan Keuangan",
        "SEKRE",
        ("subbag program", "sub bagian program", "subbag perencanaan", "program dan keuangan",
         "subbag progam"),
        "Kepala Subbagian Program dan Keuangan",
    ),
    Unit("PUS", "Bidang Perpustakaan", None,
         ("bid perpustakaan", "bidang perpustakan", "bidang perpus"),
         "Kepala Bidang Perpustakaan"),
    Unit(
        "PUS-LAY",
        "Seksi Layanan dan Pelestarian Bahan Pustaka",
        "PUS",
        ("seksi layanan", "layanan perpustakaan", "seksi layanan perpustakaan"),
        "Kepala Seksi Layanan dan Pelestarian Bahan Pustaka",
    ),
    Unit(
        "PUS-BIN",
        "Seksi Pembinaan dan Pembudayaan Gemar Membaca",
        "PUS",
        ("seksi pembinaan perpustakaan", "pembudayaan gemar membaca", "seksi gemar membaca"),
        "Kepala Seksi Pembinaan dan Pembudayaan Gemar Membaca",
    ),
    Unit("ARS", "Bidang Kearsipan", None,
         ("bid kearsipan", "bidang arsip", "bidang kearsipn"),
         "Kepala Bidang Kearsipan"),
    Unit(
        "ARS-PEN",
        "Seksi Pengelolaan Arsip",
        "ARS",
        ("seksi pengelolaan arsip", "pengelolaan arsip", "seksi arsip statis"),
        "Kepala Seksi Pengelolaan Arsip",
    ),
    Unit(
        "ARS-BIN",
        "Seksi Pembinaan dan Pengawasan Kearsipan",
        "ARS",
        ("seksi pengawasan kearsipan", "pengawasan kearsipan", "seksi pembinaan kearsipan"),
        "Kepala Seksi Pembinaan dan Pengawasan Kearsipan",
    ),
)
"""The sample office's eight reporting units. The bare words "perpustakaan" and "kearsipan"
are deliberately not aliases: each could mean a bidang or one of its seksi."""


def sample_settings(**changes) -> Settings:
    """The sample office's settings (identity, units, officials); ``changes`` override fields."""
    base = Settings(
        kode_opd="DISPERSIP-BLG",
        nama_opd="Dinas Perpustakaan dan Kearsipan",
        nama_pemda="Kabupaten Balangan",
        provinsi="Kalimantan Selatan",
        alamat="Jl. Jend. A. Yani Km. 1, Paringin",
        units=SAMPLE_UNITS,
        pejabat=(Pejabat("kepala_dinas", "Drs. H. Ahmad Fauzan, M.Si.", "197003151995031002"),
                 Pejabat("sekretaris", "Hj. Nurul Aini, S.E., M.M.", "197508202000032004")),
    )
    return base.with_(**changes) if changes else base


SASARAN = {
    "SS-1": "Meningkatnya budaya gemar membaca dan literasi masyarakat",
    "SS-2": "Meningkatnya kualitas dan jangkauan layanan perpustakaan",
    "SS-3": "Meningkatnya tertib penyelenggaraan kearsipan daerah",
    "SS-4": "Meningkatnya akuntabilitas kinerja dan tata kelola perangkat daerah",
}

PROGRAM = {
    "2.23.01": "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "2.23.02": "Program Pembinaan Perpustakaan",
    "2.23.03": "Program Pelestarian Koleksi Nasional dan Naskah Kuno",
    "2.24.02": "Program Pengelolaan Arsip",
}

# kode_kegiatan, kegiatan, unit, pagu 2024 (Rp), serapan 2024 (fraction of pagu)
KEGIATAN = (
    ("2.23.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
     "PROG", 245_000_000, 0.96),
    ("2.23.01.2.02", "Administrasi Keuangan Perangkat Daerah", "PROG", 685_000_000, 0.97),
    ("2.23.01.2.06", "Administrasi Umum Perangkat Daerah", "SEKRE", 412_500_000, 0.94),
    ("2.23.01.2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "SEKRE",
     368_000_000, 0.95),
    ("2.23.02.2.01", "Pengelolaan Perpustakaan Tingkat Daerah Kabupaten/Kota", "PUS-LAY",
     786_400_000, 0.93),
    ("2.23.02.2.02", "Pembudayaan Gemar Membaca Tingkat Daerah Kabupaten/Kota", "PUS-BIN",
     534_750_000, 0.91),
    ("2.23.03.2.01", "Pelestarian Naskah Kuno Milik Daerah Kabupaten/Kota", "PUS",
     176_000_000, 0.88),
    ("2.24.02.2.01", "Pengelolaan Arsip Dinamis Pemerintah Daerah Kabupaten/Kota", "ARS-BIN",
     447_300_000, 0.92),
    ("2.24.02.2.02", "Pengelolaan Arsip Statis Daerah Kabupaten/Kota", "ARS-PEN",
     512_600_000, 0.94),
    ("2.24.02.2.03", "Pengelolaan Simpul Jaringan Informasi Kearsipan Nasional Tingkat "
     "Kabupaten/Kota", "ARS", 238_900_000, 0.79),
)

PROFILES = {
    "rata": [1.0] * 12,
    "kunjungan": [0.075, 0.08, 0.07, 0.065, 0.085, 0.095, 0.1, 0.09, 0.085, 0.09, 0.085, 0.08],
    "kegiatan": [0.04, 0.07, 0.08, 0.08, 0.09, 0.09, 0.08, 0.1, 0.1, 0.1, 0.1, 0.07],
    "bimtek": [0.0, 0.0, 0.2, 0.0, 0.25, 0.0, 0.0, 0.25, 0.0, 0.3, 0.0, 0.0],
    "akuisisi": [0.03, 0.05, 0.08, 0.08, 0.09, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.07],
    "belanja": [0.02, 0.05, 0.07, 0.08, 0.08, 0.09, 0.08, 0.09, 0.1, 0.1, 0.11, 0.13],
}


@dataclass(frozen=True)
class SampleIndicator:
    """One indicator of the sample office with its yearly levels.

    ``t23``/``t24`` are targets, ``r23``/``r24`` the realised annual values (sum for
    kumulatif, end level for posisi akhir, mean for rata-rata, percent for rasio); ``awal`` is
    the level at the start of 2023 for posisi akhir (or 0 when the level restarts each year,
    ``reset``). ``profil`` shapes the months; ``ra`` is the declared RA target type.
    """

    kode: str
    ss: str
    indikator: str
    satuan: str
    unit: str
    polaritas: str
    metode: str | None
    agregasi: str
    iku: bool
    kegiatan: str
    dec: int
    awal: float
    t23: float
    r23: float
    t24: float
    r24: float
    renstra: float
    profil: str = "rata"
    ra: str = "per_triwulan"
    reset: bool = False
    step: int = 0
    penyebut: str | float = 0.0
    sebaran: float = 0.0
    bukti: str = "Laporan kegiatan"


def _i(*a, **k) -> SampleIndicator:
    return SampleIndicator(*a, **k)


P, N = "positif", "negatif"
KUM, POS, RATA, RASIO = "kumulatif", "posisi_akhir", "rata_rata", "rasio"

INDICATORS: tuple[SampleIndicator, ...] = (
    _i("IK-01", "SS-1", "Nilai Tingkat Gemar Membaca (TGM) masyarakat", "poin", "PUS", P, None,
       POS, True, "2.23.02.2.02", 2, 55.8, 58.0, 58.74, 61.0, 62.31, 66.0, ra="kumulatif",
       bukti="Hasil kajian TGM"),
    _i("IK-02", "SS-1", "Indeks Pembangunan Literasi Masyarakat (IPLM)", "poin", "PUS", P, None,
       POS, True, "2.23.02.2.01", 2, 48.9, 52.0, 51.36, 58.0, 52.4, 65.0, ra="kumulatif",
       bukti="Rekap pendataan IPLM"),
    _i("IK-03", "SS-1", "Jumlah kegiatan pembudayaan gemar membaca", "kegiatan", "PUS-BIN", P,
       None, KUM, False, "2.23.02.2.02", 0, 0, 20, 21, 24, 25, 30, profil="kegiatan",
       bukti="Laporan kegiatan gemar membaca"),
    _i("IK-04", "SS-1", "Jumlah peserta kegiatan pembudayaan gemar membaca", "orang", "PUS-BIN",
       P, None, KUM, False, "2.23.02.2.02", 0, 0, 2000, 2140, 2400, 2935, 3000,
       profil="kegiatan", ra="kumulatif", bukti="Daftar hadir peserta"),
    _i("IK-05", "SS-1", "Jumlah perpustakaan desa dan sekolah yang dibina", "perpustakaan",
       "PUS-BIN", P, None, KUM, False, "2.23.02.2.02", 0, 0, 30, 28, 36, 27, 45,
       profil="kegiatan", ra="kumulatif", bukti="Berita acara pembinaan"),
    _i("IK-06", "SS-1", "Persentase perpustakaan binaan yang memenuhi standar nasional", "%",
       "PUS-BIN", P, None, POS, False, "2.23.02.2.02", 2, 24.0, 30.0, 31.5, 40.0, 38.2, 55.0,
       ra="kumulatif", bukti="Instrumen akreditasi perpustakaan"),
    _i("IK-07", "SS-2", "Jumlah kunjungan perpustakaan", "orang", "PUS-LAY", P, None, KUM, True,
       "2.23.02.2.01", 0, 0, 38000, 36870, 42000, 44150, 50000, profil="kunjungan",
       bukti="Rekap buku tamu digital"),
    _i("IK-08", "SS-2", "Persentase pengunjung yang memanfaatkan layanan perpustakaan digital",
       "%", "PUS-LAY", P, None, RASIO, False, "2.23.02.2.01", 2, 0, 22.0, 21.4, 30.0, 29.1, 40.0,
       penyebut="IK-07", bukti="Statistik aplikasi perpustakaan digital"),
    _i("IK-09", "SS-2", "Jumlah anggota baru perpustakaan", "orang", "PUS-LAY", P, None, KUM,
       False, "2.23.02.2.01", 0, 0, 1300, 1385, 1500, 1610, 1800, profil="kunjungan",
       ra="kumulatif", bukti="Rekap keanggotaan SLiMS"),
    _i("IK-10", "SS-2", "Jumlah koleksi bahan pustaka tercetak", "eksemplar", "PUS-LAY", P,
       None, POS, False, "2.23.02.2.01", 0, 44100, 47000, 47350, 51000, 51420, 58000,
       ra="kumulatif", bukti="Buku induk koleksi"),
    _i("IK-11", "SS-2", "Jumlah koleksi bahan pustaka digital", "judul", "PUS-LAY", P, None,
       POS, False, "2.23.02.2.01", 0, 2600, 4000, 3870, 6000, 5230, 9000, ra="kumulatif",
       bukti="Laporan koleksi digital"),
    _i("IK-12", "SS-2", "Persentase peminjaman bahan pustaka yang dikembalikan tepat waktu", "%",
       "PUS-LAY", P, None, RASIO, False, "2.23.02.2.01", 2, 0, 80.0, 81.2, 85.0, 86.4, 90.0,
       penyebut=850, bukti="Laporan sirkulasi SLiMS"),
    _i("IK-13", "SS-2", "Rata-rata waktu penyediaan bahan pustaka yang dipesan pemustaka", "hari",
       "PUS-LAY", N, "A", RATA, False, "2.23.02.2.01", 1, 0, 3.5, 3.6, 3.0, 3.4, 2.0,
       sebaran=0.3, bukti="Log layanan pesan buku"),
    _i("IK-14", "SS-2", "Jumlah bahan pustaka rusak atau hilang", "eksemplar", "PUS-LAY", N, "B",
       KUM, False, "2.23.02.2.01", 0, 0, 150, 162, 130, 104, 100,
       bukti="Berita acara pemeriksaan koleksi"),
    _i("IK-15", "SS-3", "Persentase perangkat daerah yang arsipnya dikelola sesuai standar",
       "%", "ARS-BIN", P, None, RASIO, True, "2.24.02.2.01", 2, 0, 50.0, 48.6, 60.0, 61.8, 75.0,
       penyebut="opd", bukti="Laporan hasil penilaian kearsipan"),
    _i("IK-16", "SS-3", "Nilai pengawasan kearsipan internal", "nilai", "ARS", P, None, POS,
       True, "2.24.02.2.03", 2, 62.0, 68.0, 66.4, 75.0, 68.9, 80.0, ra="kumulatif",
       bukti="Laporan hasil pengawasan kearsipan"),
    _i("IK-17", "SS-3", "Jumlah perangkat daerah yang dibina di bidang kearsipan",
       "perangkat daerah", "ARS-BIN", P, None, KUM, False, "2.24.02.2.01", 0, 0, 28, 30, 32, 33,
       36, profil="kegiatan", ra="kumulatif", bukti="Berita acara pembinaan kearsipan"),
    _i("IK-18", "SS-3", "Jumlah peserta bimbingan teknis kearsipan", "orang", "ARS-BIN", P,
       None, KUM, False, "2.24.02.2.01", 0, 0, 120, 126, 150, 158, 200, profil="bimtek",
       bukti="Daftar hadir bimtek"),
    _i("IK-19", "SS-3", "Jumlah arsip statis yang diakuisisi", "berkas", "ARS-PEN", P, None,
       KUM, False, "2.24.02.2.02", 0, 0, 500, 476, 600, 618, 800, profil="akuisisi",
       ra="kumulatif", bukti="Berita acara serah terima arsip"),
    _i("IK-20", "SS-3", "Persentase arsip statis yang telah didigitalisasi", "%", "ARS-PEN", P,
       None, POS, False, "2.24.02.2.02", 2, 18.5, 28.0, 27.3, 40.0, 41.6, 60.0, ra="kumulatif",
       bukti="Rekap alih media arsip"),
    _i("IK-21", "SS-3", "Jumlah arsip yang rusak atau hilang", "berkas", "ARS-PEN", N, "B", KUM,
       False, "2.24.02.2.02", 0, 0, 12, 15, 10, 14, 8, bukti="Berita acara pemeriksaan arsip"),
    _i("IK-22", "SS-3", "Persentase permintaan layanan arsip yang dilayani tepat waktu", "%",
       "ARS", P, None, RASIO, False, "2.24.02.2.03", 2, 0, 85.0, 86.9, 90.0, 92.3, 95.0,
       penyebut=18, bukti="Register layanan arsip"),
    _i("IK-23", "SS-4", "Nilai evaluasi SAKIP perangkat daerah", "nilai", "SEKRE", P, None, POS,
       True, "2.23.01.2.01", 2, 61.2, 65.0, 63.75, 70.0, 68.2, 75.0, ra="kumulatif", step=9,
       bukti="LHE SAKIP Inspektorat"),
    _i("IK-24", "SS-4", "Indeks Kepuasan Masyarakat (IKM) terhadap layanan dinas", "poin",
       "SEKRE", P, None, RATA, False, "2.23.01.2.06", 2, 0, 80.0, 80.9, 82.0, 83.4, 85.0,
       sebaran=1.2, bukti="Rekap survei kepuasan masyarakat"),
    _i("IK-25", "SS-4", "Persentase pegawai yang mengikuti peningkatan kompetensi", "%", "SEKRE",
       P, None, POS, False, "2.23.01.2.06", 2, 0, 50.0, 47.5, 60.0, 64.4, 75.0, ra="kumulatif",
       reset=True, bukti="Sertifikat pelatihan pegawai"),
    _i("IK-26", "SS-4", "Persentase realisasi anggaran", "%", "PROG", P, None, POS, False,
       "2.23.01.2.02", 2, 0, 95.0, 0, 95.0, 0, 97.0, ra="kumulatif", reset=True,
       bukti="Laporan realisasi anggaran SIPD"),
    _i("IK-27", "SS-4", "Persentase laporan kinerja dan keuangan yang disampaikan tepat waktu",
       "%", "PROG", P, None, RASIO, False, "2.23.01.2.01", 2, 0, 90.0, 88.9, 100.0, 97.2, 100.0,
       penyebut=4, bukti="Tanda terima laporan"),
)
IND_BY_KODE = {i.kode: i for i in INDICATORS}
BUDGET_INDICATOR = "IK-26"
"""Realisasi anggaran (%) is derived from the sample's own monthly spending."""

PENGISI = {
    "SEKRE": "Hj. Rusmini", "PROG": "Muhammad Fauzi", "PUS": "Ahmad Riduan",
    "PUS-LAY": "Siti Norhayati", "PUS-BIN": "Nurul Hidayah", "ARS": "Rahmadi",
    "ARS-PEN": "Fitriani", "ARS-BIN": "Rizky Maulana",
}

KENDALA = {
    "IK-02": [("Data IPLM dari perpustakaan sekolah dan desa belum lengkap",
               "Pendampingan pengisian data IPLM ke kecamatan")],
    "IK-05": [("Perpustakaan desa belum memiliki pengelola tetap",
               "Surat kepada kepala desa untuk menetapkan pengelola perpustakaan"),
              ("Jadwal pembinaan bergeser karena agenda kecamatan",
               "Penjadwalan ulang pembinaan pada bulan berikutnya")],
    "IK-06": [("Sebagian perpustakaan binaan belum memenuhi standar sarana",
               "Usulan bantuan sarana melalui dana desa")],
    "IK-11": [("Pengadaan koleksi digital menunggu proses e-katalog",
               "Koordinasi dengan pejabat pengadaan")],
    "IK-13": [("Bahan pustaka yang dipesan harus didatangkan dari Banjarmasin",
               "Menambah koleksi judul yang sering dipesan")],
    "IK-16": [("Beberapa unit pengolah belum menyerahkan daftar arsip",
               "Surat pemberitahuan dan pendampingan penyusunan daftar arsip")],
    "IK-21": [("Ruang penyimpanan arsip lembap dan atap bocor",
               "Usulan perbaikan atap dan pengadaan alat pengatur kelembapan")],
}
KENDALA_UMUM = [
    ("Jaringan internet di ruang layanan sering terputus",
     "Koordinasi dengan Diskominfo untuk perbaikan jaringan"),
    ("Keterbatasan tenaga pelaksana", "Penugasan staf secara bergilir"),
    ("Pencairan anggaran kegiatan terlambat", "Percepatan pengajuan SPP/SPM"),
]


# --------------------------------------------------------------------------- profil (LKjIP)

#: The sample office's ``data/profil/renstra.toml`` (Renstra 2021-2026, illustrative text).
SAMPLE_RENSTRA = '''# Profil kantor untuk Laporan Kinerja (LKjIP): Rencana Strategis (Renstra) contoh.
periode = "2021-2026"
visi = "Terwujudnya masyarakat Balangan yang gemar membaca dan tertib arsip"
misi = [
    "Meningkatkan budaya gemar membaca dan literasi masyarakat",
    "Meningkatkan kualitas dan jangkauan layanan perpustakaan",
    "Mewujudkan penyelenggaraan kearsipan daerah yang tertib dan terpercaya",
    "Mewujudkan tata kelola perangkat daerah yang akuntabel",
]
tujuan = [
    "Meningkatkan minat baca dan literasi masyarakat",
    "Meningkatkan tertib arsip dan pelestarian arsip daerah",
    "Meningkatkan akuntabilitas kinerja perangkat daerah",
]
tugas = "Membantu Bupati melaksanakan urusan pemerintahan bidang perpustakaan dan bidang kearsipan yang menjadi kewenangan daerah serta tugas pembantuan."
fungsi = [
    "perumusan kebijakan teknis bidang perpustakaan dan kearsipan",
    "pelaksanaan kebijakan bidang perpustakaan dan kearsipan",
    "pelaksanaan evaluasi dan pelaporan bidang perpustakaan dan kearsipan",
    "pelaksanaan administrasi dinas",
]
tempat = "Paringin"

[standar_nasional]
"IK-06" = 50.0
"IK-22" = 95.0
'''

#: The sample office's ``data/profil/isu_strategis.md``.
SAMPLE_ISU_STRATEGIS = """Tingkat gemar membaca masyarakat masih di bawah rata-rata nasional, dan \
perpustakaan desa serta sekolah yang memenuhi standar nasional perpustakaan masih sedikit.

Layanan perpustakaan digital belum menjangkau seluruh kecamatan karena keterbatasan jaringan \
dan perangkat.

Sebagian perangkat daerah belum mengelola arsip dinamis sesuai standar, dan ruang simpan arsip \
statis belum memenuhi syarat pelestarian.
"""


@dataclass(frozen=True)
class Catalogue:
    """Everything the sample generator (:mod:`kinerja_lib.io.sample`) needs about one office.

    The sample office is ``sample.SAMPLE_CATALOGUE``; :mod:`kinerja_lib.io.synthetic` builds
    others. ``kegiatan`` rows are (kode_kegiatan, kegiatan, unit, pagu 2024, serapan 2024);
    ``program`` maps a kode_kegiatan's first three parts to the program name. ``defects`` rows
    are (unit, bulan, sheet, kode, column, aturan, typed text or None) as in the sample;
    ``unknown_row`` is the indicator row planted for a ``kode_tidak_dikenal`` defect; ``late``
    is (unit, bulan, days after the due date); ``missing`` and ``revisi`` are (unit, bulan): a
    month not sent, and a month sent again with *Revisi ke-* 1.
    """

    units: tuple[Unit, ...]
    sasaran: dict
    program: dict
    kegiatan: tuple
    indicators: tuple[SampleIndicator, ...]
    pengisi: dict
    kendala: dict
    kendala_umum: list
    budget_indicator: str | None = None
    defects: tuple = ()
    unknown_row: dict | None = None
    late: tuple | None = None
    missing: tuple | None = None
    revisi: tuple | None = None
