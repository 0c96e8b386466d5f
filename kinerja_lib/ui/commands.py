"""Every ``kinerja`` subcommand: check the arguments, call the library, print Indonesian text.

One function per subcommand, ``name(args, paths, settings) -> int`` (exit status). Expected
failures are raised as :class:`~kinerja_lib.domain.errors.UserError`; ``ui.cli`` prints them.
Nothing outside this package imports it.
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import (
    MissingDataError,
    PeriodError,
    ReviewError,
    RunnerError,
    UserError,
)
from kinerja_lib.domain.numbers import format_number, format_tanggal, format_waktu, parse_tanggal
from kinerja_lib.domain.periods import Periode, all_periods, due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import recap, tracker
from kinerja_lib.io.fingerprint import data_fingerprint
from kinerja_lib.io.ingest import problem_lines, read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.review import (
    Decision,
    Status,
    decisions_file,
    load_decisions,
    record_decision,
    report_status,
)
from kinerja_lib.io.sample import PLANTED_LATE_DAYS, write_sample
from kinerja_lib.io.settings_file import settings_toml
from kinerja_lib.io.store import save_year
from kinerja_lib.io.templates import write_templates
from kinerja_lib.run.runner import RunResult, run


def _fmt_int(n: int) -> str:
    return format_number(n, 0)


def validasi(args, paths: Paths, settings: Settings) -> int:
    """``kinerja validasi --tahun T [--sampai-bulan N] [--tanggal-acuan dd/mm/yyyy]``.

    Reads and validates the year, saves the Parquet tables, writes the Excel recap, the
    submission status and one request sheet per unit, and prints an Indonesian summary.
    Returns 1 when any error-level problem exists, else 0.
    """
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
        acuan = due_date(tahun, sampai, settings.hari_batas_laporan)

    result = read_year(paths, tahun, settings)
    data = result.data
    out = save_year(data, paths)
    status = tracker.submission_status(data.pk, data.pengiriman, tahun, sampai, settings,
                                       acuan, anggaran=data.anggaran)
    tracker.save_status(status, paths, tahun)
    ketepatan = tracker.on_time_rate(status)
    rekap_path = out / f"rekap_{tahun}.xlsx"
    recap.write_recap(data, rekap_path, status=status, ketepatan=ketepatan)
    permintaan = tracker.write_request_sheets(paths, tahun, status, data.kualitas,
                                              data.pengiriman, acuan, settings)

    n_monthly = result.files_read - 1
    print(f"Validasi data kinerja tahun {tahun} ({settings.nama_opd})")
    print(f"Berkas dibaca      : {_fmt_int(result.files_read)} (1 Perjanjian Kinerja, "
          f"{_fmt_int(n_monthly)} laporan bulanan; {_fmt_int(len(data.pengiriman))} "
          "laporan bulanan diterima)")
    print(f"Baris dibaca       : {_fmt_int(result.rows_read)}")
    print(f"Baris diterima     : {_fmt_int(result.rows_accepted)}")
    print(f"Baris dikarantina  : {_fmt_int(result.rows_quarantined)}")
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
    print(f"  Tabel olahan (Parquet) : {out}")
    print(f"  Rekap Excel            : {rekap_path}")
    print(f"  Lembar permintaan unit : {permintaan[0].parent if permintaan else '-'}")
    if result.errors:
        print(f"\nAda {_fmt_int(result.errors)} galat: baris bermasalah dikarantina dan tidak "
              "ikut dihitung. Perbaiki berkasnya lalu jalankan validasi lagi.")
        return 1
    print("\nTidak ada galat.")
    return 0



def templat(args, paths, settings: Settings) -> int:
    """``kinerja templat --tahun T [--bulan ...] [--unit ...] [--keluaran DIR]``."""
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
    try:
        man = write_sample(paths, years, getattr(args, "benih", 20240101),
                           overwrite=getattr(args, "timpa", False), settings=settings)
    except FileExistsError as exc:
        raise UserError(str(exc)) from exc
    print(f"Data contoh ditulis ke {paths.raw}:")
    for y in man.years:
        n = len(man.monthly_files[y])
        print(f"  {y}: {man.pk_files[y].name} dan {n} laporan progres bulanan")
    if not paths.settings_file.exists():
        paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file.write_text(settings_toml(Settings()), encoding="utf-8")
        print(f"Pengaturan bawaan ditulis ke {paths.settings_file}")
    if man.defect_year is not None:
        print(f"Cacat data yang sengaja ditanam pada tahun {man.defect_year} "
              "(untuk mencoba pemeriksaan):")
        for d in man.defects:
            desc = c.ATURAN[d["aturan"]][1]
            print(f"  - {d['file']}, lembar {d['sheet']}, sel {d['sel']}: {d['aturan']} "
                  f"({desc})")
        for tahun, bulan, unit in man.late:
            batas = due_date(tahun, bulan, settings.hari_batas_laporan)
            kirim = batas + _dt.timedelta(days=PLANTED_LATE_DAYS)
            print(f"  - terlambat: {c.nama_unit(unit)}, {nama_bulan(bulan)} {tahun} "
                  f"(dikirim {format_tanggal(kirim)}, batas {format_tanggal(batas)})")
        for tahun, bulan, unit in man.missing:
            print(f"  - belum ada: {c.nama_unit(unit)}, {nama_bulan(bulan)} {tahun} "
                  "(berkas sengaja tidak dibuat)")
    print("Langkah berikutnya: kinerja validasi --tahun " + str(man.years[-1]))
    return 0



def _format_history(decisions: list[Decision]) -> list[str]:
    lines = []
    for d in decisions:
        verdict = "DISETUJUI" if d.disetujui else "DIKEMBALIKAN"
        lines.append(f"  {d.nomor}. {format_tanggal(d.tanggal)} - {d.nama} ({d.jabatan}): "
                     f"{verdict} [data {d.fingerprint or '-'}]")
        lines += [f"       - {note}" for note in d.catatan]
    return lines


def _status_lines(status: Status) -> list[str]:
    lines = [f"Status laporan: {status.label}", f"  {status.alasan}"]
    if status.koreksi:
        lines.append("  Koreksi yang diminta:")
        lines += [f"   - {note}" for note in status.koreksi]
    return lines


def tinjau(args, paths: Paths, settings) -> int:
    """``kinerja tinjau``: record a review decision, or show the history (``--lihat``).

    The decision date must be given (``--tanggal dd/mm/yyyy``) and may not lie in the future
    (the one place here that reads the clock); the fingerprint of the data reviewed is computed
    from the current processed data of the year.
    """
    try:
        periode = Periode.from_kode(int(args.tahun), str(args.periode))
    except PeriodError as exc:
        raise UserError(str(exc)) from exc
    try:
        fingerprint = data_fingerprint(paths, periode.tahun)
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

    missing = [opt for opt, val in (("--nama", args.nama), ("--jabatan", args.jabatan),
                                    ("--keputusan", args.keputusan), ("--tanggal", args.tanggal))
               if not val or not str(val).strip()]
    if missing:
        raise UserError(
            "Untuk mencatat keputusan, isi juga: " + ", ".join(missing)
            + ". Contoh: kinerja tinjau --tahun 2024 --periode tw2 --nama \"Nama Peninjau\" "
            "--jabatan \"Kepala Bidang\" --keputusan ya --tanggal 15/07/2024"
        )
    try:
        tanggal = parse_tanggal(args.tanggal)
    except ValueError as exc:
        raise UserError(f"--tanggal: {exc}") from exc
    if fingerprint is None:
        raise UserError(
            f"Data tahun {periode.tahun} belum diolah, jadi laporan yang ditinjau belum ada. "
            f"Jalankan dahulu: kinerja validasi --tahun {periode.tahun}"
        )
    try:
        d = record_decision(paths, periode.tahun, periode.kode, args.nama, args.jabatan,
                            args.keputusan, list(args.catatan or []), tanggal, fingerprint,
                            hari_ini=_dt.date.today())
    except ReviewError as exc:
        raise UserError(str(exc)) from exc
    verdict = "DISETUJUI" if d.disetujui else "DIKEMBALIKAN untuk diperbaiki"
    print(f"Keputusan tercatat ({f}):")
    print(f"  Laporan {periode.label}: {verdict} oleh {d.nama} ({d.jabatan}) pada "
          f"{format_tanggal(d.tanggal)}; sidik data {d.fingerprint}.")
    for note in d.catatan:
        print(f"   - {note}")
    print("\n".join(_status_lines(report_status(decisions + [d], fingerprint))))
    report_dir = paths.report_dir(periode.tahun, periode.kode)
    if not any(report_dir.glob("*.html")):
        print(f"Peringatan: laporan {periode.label} belum dibuat di {report_dir}.")
    print("Jalankan ulang `kinerja jalankan` untuk periode ini agar tanda status pada laporan "
          "diperbarui.")
    return 0



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

    This is the one place the clock is read: the run time shown in the reports.
    """

    generated_at = _dt.datetime.now().replace(microsecond=0)  # the run's timestamp

    # papermill/nbclient log kernel trouble themselves; our summary reports it in Indonesian.
    for name in ("papermill", "nbclient", "traitlets"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    try:
        result = run(paths, settings, args.tahun, periode_kodes_from_args(args),
                     parallel=args.paralel, pdf=not args.tanpa_pdf, generated_at=generated_at)
    except RunnerError as exc:
        raise UserError(str(exc)) from exc
    print(format_summary(result, paths, generated_at))
    return 0 if result.ok else 1
