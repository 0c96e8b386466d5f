"""The ``kinerja`` command line: parses arguments and dispatches to :mod:`.commands`.

Each subcommand is one function in ``ui.commands``; this file only declares arguments and
turns expected errors (:class:`~kinerja_lib.domain.errors.UserError`) into messages and exit
codes.
Every subcommand runs under the project lock (:mod:`.project_lock`): one writer per project
folder. Arguments are checked before anything runs (``--tahun`` in 2000-2100, no
non-UTF-8 bytes); settings text with control characters is refused.

Exit status:

* 0 success;
* 1 blocking data errors, a failed run, or an expected failure (``UserError``: bad file,
  bad settings, project folder in use by another ``kinerja``);
* 2 wrong usage (arguments);
* 3 internal error (a bug): one Indonesian line on stderr, the traceback appended to
  ``data/processed/kinerja-galat.log`` of the project;
* 130 interrupted (Ctrl-C); 143 terminated (SIGTERM, cleaned up like Ctrl-C); 141 the output
  pipe was closed (``kinerja ... | head``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from kinerja_lib import __version__
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.settings import Settings
from kinerja_lib.domain.text import aman, first_unsafe
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.ui import commands, commands_wilayah
from kinerja_lib.ui.project_lock import project_lock

TAHUN_MIN, TAHUN_MAX = 2000, 2100
EXIT_INTERNAL = 3
LOG_NAME = "kinerja-galat.log"


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


_ARGPARSE_ID = (
    ("the following arguments are required", "argumen berikut wajib diisi"),
    ("invalid choice", "pilihan tidak sah"),
    ("(choose from", "(pilih salah satu:"),
    ("unrecognized arguments", "argumen tidak dikenal"),
    ("invalid int value", "bukan bilangan bulat"),
    ("invalid float value", "bukan bilangan"),
    ("expected one argument", "memerlukan satu nilai"),
    ("expected at least one argument", "memerlukan paling sedikit satu nilai"),
    ("expected at most one argument", "memerlukan paling banyak satu nilai"),
    ("ignored explicit argument", "nilai tidak diharapkan"),
    ("ambiguous option", "opsi ambigu"),
    ("could match", "dapat berarti"),
    ("not allowed with argument", "tidak boleh bersama argumen"),
    ("one of the arguments", "salah satu argumen"),
    ("is required", "wajib diisi"),
    ("argument ", "argumen "),
)
"""argparse's English error phrases (Python 3.11-3.13) and their Indonesian wording."""


def _translate(message: str) -> str:
    for english, indonesian in _ARGPARSE_ID:
        message = message.replace(english, indonesian)
    return message


def _tahun(text: str) -> int:
    """argparse type of every ``--tahun``: an integer year in a sane range."""
    try:
        tahun = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tahun harus bilangan bulat, bukan '{aman(text)}'") from None
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise argparse.ArgumentTypeError(
            f"tahun {tahun} di luar rentang yang diterima ({TAHUN_MIN}-{TAHUN_MAX})")
    return tahun


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
    sp.add_argument("--tahun", type=_tahun, required=True, help="tahun anggaran")
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
    sp.add_argument("--tahun", type=_tahun, nargs="+", default=[2023, 2024],
                    help="tahun data contoh (bawaan: 2023 2024)")
    sp.add_argument("--benih", type=int, default=20240101, help="benih acak (bawaan: 20240101)")
    sp.add_argument("--timpa", action="store_true",
                    help="timpa data contoh yang sudah ada di data/raw/")

    _kantor_args(add("kantor", "Siapkan folder kantor baru (data/pengaturan.toml: identitas, "
                     "unit, pejabat, kalender)."))

    sp = add("templat", "Tulis templat isian (Excel) untuk unit.")
    sp.add_argument("--tahun", type=_tahun, required=True, help="tahun anggaran")
    sp.add_argument("--bulan", type=int, nargs="+", default=None,
                    help="bulan laporan (bawaan: 1-12)")
    sp.add_argument("--unit", nargs="+", default=None, help="kode unit (bawaan: semua)")
    sp.add_argument("--keluaran", default=None, help="folder keluaran (bawaan: reports/templat)")

    sp = add("validasi", "Baca dan periksa semua kiriman satu tahun, lalu tulis rekap.")
    sp.add_argument("--tahun", type=_tahun, required=True, help="tahun anggaran")
    sp.add_argument("--sampai-bulan", type=int, default=12,
                    help="bulan terakhir yang diharapkan sudah dikirim (bawaan: 12)")
    sp.add_argument("--tanggal-acuan", default=None,
                    help="tanggal acuan status pengiriman, dd/mm/yyyy (bawaan: sehari sesudah "
                    "batas kirim laporan bulan terakhir)")

    sp = add("jalankan", "Jalankan notebook fase SOP untuk satu periode dan tulis laporan.")
    sp.add_argument("--tahun", type=_tahun, required=True, help="tahun anggaran")
    g = sp.add_mutually_exclusive_group(required=True)
    g.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="triwulan 1-4")
    g.add_argument("--semester", type=int, choices=[1, 2], help="semester 1-2")
    g.add_argument("--tahunan", action="store_true", help="laporan tahunan (LKjIP)")
    g.add_argument("--semua", action="store_true",
                   help="semua periode setahun (4 triwulan, 2 semester, tahunan)")
    sp.add_argument("--paralel", type=int, default=2, help="jumlah kernel paralel (bawaan: 2)")
    sp.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML, tanpa PDF")
    sp.add_argument("--validasi", action="store_true",
                    help="validasi data tahun itu dahulu (seperti kinerja validasi), lalu "
                    "jalankan notebook; lebih cepat daripada dua perintah")

    _tinjau_arguments(add("tinjau", "Catat keputusan tinjauan (Ya/Tidak) atas sebuah laporan, "
                          "atau tarik keputusan."))

    sp = add("disposisi", "Tulis lembar disposisi (A4, HTML + PDF) untuk langkah SOP 1, 2, 6 "
             "atau 7.")
    sp.add_argument("--tahun", type=_tahun, required=True, help="tahun anggaran")
    sp.add_argument("--langkah", type=int, required=True, choices=[1, 2, 6, 7],
                    help="langkah SOP: 1 pengumpulan, 2 rekap triwulan, 6 rekap semester, "
                    "7 laporan semester/tahunan dan reviu")
    g = sp.add_mutually_exclusive_group(required=True)
    g.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="triwulan 1-4")
    g.add_argument("--semester", type=int, choices=[1, 2], help="semester 1-2")
    g.add_argument("--tahunan", action="store_true", help="tahunan (langkah 7)")
    sp.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML, tanpa PDF")
    commands_wilayah.add_arguments(add("wilayah", "Validasi dan laporan banyak kantor "
                                       "sekaligus (dask)."), _tahun)
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
    "wilayah": commands_wilayah.wilayah,
}


_PATH_ARGS = frozenset({"folder", "folder_kantor", "keluaran", "logo"})


def _check_text_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse (exit 2) an argument holding bytes that are not UTF-8 (surrogate escapes), and
    a text argument (not a path) holding control characters; a note may have line breaks."""
    for name, value in vars(args).items():
        opsi = "--" + name.replace("_", "-") if name != "folder_kantor" else "--folder"
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
                parser.error(f"{opsi} '{aman(text)}' memuat byte yang bukan UTF-8; tulis "
                             "ulang nilainya dengan huruf biasa")
            bad = first_unsafe(text, allow="\n\t" if name == "catatan" else "")
            if name not in _PATH_ARGS and bad is not None:
                parser.error(f"{opsi} '{aman(text)}' memuat karakter kendali {bad}; hapus "
                             "karakter itu")


def _check_settings_text(value: object, path: Path, key: str = "") -> None:
    """Refuse settings text with control characters (NUL, ESC ...): they would corrupt the
    Excel recap and the terminal. Tab and newline are allowed."""
    if isinstance(value, str):
        bad = first_unsafe(value, allow="\t\n\r")
        if bad is not None:
            raise UserError(f"Berkas pengaturan {aman(path)}: nilai '{key}' memuat karakter "
                            f"kendali {bad} ({aman(value)!s}). Hapus karakter itu dari berkas.")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _check_settings_text(getattr(value, f.name), path, f"{key}.{f.name}".lstrip("."))
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            _check_settings_text(item, path, f"{key}[{i + 1}]")
    elif isinstance(value, dict):
        for k, item in value.items():
            _check_settings_text(item, path, f"{key}.{k}")


def _data_dir(args: argparse.Namespace, paths: Paths) -> Path | None:
    """The ``data`` folder the command writes into: the new office's for ``kantor``."""
    if args.perintah != "kantor":
        return paths.data
    folder = getattr(args, "folder_kantor", None) or args.folder
    return Path(folder).expanduser().resolve() / "data" if folder else None


def _log_internal(exc: BaseException, data_dir: Path | None, argv: list[str]) -> Path | None:
    """Append the traceback of an internal error to ``data/processed/kinerja-galat.log``
    (the temporary folder when the project's is not writable); never raises."""
    text = (f"--- {_dt.datetime.now().isoformat(timespec='seconds')} kinerja {__version__}: "
            f"{aman(' '.join(argv))}\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    folders = ([data_dir / "processed"] if data_dir is not None and data_dir.is_dir() else [])
    for folder in [*folders, Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / LOG_NAME
            with open(log, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(text)
            return log
        except OSError:
            continue
    return None


def _dispatch(args: argparse.Namespace, paths: Paths) -> int:
    """Load the settings and run the subcommand, under the project lock."""
    with project_lock(_data_dir(args, paths), args.perintah, create=args.perintah == "contoh"):
        # a new office has no settings yet: kantor never reads the default folder's file
        if args.perintah == "kantor":
            settings = Settings()
        else:
            settings = load_settings(paths.settings_file)
            _check_settings_text(settings, paths.settings_file)
        return int(_COMMANDS[args.perintah](args, paths, settings) or 0)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``), raised like Ctrl-C so every ``finally`` cleans up."""


def _raise_terminated(signum, frame):
    raise _Terminated()


def _on_sigterm_clean_up() -> None:
    """Turn SIGTERM into an exception in the main thread (temp folders, browser profiles and
    the project lock are released by the same ``finally`` blocks as on Ctrl-C)."""
    if hasattr(signal, "SIGTERM"):
        try:
            signal.signal(signal.SIGTERM, _raise_terminated)
        except ValueError:  # not the main thread (e.g. called from a worker): leave as is
            pass


LIST_ITEM = "\n- "
"""The one line structure a UserError message may have: a list (``"...:\\n- a\\n- b"``)."""


def user_message(exc: BaseException) -> str:
    """A UserError as terminal text that cannot fake a line of its own.

    Every control character, including a newline inside a quoted file name, is shown escaped
    (:func:`aman`); only a list the message itself lays out (items after ``"\\n- "``) is
    printed one item per line, each item escaped and indented ``"  - "``, so no text from a
    file name can start a stderr line.
    """
    head, *items = str(exc).split(LIST_ITEM)
    return "\n  - ".join([aman(head), *(aman(item) for item in items)])


def main(argv: list[str] | None = None) -> int:
    """Run ``kinerja``; returns the exit status (see the module docstring)."""
    _on_sigterm_clean_up()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.perintah:
        parser.print_help()
        return 2
    _check_text_args(parser, args)
    paths = Paths.default(args.folder)
    try:
        return _dispatch(args, paths)
    except UserError as exc:
        print(f"kinerja: {user_message(exc)}", file=sys.stderr)
        return 1
    except _Terminated:
        print("kinerja: dihentikan (sinyal SIGTERM); berkas sementara dibersihkan.",
              file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("kinerja: dihentikan oleh pengguna.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kinerja ... | head`: the reader left; no traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log = _log_internal(exc, _data_dir(args, paths), argv)
        where = f"rincian di {aman(log)}" if log else "rincian tidak dapat dicatat"
        print(f"kinerja: galat internal ({type(exc).__name__}): {aman(exc)}; {where}; "
              "laporkan ke pengembang.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
