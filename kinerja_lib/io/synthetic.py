"""Synthetic offices for a regency workspace: N realistic, different offices from one seed.

Each office is a :class:`kinerja_lib.io.sample_catalogue.Catalogue` (units, sasaran,
indicators of both polarities and every aggregation type, kegiatan with pagu, and the
defects of a real year: a late month, a missing month, a quarantined cell, a revision) drawn
from ``numpy.random.default_rng([seed, i])``, written by the sample generator
(:func:`kinerja_lib.io.sample.write_sample`: same workbooks, same manifest). Offices are
Indonesian perangkat daerah of a kabupaten (dinas, badan, kecamatan); a few are big (up to 40
units: puskesmas, korwil pendidikan). Same seed, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import tomli_w

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.organisasi import Unit
from kinerja_lib.domain.settings import Pejabat, Settings
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import write_sample
from kinerja_lib.io.sample_catalogue import (
    KENDALA_UMUM,
    KUM,
    POS,
    RASIO,
    RATA,
    Catalogue,
    N,
    P,
    SampleIndicator,
)
from kinerja_lib.io.store import atomic_write_text
from kinerja_lib.io.workspace import WILAYAH_FILE


@dataclass(frozen=True)
class _Opd:
    kode: str
    nama: str
    urusan: str          # first two parts of the kode_kegiatan
    layanan: str         # "pelayanan kesehatan dasar": used in the generic indicators
    bidang: tuple        # top-level units besides the Sekretariat
    sasaran: tuple       # sasaran strategis (the secretariat's one is added)
    upt: str = ""        # prefix of the field units of a big office ("UPTD Puskesmas")
    khusus: tuple = ()   # (indikator, satuan, agregasi, polaritas, level)


_KEC = ("Paringin", "Paringin Selatan", "Lampihong", "Batumandi", "Juai", "Awayan", "Halong",
        "Tebing Tinggi")
_DESA = ("Batu Piring", "Lok Batu", "Teluk Mesjid", "Tarangan", "Hamparaya", "Mayanau",
         "Baruh Bahinu", "Kusambi", "Murung Jambu", "Panggung", "Lasung Batu", "Bungin",
         "Uren", "Kapul", "Sungsum", "Gunung Riut", "Ajung", "Hujan Mas", "Dahai", "Mantuyan",
         "Binjai", "Sumber Rezeki", "Tundi", "Pimping", "Marajai", "Pudak", "Aniungan",
         "Simpang Tiga", "Inan", "Lajar")
_PLACES = _KEC + _DESA

_SEKRE_SS = "Meningkatnya akuntabilitas kinerja dan tata kelola perangkat daerah"
_SEKRE_IND = (
    ("Nilai evaluasi SAKIP perangkat daerah", "nilai", POS, P, 68.0),
    ("Indeks Kepuasan Masyarakat (IKM) terhadap layanan perangkat daerah", "poin", RATA, P,
     82.0),
    ("Persentase laporan kinerja dan keuangan yang disampaikan tepat waktu", "%", RASIO, P,
     95.0),
    ("Jumlah temuan pemeriksaan yang belum ditindaklanjuti", "temuan", KUM, N, 6.0),
)
_UMUM = (  # generic indicators of a bidang, {l} = the office's layanan
    ("Persentase permohonan {l} yang diselesaikan tepat waktu", "%", RASIO, P, 90.0),
    ("Jumlah kegiatan {l} yang dilaksanakan", "kegiatan", KUM, P, 48.0),
    ("Rata-rata waktu penyelesaian permohonan {l}", "hari", RATA, N, 5.0),
    ("Jumlah pengaduan {l} yang belum ditindaklanjuti", "pengaduan", KUM, N, 20.0),
    ("Persentase capaian standar pelayanan {l}", "%", POS, P, 75.0),
    ("Jumlah penerima manfaat {l}", "orang", KUM, P, 2400.0),
)

_OPDS = (
    _Opd("DINKES", "Dinas Kesehatan", "1.02", "pelayanan kesehatan",
         ("Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit",
          "Bidang Pelayanan dan Sumber Daya Kesehatan"),
         ("Meningkatnya derajat kesehatan masyarakat",
          "Meningkatnya mutu dan akses pelayanan kesehatan"), "UPTD Puskesmas",
         (("Persentase ibu hamil yang mendapat pelayanan antenatal K4", "%", RASIO, P, 92.0),
          ("Jumlah kasus kematian ibu", "kasus", KUM, N, 4.0),
          ("Prevalensi stunting pada balita", "%", POS, N, 18.0),
          ("Cakupan imunisasi dasar lengkap", "%", RASIO, P, 90.0))),
    _Opd("DISDIK", "Dinas Pendidikan", "1.01", "layanan pendidikan",
         ("Bidang Pembinaan PAUD dan Pendidikan Nonformal", "Bidang Pembinaan Sekolah Dasar",
          "Bidang Pembinaan Sekolah Menengah Pertama", "Bidang Guru dan Tenaga Kependidikan"),
         ("Meningkatnya akses pendidikan dasar", "Meningkatnya mutu pendidikan dasar"),
         "Korwil Pendidikan",
         (("Angka Partisipasi Murni SD/MI", "%", POS, P, 97.0),
          ("Angka putus sekolah SMP", "%", POS, N, 1.6),
          ("Jumlah guru yang mengikuti pelatihan kompetensi", "orang", KUM, P, 600.0))),
    _Opd("DISHUB", "Dinas Perhubungan", "2.15", "layanan perhubungan",
         ("Bidang Lalu Lintas dan Angkutan", "Bidang Sarana dan Prasarana Perhubungan"),
         ("Meningkatnya keselamatan dan kelancaran lalu lintas",),
         khusus=(("Jumlah kecelakaan lalu lintas di jalan kabupaten", "kejadian", KUM, N, 60.0),
                 ("Jumlah kendaraan yang lulus uji berkala", "kendaraan", KUM, P, 1800.0))),
    _Opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "5.01", "perencanaan pembangunan",
         ("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
          "Bidang Perencanaan Perekonomian dan Infrastruktur", "Bidang Penelitian dan "
          "Pengembangan"),
         ("Meningkatnya kualitas perencanaan pembangunan daerah",),
         khusus=(("Persentase program RKPD yang selaras dengan RPJMD", "%", POS, P, 95.0),)),
    _Opd("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "2.12",
         "layanan administrasi kependudukan",
         ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"),
         ("Meningkatnya cakupan kepemilikan dokumen kependudukan",),
         khusus=(("Persentase penduduk wajib KTP yang memiliki KTP-el", "%", POS, P, 98.0),
                 ("Persentase anak yang memiliki akta kelahiran", "%", POS, P, 92.0))),
    _Opd("DLH", "Dinas Lingkungan Hidup", "2.11", "pengelolaan lingkungan hidup",
         ("Bidang Tata Lingkungan", "Bidang Pengelolaan Sampah dan Limbah B3"),
         ("Meningkatnya kualitas lingkungan hidup",),
         khusus=(("Indeks Kualitas Lingkungan Hidup", "poin", POS, P, 70.0),
                 ("Volume sampah yang tidak tertangani", "ton", KUM, N, 900.0))),
    _Opd("BPBD", "Badan Penanggulangan Bencana Daerah", "1.05", "penanggulangan bencana",
         ("Bidang Pencegahan dan Kesiapsiagaan", "Bidang Kedaruratan dan Logistik"),
         ("Meningkatnya ketangguhan masyarakat menghadapi bencana",),
         khusus=(("Rata-rata waktu tanggap darurat bencana", "jam", RATA, N, 4.0),)),
    _Opd("DINSOS", "Dinas Sosial", "1.06", "layanan sosial",
         ("Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial"),
         ("Meningkatnya kesejahteraan sosial masyarakat",)),
    _Opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "1.03", "pembangunan infrastruktur",
         ("Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Penataan Ruang"),
         ("Meningkatnya kualitas infrastruktur jalan dan jembatan",),
         khusus=(("Persentase panjang jalan kabupaten dalam kondisi mantap", "%", POS, P,
                  78.0),)),
    _Opd("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "2.23", "layanan perpustakaan",
         ("Bidang Perpustakaan", "Bidang Kearsipan"),
         ("Meningkatnya budaya gemar membaca masyarakat", "Meningkatnya tertib kearsipan")),
    _Opd("DISTAN", "Dinas Pertanian", "3.27", "penyuluhan pertanian",
         ("Bidang Tanaman Pangan", "Bidang Peternakan", "Bidang Penyuluhan"),
         ("Meningkatnya produksi pertanian",), "UPTD Balai Penyuluhan Pertanian"),
    _Opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "5.02", "pengelolaan keuangan",
         ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi dan Aset"),
         ("Meningkatnya akuntabilitas pengelolaan keuangan daerah",)),
    _Opd("BAPENDA", "Badan Pendapatan Daerah", "5.03", "layanan pajak daerah",
         ("Bidang Pendataan dan Penetapan", "Bidang Penagihan"),
         ("Meningkatnya pendapatan asli daerah",)),
    _Opd("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "5.04",
         "layanan kepegawaian", ("Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi"),
         ("Meningkatnya profesionalitas aparatur",)),
    _Opd("DISKOMINFO", "Dinas Komunikasi dan Informatika", "2.16", "layanan informatika",
         ("Bidang Informasi dan Komunikasi Publik", "Bidang Aplikasi Informatika"),
         ("Meningkatnya penerapan sistem pemerintahan berbasis elektronik",)),
    _Opd("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "2.18",
         "layanan perizinan", ("Bidang Penanaman Modal", "Bidang Pelayanan Perizinan"),
         ("Meningkatnya investasi dan kualitas layanan perizinan",)),
    _Opd("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "2.07",
         "layanan ketenagakerjaan", ("Bidang Penempatan dan Pelatihan Kerja",
                                     "Bidang Hubungan Industrial"),
         ("Meningkatnya kesempatan kerja",)),
    _Opd("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "2.08",
         "perlindungan perempuan dan anak", ("Bidang Pemberdayaan Perempuan",
                                             "Bidang Perlindungan Anak"),
         ("Menurunnya kekerasan terhadap perempuan dan anak",)),
    _Opd("DKP", "Dinas Ketahanan Pangan", "2.09", "ketahanan pangan",
         ("Bidang Ketersediaan dan Distribusi Pangan", "Bidang Konsumsi dan Keamanan Pangan"),
         ("Meningkatnya ketahanan pangan daerah",)),
    _Opd("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "2.13", "pembinaan desa",
         ("Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat"),
         ("Meningkatnya kemandirian desa",)),
    _Opd("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "2.14",
         "layanan keluarga berencana", ("Bidang Pengendalian Penduduk", "Bidang Keluarga "
                                        "Berencana"),
         ("Terkendalinya pertumbuhan penduduk",)),
    _Opd("DISKOPUM", "Dinas Koperasi dan Usaha Mikro", "2.17", "pembinaan koperasi",
         ("Bidang Koperasi", "Bidang Usaha Mikro"), ("Meningkatnya daya saing usaha mikro",)),
    _Opd("DISPORAPAR", "Dinas Pemuda, Olahraga dan Pariwisata", "2.19", "layanan pariwisata",
         ("Bidang Kepemudaan dan Olahraga", "Bidang Pariwisata"),
         ("Meningkatnya kunjungan wisata dan prestasi olahraga",)),
    _Opd("DISKAN", "Dinas Perikanan", "3.25", "penyuluhan perikanan",
         ("Bidang Perikanan Budidaya", "Bidang Perikanan Tangkap"),
         ("Meningkatnya produksi perikanan",)),
    _Opd("DISDAGPERIN", "Dinas Perdagangan dan Perindustrian", "3.30", "pembinaan perdagangan",
         ("Bidang Perdagangan", "Bidang Perindustrian"), ("Meningkatnya stabilitas harga",)),
    _Opd("DISPERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "1.04",
         "layanan perumahan", ("Bidang Perumahan", "Bidang Kawasan Permukiman"),
         ("Berkurangnya rumah tidak layak huni",)),
    _Opd("SATPOLPP", "Satuan Polisi Pamong Praja", "1.05", "penegakan peraturan daerah",
         ("Bidang Penegakan Perundang-undangan Daerah", "Bidang Ketertiban Umum"),
         ("Meningkatnya ketenteraman dan ketertiban umum",)),
    _Opd("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "1.05", "layanan pemadaman",
         ("Bidang Operasi Pemadaman", "Bidang Sarana dan Prasarana"),
         ("Meningkatnya kecepatan respons kebakaran",), "UPTD Pos Pemadam Kebakaran"),
    _Opd("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "8.01", "pembinaan wawasan "
         "kebangsaan", ("Bidang Ideologi dan Wawasan Kebangsaan", "Bidang Politik Dalam Negeri"),
         ("Meningkatnya kondusivitas politik daerah",)),
    _Opd("INSPEKTORAT", "Inspektorat Daerah", "6.01", "pengawasan internal",
         ("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II"),
         ("Meningkatnya kualitas pengawasan internal",)),
    _Opd("SETWAN", "Sekretariat DPRD", "4.02", "fasilitasi DPRD",
         ("Bagian Persidangan dan Perundang-undangan", "Bagian Fasilitasi Penganggaran"),
         ("Meningkatnya kualitas fasilitasi fungsi DPRD",)),
    _Opd("SETDA", "Sekretariat Daerah", "4.01", "koordinasi pemerintahan",
         ("Bagian Organisasi", "Bagian Hukum", "Bagian Perekonomian", "Bagian Umum"),
         ("Meningkatnya kualitas koordinasi penyelenggaraan pemerintahan",)),
    *(_Opd(f"KEC-{k.upper().replace(' ', '')}", f"Kecamatan {k}", "7.01",
           "pelayanan kecamatan",
           ("Seksi Pemerintahan", "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat Desa", "Seksi Pelayanan Umum"),
           ("Meningkatnya kualitas pelayanan publik di kecamatan",)) for k in _KEC),
)
#: How many different offices :func:`write_offices` can make.
MAX_OFFICES = len(_OPDS)

_NAMA = ("Ahmad Riduan", "Siti Norhayati", "Muhammad Fauzi", "Nurul Hidayah", "Rahmadi",
         "Fitriani", "Rizky Maulana", "Hj. Rusmini", "Akhmad Syarkani", "Noor Aida",
         "Hendra Saputra", "Raudatul Jannah", "Mahmudah", "Yusran", "Fathurrahman",
         "Lailatul Qadariah")


def _units(o: _Opd, n: int) -> tuple[Unit, ...]:
    """Sekretariat, the bidang, two subbagian and field units (``o.upt``) up to ``n``."""
    out = [Unit("SEKRE", "Sekretariat", None, (), "Sekretaris")]
    for i, nama in enumerate(o.bidang[: n - 1], start=1):
        out.append(Unit(f"BID{i}", nama, None, (), f"Kepala {nama}"))
    for kode, nama in (("UMPEG", "Subbagian Umum dan Kepegawaian"),
                       ("PROG", "Subbagian Perencanaan dan Keuangan")):
        if len(out) < n:
            out.append(Unit(kode, nama, "SEKRE", (), f"Kepala {nama}"))
    for i, place in enumerate(_PLACES[: n - len(out)], start=1):
        nama = f"{_upt_prefix(o)} {place}"
        out.append(Unit(f"UPT{i:02d}", nama, None, (), f"Kepala {nama}"))
    return tuple(out)


def _upt_prefix(o: _Opd) -> str:
    """Name of a field unit without its place: "UPTD Puskesmas", "UPTD Layanan Perizinan"."""
    return o.upt or "UPTD " + " ".join(w[:1].upper() + w[1:] for w in o.layanan.split())


def _round(x: float, dec: int) -> float:
    return float(round(float(x), dec))


def _indicator(i: int, tmpl: tuple, ss: str, unit: Unit, kegiatan: str, rng,
               suffix: str) -> SampleIndicator:
    """One indicator from a template (indikator, satuan, agregasi, polaritas, level)."""
    nama, satuan, agr, pol, level = tmpl
    pct = satuan in ("%", "poin", "nilai")
    dec = 2 if pct else (1 if satuan in ("hari", "jam") else 0)
    t24 = level * (1 if pct else rng.uniform(0.6, 1.6))
    t24 = min(t24, 99.0) if pct else max(t24, 3.0 if agr == RATA else 12.0)
    # realised: most near target, some clearly short (positif) or over the ceiling (negatif)
    f = rng.choice([rng.normal(1.02, 0.04), rng.normal(0.85, 0.06)], p=[0.75, 0.25])
    r24 = t24 * (f if pol == P else 2 - f)
    if pct:
        r24 = min(r24, 99.5)
    t23, r23 = t24 * (0.95 if pol == P else 1.05), r24 * (0.93 if pol == P else 1.07)
    if pct:
        t23, r23 = min(t23, 99.0), min(r23, 99.0)
    return SampleIndicator(
        kode=f"IK-{i:02d}", ss=ss, indikator=nama + suffix, satuan=satuan, unit=unit.kode,
        polaritas=pol, metode=(str(rng.choice(["A", "B"])) if pol == N else None),
        agregasi=agr, iku=False, kegiatan=kegiatan, dec=dec,
        awal=_round(r23 * 0.9, dec) if agr == POS else 0.0,
        t23=_round(t23, dec), r23=_round(r23, dec), t24=_round(t24, dec), r24=_round(r24, dec),
        renstra=_round(t24 * (1.1 if pol == P else 0.9), dec),
        profil=str(rng.choice(["rata", "kunjungan", "kegiatan", "akuisisi"])),
        ra=("kumulatif" if agr == POS else
            str(rng.choice(["per_triwulan", "kumulatif"])) if agr == KUM else "per_triwulan"),
        penyebut=(float(rng.integers(40, 400)) if agr == RASIO else 0.0),
        sebaran=(t24 * 0.04 if agr == RATA else 0.0),
        bukti="Laporan kegiatan")


def _catalogue(o: _Opd, n_units: int, rng) -> Catalogue:
    """An office's catalogue. Long because it lays out units, sasaran, kegiatan, indicators
    and the planted defects in one pass over the same random draws."""
    units = _units(o, n_units)
    n_ss = int(rng.integers(1, len(o.sasaran) + 1))
    sasaran = {f"SS-{k + 1}": s for k, s in enumerate(o.sasaran[:n_ss])}
    sasaran[f"SS-{n_ss + 1}"] = _SEKRE_SS
    program = {f"{o.urusan}.01": "Program Penunjang Urusan Pemerintahan Daerah "
                                 "Kabupaten/Kota",
               f"{o.urusan}.02": f"Program Peningkatan {o.layanan.capitalize()}"}
    kegiatan, inds = [], []
    pool = list(o.khusus) + [(t[0].format(l=o.layanan), *t[1:]) for t in _UMUM]
    n_ind = max(len(units) + 2, int(len(units) * rng.uniform(1.3, 2.2)))
    for k, u in enumerate(units, start=1):
        prog = "01" if u.kode in ("SEKRE", "UMPEG", "PROG") else "02"
        pagu = (rng.uniform(80, 300) if u.kode.startswith("UPT") else rng.uniform(150, 1500))
        jenis = "Administrasi" if prog == "01" else "Penyelenggaraan Layanan"
        kegiatan.append((f"{o.urusan}.{prog}.2.{k:02d}", f"{jenis} {u.nama}", u.kode,
                         int(round(pagu * 10)) * 100_000, float(rng.uniform(0.72, 0.97))))
    for j in range(n_ind):
        unit = units[j % len(units)]
        keg = kegiatan[j % len(units)][0]
        if unit.kode in ("SEKRE", "UMPEG", "PROG"):
            k = sum(x.ss == f"SS-{n_ss + 1}" for x in inds)
            tmpl, ss = _SEKRE_IND[k % len(_SEKRE_IND)], f"SS-{n_ss + 1}"
        else:
            tmpl, ss = pool[j % len(pool)], f"SS-{j % n_ss + 1}"
        suffix = (f" di {unit.nama.removeprefix(_upt_prefix(o)).strip()}"
                  if unit.kode.startswith("UPT") else "")
        if any(x.indikator == tmpl[0] + suffix for x in inds):
            suffix = f" ({unit.nama})"
        inds.append(_indicator(j + 1, tmpl, ss, unit, keg, rng, suffix))
    firsts = {x.ss: x.kode for x in reversed(inds)}
    inds = [replace(x, iku=True) if x.kode in firsts.values() else x for x in inds]
    # defects of the defect year: pick distinct units where possible
    kum = [x for x in inds if x.agregasi == KUM]
    bad = kum[int(rng.integers(len(kum)))] if kum else inds[0]
    others = [u.kode for u in units if u.kode != bad.unit] or [bad.unit]
    late, miss, rev = (others[int(rng.integers(len(others)))] for _ in range(3))
    return Catalogue(
        units=units, sasaran=sasaran, program=program, kegiatan=tuple(kegiatan),
        indicators=tuple(inds),
        pengisi={u.kode: _NAMA[int(rng.integers(len(_NAMA)))] for u in units},
        kendala={}, kendala_umum=KENDALA_UMUM,
        defects=((bad.unit, int(rng.integers(1, 4)), "Realisasi", bad.kode, "realisasi",
                  "bukan_angka", "sekitar 40"),),
        late=(late, 3, int(rng.integers(3, 15))),
        missing=(miss, int(rng.integers(2, 6))),
        revisi=(rev, 2) if rev != miss else (rev, 1))


def office_settings(o: _Opd, cat: Catalogue, nama_pemda: str, provinsi: str,
                    rng) -> Settings:
    """The office's ``pengaturan.toml`` content (identity, units, officials)."""
    kepala, sekre = (_NAMA[int(k)] for k in rng.choice(len(_NAMA), 2, replace=False))
    nip = "".join(str(int(d)) for d in rng.integers(0, 10, 18))
    return Settings(kode_opd=o.kode, nama_opd=o.nama, nama_pemda=nama_pemda,
                    provinsi=provinsi, alamat=f"Jl. Jend. A. Yani, {_KEC[0]}",
                    units=cat.units,
                    pejabat=(Pejabat("kepala_dinas", kepala, nip),
                             Pejabat("sekretaris", sekre, nip[::-1])))


def plan_offices(n: int, seed: int, kecil: bool = False) -> list[tuple[_Opd, int]]:
    """Which offices (in write order) and how many units each, for ``n`` and ``seed``."""
    if not 1 <= int(n) <= MAX_OFFICES:
        raise SettingsError(f"Jumlah kantor sintetis harus 1 sampai {MAX_OFFICES} "
                            f"(diminta {n}).")
    rng = np.random.default_rng([int(seed), 0])
    order = rng.permutation(len(_OPDS))[: int(n)]
    out = []
    for k in order:
        o = _OPDS[int(k)]
        if kecil:
            size = int(rng.integers(3, 5))
        elif o.upt and rng.random() < 0.5:
            size = 40
        else:
            size = int(rng.integers(3, 13))
        out.append((o, size))
    return out


def write_offices(root, n: int, seed: int, tahun=(2023, 2024), *, kecil: bool = False,
                  nama_pemda: str = "Kabupaten Balangan",
                  provinsi: str = "Kalimantan Selatan") -> list[Path]:
    """Write ``n`` different synthetic offices under ``root`` (folder name = ``kode_opd``).

    Parameters
    ----------
    root : path
    n : int
        1 to :data:`MAX_OFFICES`.
    seed : int
        Same seed, same files (byte-identical).
    tahun : iterable of int
        Years written; the latest (if >= 2024) carries the planted defects.
    kecil : bool
        Small offices (3-4 units) for fast tests.

    Returns
    -------
    list of Path
        The office folders, in write order.
    """
    root = Path(root)
    out = []
    for i, (o, size) in enumerate(plan_offices(n, seed, kecil)):
        rng = np.random.default_rng([int(seed), i + 1])
        cat = _catalogue(o, size, rng)
        settings = office_settings(o, cat, nama_pemda, provinsi, rng)
        folder = root / o.kode
        write_sample(Paths(folder), tahun, seed=int(seed) * 100 + i, settings=settings,
                     catalogue=cat)
        out.append(folder)
    return out


def write_workspace(root, n: int, seed: int, tahun=(2023, 2024), *, kecil: bool = False,
                    nama_pemda: str = "Kabupaten Balangan",
                    provinsi: str = "Kalimantan Selatan") -> list[Path]:
    """``wilayah.toml`` (nama_pemda, provinsi, kantor) and :func:`write_offices`; returns
    the office folders."""
    folders = write_offices(root, n, seed, tahun, kecil=kecil, nama_pemda=nama_pemda,
                            provinsi=provinsi)
    atomic_write_text(Path(root) / WILAYAH_FILE, tomli_w.dumps(
        {"nama_pemda": nama_pemda, "provinsi": provinsi, "kantor": [f.name for f in folders]}))
    return folders


__all__ = ["write_offices", "write_workspace", "plan_offices", "office_settings",
           "MAX_OFFICES"]
