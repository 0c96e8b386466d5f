"""The ``kinerja`` command line: parses arguments and dispatches to :mod:`.commands`.

Each subcommand is one function in ``ui.commands``; this file only declares arguments and
turns expected errors (:class:`~kinerja_lib.domain.errors.UserError`) into messages and exit
codes.
Exit status: 0 success, 1 blocking data errors or a failed run, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys

from kinerja_lib import __version__
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.ui import commands


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen posisi"
        self._optionals.title = "opsi"

    def error(self, message):  # argparse's English usage errors, said in Indonesian
        self.print_usage(sys.stderr)
        self.exit(2, f"kinerja: kesalahan: {_translate(message)}\n")


def _translate(message: str) -> str:
    return (
        message.replace("the following arguments are required", "argumen berikut wajib diisi")
        .replace("invalid choice", "pilihan tidak sah")
        .replace("unrecognized arguments", "argumen tidak dikenal")
        .replace("invalid int value", "bukan bilangan bulat")
        .replace("expected one argument", "memerlukan satu nilai")
        .replace("not allowed with argument", "tidak boleh bersama argumen")
        .replace("one of the arguments", "salah satu argumen")
        .replace("is required", "wajib diisi")
    )


def _kantor_args(sp) -> None:
    """Arguments of ``kinerja kantor baru``."""
    sp.add_argument("aksi", choices=["baru"], help="baru = buat folder kantor baru")
    sp.add_argument("--folder", dest="folder_kantor", default=None, metavar="FOLDER",
                    help="folder kantor baru (dibuat bila belum ada)")
    sp.add_argument("--kode", default=None, help="kode OPD, mis. DINKES-XYZ")
    sp.add_argument("--nama", default=None, help="nama perangkat daerah")
    sp.add_argument("--pemda", default=None, help="pemerintah daerah, mis. \"Kabupaten ...\"")
    sp.add_argument("--provinsi", default=None, help="provinsi")
    sp.add_argument("--alamat", default=None, help="alamat kantor")
    sp.add_argument("--logo", default=None,
                    help="berkas gambar logo (disalin ke data/ bila di luar folder kantor)")
    sp.add_argument("--unit", action="append", default=[], metavar="KODE=Nama",
                    help="unit kerja, boleh berulang; tambahan opsional: ;induk=KODE "
                    ";kepala=Jabatan ;alias=ejaan1|ejaan2")
    sp.add_argument("--kepala-dinas", default=None, metavar="\"Nama;NIP\"",
                    help="kepala dinas penanda tangan laporan")
    sp.add_argument("--sekretaris", default=None, metavar="\"Nama;NIP\"",
                    help="sekretaris penanda tangan laporan")
    sp.add_argument("--hari-batas-laporan", type=int, default=None,
                    help="laporan bulanan dikirim paling lambat tanggal ini bulan berikutnya "
                    "(bawaan: 5)")
    sp.add_argument("--libur", action="append", default=[], metavar="dd/mm/yyyy",
                    help="hari libur, boleh berulang")


def _tinjau_arguments(sp) -> None:
    """Arguments of ``kinerja tinjau``."""
    sp.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    sp.add_argument("--periode", required=True, help="kode periode: tw1-tw4, s1, s2, tahunan")
    sp.add_argument("--nama", required=False, help="nama peninjau")
    sp.add_argument("--jabatan", required=False, choices=["Kepala Bidang", "Sekretaris",
                                                          "Kepala Dinas"],
                    help="jabatan peninjau")
    sp.add_argument("--keputusan", choices=["ya", "tidak"], required=False,
                    help="ya = disetujui, tidak = dikembalikan")
    sp.add_argument("--catatan", action="append", default=[],
                    help="catatan koreksi (boleh berulang)")
    sp.add_argument("--tanggal", default=None, help="tanggal keputusan dd/mm/yyyy")
    sp.add_argument("--sidik", default=None,
                    help="sidik data yang tercetak di judul laporan yang ditinjau (wajib untuk "
                    "mencatat keputusan)")
    sp.add_argument("--tarik", type=int, default=None, metavar="NOMOR",
                    help="tarik keputusan bernomor NOMOR (lihat nomornya dengan --lihat)")
    sp.add_argument("--lihat", action="store_true", help="tampilkan riwayat tinjauan saja")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="kinerja",
        description="Pengumpulan, pengolahan dan pelaporan data kinerja (SOP Pengumpulan Data "
        "Kinerja perangkat daerah).",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    p.add_argument("--versi", action="version", version=f"kinerja {__version__}",
                   help="tampilkan versi lalu keluar")
    p.add_argument("--folder", default=None,
                   help="folder proyek (bawaan: $KINERJA_HOME atau folder repositori)")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)

    def add(name, help_):
        sp = sub.add_parser(name, help=help_, description=help_, add_help=False)
        sp.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
        return sp

    sp = add("contoh", "Tulis data contoh (dua tahun) ke data/raw/.")
    sp.add_argument("--tahun", type=int, nargs="+", default=[2023, 2024],
                    help="tahun data contoh (bawaan: 2023 2024)")
    sp.add_argument("--benih", type=int, default=20240101, help="benih acak (bawaan: 20240101)")
    sp.add_argument("--timpa", action="store_true",
                    help="timpa data contoh yang sudah ada di data/raw/")

    _kantor_args(add("kantor", "Siapkan folder kantor baru (data/pengaturan.toml: identitas, "
                     "unit, pejabat, kalender)."))

    sp = add("templat", "Tulis templat isian (Excel) untuk unit.")
    sp.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    sp.add_argument("--bulan", type=int, nargs="+", default=None,
                    help="bulan laporan (bawaan: 1-12)")
    sp.add_argument("--unit", nargs="+", default=None, help="kode unit (bawaan: semua)")
    sp.add_argument("--keluaran", default=None, help="folder keluaran (bawaan: reports/templat)")

    sp = add("validasi", "Baca dan periksa semua kiriman satu tahun, lalu tulis rekap.")
    sp.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    sp.add_argument("--sampai-bulan", type=int, default=12,
                    help="bulan terakhir yang diharapkan sudah dikirim (bawaan: 12)")
    sp.add_argument("--tanggal-acuan", default=None,
                    help="tanggal acuan status pengiriman, dd/mm/yyyy (bawaan: sehari sesudah "
                    "batas kirim laporan bulan terakhir)")

    sp = add("jalankan", "Jalankan notebook fase SOP untuk satu periode dan tulis laporan.")
    sp.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    g = sp.add_mutually_exclusive_group(required=True)
    g.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="triwulan 1-4")
    g.add_argument("--semester", type=int, choices=[1, 2], help="semester 1-2")
    g.add_argument("--tahunan", action="store_true", help="laporan tahunan (LKjIP)")
    g.add_argument("--semua", action="store_true",
                   help="semua periode setahun (4 triwulan, 2 semester, tahunan)")
    sp.add_argument("--paralel", type=int, default=2, help="jumlah kernel paralel (bawaan: 2)")
    sp.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML, tanpa PDF")

    _tinjau_arguments(add("tinjau", "Catat keputusan tinjauan (Ya/Tidak) atas sebuah laporan, "
                          "atau tarik keputusan."))

    sp = add("disposisi", "Tulis lembar disposisi (A4, HTML + PDF) untuk langkah SOP 1, 2, 6 "
             "atau 7.")
    sp.add_argument("--tahun", type=int, required=True, help="tahun anggaran")
    sp.add_argument("--langkah", type=int, required=True, choices=[1, 2, 6, 7],
                    help="langkah SOP: 1 pengumpulan, 2 rekap triwulan, 6 rekap semester, "
                    "7 laporan semester/tahunan dan reviu")
    g = sp.add_mutually_exclusive_group(required=True)
    g.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="triwulan 1-4")
    g.add_argument("--semester", type=int, choices=[1, 2], help="semester 1-2")
    g.add_argument("--tahunan", action="store_true", help="tahunan (langkah 7)")
    sp.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML, tanpa PDF")
    return p


# subcommand -> function in ui.commands
_COMMANDS = {
    "contoh": commands.contoh,
    "kantor": commands.kantor,
    "templat": commands.templat,
    "validasi": commands.validasi,
    "jalankan": commands.jalankan,
    "tinjau": commands.tinjau,
    "disposisi": commands.disposisi,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.perintah:
        parser.print_help()
        return 2
    paths = Paths.default(args.folder)
    try:
        # a new office has no settings yet: kantor never reads the default folder's file
        settings = (Settings() if args.perintah == "kantor"
                    else load_settings(paths.settings_file))
        return int(_COMMANDS[args.perintah](args, paths, settings) or 0)
    except UserError as exc:
        print(f"kinerja: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kinerja: dihentikan oleh pengguna.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
