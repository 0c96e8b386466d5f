"""Every ``kinerja`` subcommand: check the arguments, call the library, print Indonesian text.

One function per subcommand, ``name(args, paths, settings) -> int`` (exit status). Expected
failures are raised as :class:`~kinerja_lib.domain.errors.UserError`; ``ui.cli`` prints them.
Nothing outside this package imports it.
"""

from __future__ import annotations

import datetime as _dt
import logging
import sys
from pathlib import Path

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import (
    BrowserNotFound,
    MissingDataError,
    PdfError,
    PeriodError,
    ReviewError,
    RunnerError,
    UserError,
)
from kinerja_lib.domain.numbers import format_number, format_tanggal, format_waktu, parse_tanggal
from kinerja_lib.domain.organisasi import Unit
from kinerja_lib.domain.periods import (
    Periode,
    all_periods,
    due_date,
    nama_bulan,
    tanggal_acuan,
)
from kinerja_lib.domain.settings import Pejabat, Settings
from kinerja_lib.domain.text import aman
from kinerja_lib.io.fingerprint import current_fingerprint
from kinerja_lib.io.ingest import problem_lines
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.review import (
    Decision,
    Status,
    check_sidik,
    decisions_file,
    load_decisions,
    record_decision,
    report_status,
    withdraw_decision,
    withdrawals,
)
from kinerja_lib.io.sample import PLANTED_LATE_DAYS, sample_settings, write_sample
from kinerja_lib.io.settings_file import create_office, require_units
from kinerja_lib.io.store import check_complete
from kinerja_lib.io.templates import write_templates
from kinerja_lib.io.validasi import validate_year
from kinerja_lib.reports import disposisi as lembar_disposisi
from kinerja_lib.reports import disposisi_cetak as cetak_disposisi
from kinerja_lib.run.runner import RunResult, engine_data_step, run


def _fmt_int(n: int) -> str:
    return format_number(n, 0)


def validasi(args, paths: Paths, settings: Settings) -> int:
    """``kinerja validasi --tahun T [--sampai-bulan N] [--tanggal-acuan dd/mm/yyyy]``.

    Reads and validates the year, saves the Parquet tables, writes the Excel recap, the
    submission status and one request sheet per unit, and prints an Indonesian summary.
    Returns 1 when any error-level problem exists, else 0.
    """
    require_units(settings, paths.settings_file)
    return _validasi_tahun(args, paths, settings)


def _validasi_tahun(args, paths: Paths, settings: Settings) -> int:
    """The work and the summary of :func:`validasi` (also ``jalankan --validasi``)."""
    tahun = int(args.tahun)
    sampai = int(getattr(args, "sampai_bulan", 12) or 12)
    if not 1 <= sampai <= 12:
        raise UserError(f"--sampai-bulan {sampai} tidak sah; isi 1 sampai 12.")
    teks_acuan = getattr(args, "tanggal_acuan", None)
    if teks_acuan:
        try:
            acuan = parse_tanggal(teks_acuan)
        except ValueError as exc:
            raise UserError(f"--tanggal-acuan: {exc}") from exc
        if acuan is None:
            raise UserError("--tanggal-acuan kosong; isi dd/mm/yyyy.")
    else:
        acuan = tanggal_acuan(tahun, sampai, settings.hari_batas_laporan, settings.libur)

    v = validate_year(paths, tahun, settings, sampai, acuan)  # io.validasi: every output
    result, data, out, status = v.result, v.result.data, v.out, v.status
    rekap_path, permintaan = v.rekap_path, v.permintaan

    n_monthly = result.files_read - 1
    print(f"Validasi data kinerja tahun {tahun} ({aman(settings.nama_opd)})")
    print(f"Berkas dibaca      : {_fmt_int(result.files_read)} (1 Perjanjian Kinerja, "
          f"{_fmt_int(n_monthly)} laporan bulanan; {_fmt_int(len(data.pengiriman))} "
          "laporan bulanan diterima)")
    print(f"Baris dibaca       : {_fmt_int(result.rows_read)}")
    print(f"Baris diterima     : {_fmt_int(result.rows_accepted)}")
    print(f"Baris dikarantina  : {_fmt_int(result.rows_quarantined)}")
    if result.rows_superseded:
        print(f"Baris digantikan   : {_fmt_int(result.rows_superseded)} (laporan yang "
              f"digantikan revisi; {_fmt_int(len(data.revisi))} angka berubah, lihat "
              "revisi.parquet)")
    print(f"Galat              : {_fmt_int(result.errors)}")
    print(f"Peringatan         : {_fmt_int(result.warnings)}")
    belum = status[status["status"] == "belum ada"]
    telat = status[status["status"] == "terlambat"]
    print(f"Status pengiriman s.d. {nama_bulan(sampai)} {tahun} (acuan "
          f"{format_tanggal(acuan)}): {_fmt_int(len(belum))} laporan belum ada, "
          f"{_fmt_int(len(telat))} terlambat.")
    lines = problem_lines(data.kualitas)
    if lines:
        print("\nMasalah data (berkas | lembar | sel: pesan):")
        for line in lines:
            print(line)
    print("\nKeluaran:")
    print(f"  Tabel olahan (Parquet) : {aman(out)}")
    print(f"  Rekap Excel            : {aman(rekap_path)}")
    print(f"  Lembar permintaan unit : {aman(permintaan[0].parent) if permintaan else '-'}")
    if result.errors:
        print(f"\nAda {_fmt_int(result.errors)} galat: baris bermasalah dikarantina dan tidak "
              "ikut dihitung. Perbaiki berkasnya lalu jalankan validasi lagi.")
        return 1
    print("\nTidak ada galat.")
    return 0



def templat(args, paths, settings: Settings) -> int:
    """``kinerja templat --tahun T [--bulan ...] [--unit ...] [--keluaran DIR]``."""
    require_units(settings, paths.settings_file)
    out_dir = Path(args.keluaran).expanduser() if getattr(args, "keluaran", None) else None
    written = write_templates(paths, settings, args.tahun, getattr(args, "bulan", None),
                              getattr(args, "unit", None), out_dir)
    monthly = written[1:]
    pk_path = paths.pk_workbook(args.tahun)
    if not pk_path.exists():
        print(f"Perjanjian Kinerja tahun {args.tahun} belum ada ({pk_path}).")
        print(f"Templat Perjanjian Kinerja kosong ditulis: {written[0]}")
        print(f"Isi templat itu (lembar Perjanjian Kinerja, Rencana Aksi, Anggaran), simpan "
              f"sebagai {pk_path}, lalu jalankan perintah ini lagi untuk templat bulanan unit.")
        return 0
    n_units = len({p.name.rsplit("_", 1)[0] for p in monthly})
    n_months = len({p.stem.rsplit("-", 1)[1] for p in monthly}) if monthly else 0
    print(f"Templat tahun {args.tahun} ditulis ke {written[0].parent}:")
    print(f"  - {len(monthly)} laporan progres bulanan ({n_units} unit x {n_months} bulan)")
    print(f"  - templat Perjanjian Kinerja kosong: {written[0].name}")
    print(f"Batas pengiriman: tanggal {settings.hari_batas_laporan} bulan berikutnya.")
    return 0



def contoh(args, paths: Paths, settings: Settings) -> int:
    """``kinerja contoh [--tahun 2023 2024] [--benih N] [--timpa]``."""

    years = getattr(args, "tahun", None) or [2023, 2024]
    for y in years:
        if not 2000 <= int(y) <= 2100:
            raise UserError(f"Tahun {y} tidak sah.")
    sample = sample_settings()  # the sample office is data: its units go to pengaturan.toml
    new_settings = not paths.settings_file.exists()
    if not new_settings:
        missing = [k for k in sample.organisasi.kodes if settings.organisasi.unit(k) is None]
        if missing:
            raise UserError(
                f"Folder {paths.root} sudah berisi pengaturan kantor ({paths.settings_file}) "
                f"tanpa unit kantor contoh ({', '.join(missing)}). Data contoh tidak ditulis; "
                "tulis ke folder lain: kinerja --folder FOLDER_LAIN contoh")
    office = sample if new_settings else settings
    try:
        man = write_sample(paths, years, getattr(args, "benih", 20240101),
                           overwrite=getattr(args, "timpa", False), settings=office)
    except FileExistsError as exc:
        raise UserError(str(exc)) from exc
    print(f"Data contoh ditulis ke {paths.raw}:")
    for y in man.years:
        n = len(man.monthly_files[y])
        print(f"  {y}: {man.pk_files[y].name} dan {n} laporan progres bulanan")
    if man.settings_file is not None:
        print(f"Pengaturan kantor contoh ({sample.nama_opd} {sample.nama_pemda}, "
              f"{len(sample.units)} unit) ditulis ke {man.settings_file}")
    if man.defect_year is not None:
        print(f"Cacat data yang sengaja ditanam pada tahun {man.defect_year} "
              "(untuk mencoba pemeriksaan):")
        for d in man.defects:
            desc = c.ATURAN[d["aturan"]][1]
            print(f"  - {d['file']}, lembar {d['sheet']}, sel {d['sel']}: {d['aturan']} "
                  f"({desc})")
        for tahun, bulan, unit in man.late:
            batas = due_date(tahun, bulan, office.hari_batas_laporan, office.libur)
            kirim = batas + _dt.timedelta(days=PLANTED_LATE_DAYS)
            print(f"  - terlambat: {office.nama_unit(unit)}, {nama_bulan(bulan)} {tahun} "
                  f"(dikirim {format_tanggal(kirim)}, batas {format_tanggal(batas)})")
        for tahun, bulan, unit in man.missing:
            print(f"  - belum ada: {office.nama_unit(unit)}, {nama_bulan(bulan)} {tahun} "
                  "(berkas sengaja tidak dibuat)")
    print("Langkah berikutnya: kinerja validasi --tahun " + str(man.years[-1]))
    return 0



def _format_history(decisions: list[Decision]) -> list[str]:
    gone = withdrawals(decisions)
    lines = []
    for d in decisions:
        if d.penarikan:
            lines.append(f"  {d.nomor}. {format_tanggal(d.tanggal)} - {aman(d.nama)} "
                         f"({aman(d.jabatan)}): MENARIK keputusan nomor {d.tarik}")
        else:
            verdict = "DISETUJUI" if d.disetujui else "DIKEMBALIKAN"
            mark = f" (ditarik, nomor {gone[d.nomor].nomor})" if d.nomor in gone else ""
            lines.append(f"  {d.nomor}. {format_tanggal(d.tanggal)} - {aman(d.nama)} "
                         f"({aman(d.jabatan)}): {verdict} [sidik {aman(d.fingerprint or '-')}]"
                         f"{mark}")
        lines += [f"       - {aman(note)}" for note in d.catatan]
    return lines


def _status_lines(status: Status) -> list[str]:
    lines = [f"Status laporan: {status.label}", f"  {aman(status.alasan)}"]
    if status.koreksi:
        lines.append("  Koreksi yang diminta:")
        lines += [f"   - {aman(note)}" for note in status.koreksi]
    return lines


_CONTOH_TINJAU = ("kinerja tinjau --tahun 2024 --periode tw2 --sidik 3f9a0c1d2b4e "
                  "--nama \"Nama Peninjau\" --jabatan \"Kepala Bidang\" --keputusan ya "
                  "--tanggal 15/07/2024")


def _missing_options(args, names: tuple[str, ...]) -> list[str]:
    return [f"--{n}" for n in names if not str(getattr(args, n, None) or "").strip()]


def tinjau(args, paths: Paths, settings) -> int:
    """``kinerja tinjau``: record a review decision, withdraw one (``--tarik N``), or show
    the history (``--lihat``).

    A decision is bound to the report the reviewer saw: ``--sidik`` (the *sidik data* printed
    in the report's title block) must equal the current period fingerprint, otherwise the
    report is out of date and nothing is recorded. The decision date must be given
    (``--tanggal dd/mm/yyyy``) and may not lie in the future (the one place here that reads
    the clock).
    """
    try:
        periode = Periode.from_kode(int(args.tahun), str(args.periode))
    except PeriodError as exc:
        raise UserError(str(exc)) from exc
    if paths.processed_year(periode.tahun).exists():
        check_complete(paths, periode.tahun)  # never review a half-written validasi
    try:
        fingerprint = current_fingerprint(paths, periode, settings)
    except MissingDataError:
        fingerprint = None
    try:
        decisions = load_decisions(paths, periode.tahun, periode.kode)
    except ReviewError as exc:
        raise UserError(str(exc)) from exc
    f = decisions_file(paths, periode.tahun, periode.kode)

    if getattr(args, "lihat", False):
        print(f"Riwayat tinjauan laporan {periode.label} ({f}):")
        print("\n".join(_format_history(decisions)) if decisions else "  (belum ada keputusan)")
        if fingerprint is None:
            print(f"Data tahun {periode.tahun} belum diolah; status tidak dapat dihitung.")
        else:
            print(f"Sidik data saat ini: {fingerprint}")
            print("\n".join(_status_lines(report_status(decisions, fingerprint))))
        return 0
    if getattr(args, "tarik", None) is not None:
        return _tinjau_tarik(args, paths, periode, fingerprint, f)

    missing = _missing_options(args, ("sidik", "nama", "jabatan", "keputusan", "tanggal"))
    if missing:
        raise UserError(
            "Untuk mencatat keputusan, isi juga: " + ", ".join(missing)
            + ". --sidik adalah sidik data yang tercetak di judul laporan yang Anda tinjau. "
            f"Contoh: {_CONTOH_TINJAU}"
        )
    tanggal = _tanggal_arg(args.tanggal)
    if fingerprint is None:
        raise UserError(
            f"Data tahun {periode.tahun} belum diolah, jadi laporan yang ditinjau belum ada. "
            f"Jalankan dahulu: kinerja validasi --tahun {periode.tahun}"
        )
    try:
        sidik = check_sidik(periode, args.sidik, fingerprint)
        d = record_decision(paths, periode.tahun, periode.kode, args.nama, args.jabatan,
                            args.keputusan, list(args.catatan or []), tanggal, sidik,
                            hari_ini=_dt.date.today())
    except ReviewError as exc:
        raise UserError(str(exc)) from exc
    verdict = "DISETUJUI" if d.disetujui else "DIKEMBALIKAN untuk diperbaiki"
    print(f"Keputusan nomor {d.nomor} tercatat ({f}):")
    print(f"  Laporan {periode.label}: {verdict} oleh {aman(d.nama)} ({aman(d.jabatan)}) pada "
          f"{format_tanggal(d.tanggal)}; sidik data {aman(d.fingerprint)}.")
    for note in d.catatan:
        print(f"   - {aman(note)}")
    _print_after_decision(paths, periode, fingerprint)
    return 0


def _tanggal_arg(text: str) -> _dt.date:
    try:
        return parse_tanggal(text)
    except ValueError as exc:
        raise UserError(f"--tanggal: {exc}") from exc


def _tinjau_tarik(args, paths: Paths, periode: Periode, fingerprint: str | None,
                  f: Path) -> int:
    """``kinerja tinjau ... --tarik N``: append an entry withdrawing decision N."""
    if getattr(args, "keputusan", None):
        raise UserError("--tarik tidak boleh bersama --keputusan: penarikan bukan keputusan "
                        "baru. Catat keputusan baru dengan perintah terpisah.")
    missing = _missing_options(args, ("nama", "jabatan", "tanggal"))
    if missing:
        raise UserError(
            "Untuk menarik keputusan, isi juga: " + ", ".join(missing) + ". Contoh: "
            f"kinerja tinjau --tahun {periode.tahun} --periode {periode.kode} --tarik "
            f"{args.tarik} --nama \"Nama\" --jabatan \"Kepala Bidang\" --tanggal dd/mm/yyyy")
    tanggal = _tanggal_arg(args.tanggal)
    try:
        w = withdraw_decision(paths, periode.tahun, periode.kode, int(args.tarik), args.nama,
                              args.jabatan, tanggal, list(args.catatan or []),
                              fingerprint or "", hari_ini=_dt.date.today())
    except ReviewError as exc:
        raise UserError(str(exc)) from exc
    print(f"Penarikan tercatat sebagai nomor {w.nomor} ({f}):")
    print(f"  Keputusan nomor {w.tarik} atas laporan {periode.label} ditarik oleh "
          f"{aman(w.nama)} ({aman(w.jabatan)}) pada {format_tanggal(w.tanggal)}.")
    for note in w.catatan:
        print(f"   - {aman(note)}")
    _print_after_decision(paths, periode, fingerprint)
    return 0


def _print_after_decision(paths: Paths, periode: Periode, fingerprint: str | None) -> None:
    """Status after a recorded entry, and the reminder to rerun the report."""
    if fingerprint is not None:
        decisions = load_decisions(paths, periode.tahun, periode.kode)
        print("\n".join(_status_lines(report_status(decisions, fingerprint))))
    report_dir = paths.report_dir(periode.tahun, periode.kode)
    if not any(report_dir.glob("*.html")):
        print(f"Peringatan: laporan {periode.label} belum dibuat di {report_dir}.")
    print("Jalankan ulang `kinerja jalankan` untuk periode ini agar tanda status pada laporan "
          "diperbarui.")



def periode_kodes_from_args(args) -> list[str]:
    """Period codes selected by ``--triwulan/--semester/--tahunan/--semua``."""
    if getattr(args, "semua", False):
        return [p.kode for p in all_periods(args.tahun)]
    if getattr(args, "tahunan", False):
        return ["tahunan"]
    if getattr(args, "semester", None):
        return [f"s{args.semester}"]
    if getattr(args, "triwulan", None):
        return [f"tw{args.triwulan}"]
    raise RunnerError("Pilih periode: --triwulan N, --semester N, --tahunan atau --semua.")


def format_summary(result: RunResult, paths: Paths,
                   generated_at: _dt.datetime | None = None) -> str:
    """The Indonesian summary table printed by ``kinerja jalankan``."""
    waktu = f" (dibuat {format_waktu(generated_at)})" if generated_at else ""
    rows = [("Periode", "Fase", "Status", "Berkas")]
    for r in result.jobs:
        exts = [p.name[len(r.job.phase.stem) + 1:] for p in r.outputs]
        files = [f"{r.job.phase.stem} ({', '.join(exts)})"] if exts else []
        if r.gagal_path is not None:
            files.append(r.gagal_path.name)
        rows.append((r.job.periode.label, r.job.phase.judul, r.status,
                     ", ".join(files) or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"Hasil kinerja jalankan, tahun {result.tahun}{waktu}:", ""]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True))
                     + "  " + row[3])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 6)
    lines.append("")
    folders = sorted({r.job.out_dir(paths) for r in result.jobs})
    lines.append("Laporan tersimpan di:")
    lines += [f"  {f}" for f in folders]
    for note in result.notes:
        lines += ["", note]
    if result.failed:
        lines += ["", f"{len(result.failed)} dari {len(result.jobs)} notebook gagal:"]
        lines += [f"- {r.error}" for r in result.failed]
    else:
        lines += ["", f"Semua {len(result.jobs)} notebook berhasil."]
    return "\n".join(lines)


def jalankan(args, paths: Paths, settings: Settings) -> int:
    """``kinerja jalankan``: run the phase notebooks of the chosen periods; exit 1 on failure.

    With ``--validasi`` the year is validated first in the same process (the summary of
    ``kinerja validasi`` is printed; its data errors do not change the exit status).

    This is the one place the clock is read: the run time shown in the reports.
    """

    generated_at = _dt.datetime.now().replace(microsecond=0)  # the run's timestamp

    # papermill/nbclient log kernel trouble themselves; our summary reports it in Indonesian.
    for name in ("papermill", "nbclient", "traitlets"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    step = {}  # the runner's own data step unless --validasi
    if getattr(args, "validasi", False):
        require_units(settings, paths.settings_file)

        def data_step(p: Paths, tahun: int, s: Settings) -> None:
            # validasi first, as `kinerja validasi` (its summary printed); the run starts
            # its kernels and browsers meanwhile. Rows with data errors are quarantined and
            # reported; they do not stop the reports.
            _validasi_tahun(args, p, s)
            print(flush=True)
            engine_data_step(p, tahun, s)

        step["data_step"] = data_step
    try:
        result = run(paths, settings, args.tahun, periode_kodes_from_args(args),
                     parallel=args.paralel, pdf=not args.tanpa_pdf, generated_at=generated_at,
                     **step)
    except RunnerError as exc:
        raise UserError(str(exc)) from exc
    print(format_summary(result, paths, generated_at))
    return 0 if result.ok else 1


# --------------------------------------------------------------------------- kantor baru


def _unit_arg(text: str) -> Unit:
    """``KODE=Nama[;induk=KODE][;kepala=Jabatan][;alias=a|b]`` -> Unit."""
    head, *opts = [p.strip() for p in str(text).split(";")]
    if "=" not in head:
        raise UserError(f"--unit '{text}' tidak sah; tulis KODE=Nama unit, mis. "
                        "--unit \"BID-A=Bidang A\" (tambahan: ;induk=KODE ;kepala=Jabatan "
                        ";alias=ejaan1|ejaan2).")
    kode, nama = (x.strip() for x in head.split("=", 1))
    extra = {}
    for o in opts:
        key, _, val = o.partition("=")
        key = key.strip().lower()
        if key not in ("induk", "kepala", "alias") or not val.strip():
            raise UserError(f"--unit '{text}': bagian '{o}' tidak sah; pilihan: induk=KODE, "
                            "kepala=Jabatan kepala unit, alias=ejaan1|ejaan2.")
        extra[key] = val.strip()
    alias = tuple(a.strip() for a in extra.get("alias", "").split("|") if a.strip())
    return Unit(kode, nama, extra.get("induk"), alias, extra.get("kepala", ""))


def _pejabat_arg(kunci: str, text: str) -> Pejabat:
    """``"Nama;NIP"`` -> Pejabat."""
    nama, _, nip = str(text).partition(";")
    if not nama.strip():
        raise UserError(f"--{kunci.replace('_', '-')} '{text}' tidak sah; tulis \"Nama;NIP\".")
    return Pejabat(kunci, nama.strip(), nip.strip())


def _ask(label: str) -> str:
    return input(f"{label}: ").strip()


def kantor(args, paths: Paths, settings: Settings) -> int:
    """``kinerja kantor baru --folder DIR --kode K --nama N --pemda P [--unit KODE=Nama ...]``.

    Creates a new office folder with its ``data/pengaturan.toml`` (identity, units, officials,
    calendar), ``data/raw/`` and ``data/tinjauan/``; never overwrites an existing settings
    file. Missing values are asked for only when stdin is a terminal.
    """
    folder = getattr(args, "folder_kantor", None) or getattr(args, "folder", None)
    interactive = sys.stdin.isatty()
    values = {"kode": args.kode, "nama": args.nama, "pemda": args.pemda}
    labels = {"kode": "Kode OPD (mis. DINKES-XYZ)", "nama": "Nama perangkat daerah",
              "pemda": "Pemerintah daerah (mis. Kabupaten ...)"}
    if interactive:
        folder = folder or _ask("Folder kantor baru")
        for key, val in values.items():
            values[key] = val or _ask(labels[key])
    units = [_unit_arg(u) for u in (args.unit or [])]
    if interactive and not units:
        print("Unit kerja: satu per baris sebagai KODE=Nama (baris kosong untuk selesai).")
        while line := _ask("Unit"):
            units.append(_unit_arg(line))
    missing = [f"--{k}" for k, v in (("folder", folder), *values.items()) if not v]
    if not units:
        missing.append("--unit (sekurang-kurangnya satu)")
    if missing:
        raise UserError("Untuk membuat kantor baru, isi: " + ", ".join(missing) + ". Contoh: "
                        "kinerja kantor baru --folder ../dinas-baru --kode DINAS-X --nama "
                        "\"Dinas X\" --pemda \"Kabupaten Y\" --unit \"SEKRE=Sekretariat\" "
                        "--unit \"BID-A=Bidang A\"")
    pejabat = tuple(_pejabat_arg(k, v) for k, v in (("kepala_dinas", args.kepala_dinas),
                                                     ("sekretaris", args.sekretaris)) if v)
    libur = []
    for t in args.libur or []:
        try:
            libur.append(parse_tanggal(t))
        except ValueError as exc:
            raise UserError(f"--libur '{t}': {exc}") from exc
    new = Settings(kode_opd=values["kode"], nama_opd=values["nama"], nama_pemda=values["pemda"],
                   provinsi=args.provinsi or "", alamat=args.alamat or "",
                   hari_batas_laporan=args.hari_batas_laporan or 5,
                   libur=tuple(sorted(d for d in libur if d)), units=tuple(units),
                   pejabat=pejabat)
    root = Path(folder).expanduser()
    logo = Path(args.logo).expanduser() if args.logo else None
    if logo is not None and not logo.is_absolute():
        logo = Path.cwd() / logo
    created = create_office(root, new, logo)
    target = created[-1]
    print(f"Kantor baru {aman(new.nama_opd)} {aman(new.nama_pemda)} ({aman(new.kode_opd)}) "
          f"dibuat di {aman(root.resolve())}:")
    for p in created:
        print(f"  - {aman(p)}")
    print(f"Unit ({len(units)}): {aman(new.organisasi.pilihan())}")
    if not pejabat:
        print("Pejabat penanda tangan belum diisi: tambahkan [pejabat.kepala_dinas] dan "
              f"[pejabat.sekretaris] (nama, nip) di {target}.")
    print("Langkah berikutnya:")
    print(f"  1. kinerja --folder {root} templat --tahun TAHUN  (templat Perjanjian Kinerja)")
    print(f"  2. isi Perjanjian Kinerja, simpan di {root / 'data' / 'raw' / 'TAHUN'}, lalu "
          "jalankan perintah templat lagi untuk templat bulanan unit.")
    return 0



def disposisi(args, paths: Paths, settings: Settings) -> int:
    """``kinerja disposisi --tahun T --langkah {1,2,6,7} (--triwulan N | --semester N |
    --tahunan) [--tanpa-pdf]``: the lembar disposisi of an SOP step, HTML and A4 PDF in
    ``reports/<tahun>/<periode>/disposisi_langkah<N>.{html,pdf}``, built from what
    ``kinerja validasi`` wrote (see ``reports.disposisi_cetak.make_disposisi``).
    """
    periode = Periode.from_kode(int(args.tahun), periode_kodes_from_args(args)[0])
    langkah = int(args.langkah)
    lembar_disposisi.check_langkah(langkah, periode)
    out_dir = paths.report_dir(periode.tahun, periode.kode)
    if paths.processed_year(periode.tahun).exists():  # else make_disposisi explains
        check_complete(paths, periode.tahun)
    try:
        hasil = cetak_disposisi.make_disposisi(paths, settings, langkah, periode,
                                               pdf=not getattr(args, "tanpa_pdf", False))
    except (BrowserNotFound, PdfError):
        print(f"Lembar disposisi (HTML) ditulis: {out_dir / lembar_disposisi.filename(langkah)}")
        raise
    d = hasil.disposisi
    print(f"Lembar disposisi langkah {langkah}, {periode.label}: {aman(d.perihal)}")
    print("Kepada: " + "; ".join(aman(t.nama) for t in d.kepada))
    for f in hasil.berkas:
        print(f"  {aman(f)}")
    if hasil.logo_hilang is not None:
        print(f"Peringatan: logo {aman(hasil.logo_hilang)}: "
              f"{aman(hasil.logo_catatan) or 'tidak dapat dibaca.'} Kop dicetak tanpa logo.")
    return 0
