"""Review decisions on reports (SOP steps 7-9) and the report status they imply.

Each report period has one decisions file, ``data/tinjauan/<tahun>-<periode>.toml``, kept as
user data (the office may keep it in git). It is human-readable TOML and append-only: every
``kinerja tinjau`` adds one ``[[keputusan]]`` block at the end and never rewrites earlier
ones. A decision records who reviewed (nama, jabatan), when (tanggal, given explicitly: the
library never reads the clock), the decision (``ya`` = approved, ``tidak`` = returned with
corrections), the corrections, and the period fingerprint (*sidik data*, ``domain.fingerprint``) printed in the
report that was reviewed. A decision can be withdrawn (:func:`withdraw_decision`) by a later
block with ``keputusan = "tarik"`` and ``tarik = <nomor>``; nothing is ever rewritten.

Appends are serialised by an exclusive lock on a companion file
(``data/tinjauan/.<tahun>-<periode>.toml.lock``: ``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows), and the decision number is taken inside the lock, so two ``kinerja tinjau`` at
once both keep their decision with distinct numbers.

The status of a report (:func:`report_status`) is derived from the latest decision still in
force and the current period fingerprint, so an approval does not survive a change of the
period's data (later months' data do not change it).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import tomli_w

from kinerja_lib.domain.errors import PeriodError, ReviewError
from kinerja_lib.domain.numbers import format_tanggal, parse_tanggal
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io.filelock import exclusive_lock
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.store import atomic_write_text

#: Reviewer positions allowed by the SOP (Kepala Bidang approves quarterly/semester reports,
#: Sekretaris the annual report; Kepala Dinas signs).
JABATAN = ("Kepala Bidang", "Sekretaris", "Kepala Dinas")

#: Who may approve (``ya``) each kind of report. SOP Pengumpulan Data Kinerja: step 7 the
#: Kepala Bidang decides Ya/Tidak on the quarterly-based semester work; step 9 the Sekretaris
#: approves the annual report. A higher position may always approve; anyone listed in
#: :data:`JABATAN` may return (``tidak``) a report with corrections.
PENYETUJU = {
    "triwulan": ("Kepala Bidang", "Sekretaris", "Kepala Dinas"),
    "semester": ("Kepala Bidang", "Sekretaris", "Kepala Dinas"),
    "tahunan": ("Sekretaris", "Kepala Dinas"),
}

#: Decision codes: ``ya`` = disetujui, ``tidak`` = dikembalikan.
KEPUTUSAN = ("ya", "tidak")

#: Code of an entry withdrawing an earlier decision (its number in ``tarik``).
TARIK = "tarik"

DRAFT, DIKEMBALIKAN, DISETUJUI = "DRAFT", "DIKEMBALIKAN", "DISETUJUI"

_STATUS_LABEL = {
    DRAFT: "DRAFT",
    DIKEMBALIKAN: "DIKEMBALIKAN UNTUK DIPERBAIKI",
    DISETUJUI: "DISETUJUI",
}


@dataclass(frozen=True)
class Decision:
    """One recorded review decision.

    Attributes
    ----------
    tahun, periode : int, str
        Report year and period code (``tw2``, ``s1``, ``tahunan``).
    nomor : int
        Position in the file (1 = first recorded).
    nama, jabatan : str
        Reviewer and position (one of :data:`JABATAN`).
    tanggal : datetime.date
        Date of the decision.
    keputusan : str
        ``ya`` (approved), ``tidak`` (returned) or ``tarik`` (withdraws decision ``tarik``).
    catatan : tuple of str
        Corrections / notes (for a withdrawal: its reason).
    fingerprint : str
        Period fingerprint printed in the report reviewed (``domain.fingerprint``).
    tarik : int or None
        For a withdrawal entry: the number of the decision withdrawn; None otherwise.
    """

    tahun: int
    periode: str
    nomor: int
    nama: str
    jabatan: str
    tanggal: _dt.date
    keputusan: str
    catatan: tuple[str, ...] = ()
    fingerprint: str = ""
    tarik: int | None = None

    @property
    def disetujui(self) -> bool:
        return self.keputusan == "ya"

    @property
    def penarikan(self) -> bool:
        """True for an entry withdrawing an earlier decision."""
        return self.keputusan == TARIK


@dataclass(frozen=True)
class Status:
    """Status mark of a report.

    Attributes
    ----------
    kode : str
        ``DRAFT``, ``DIKEMBALIKAN`` or ``DISETUJUI``.
    label : str
        Text for the banner (``DRAFT``, ``DIKEMBALIKAN UNTUK DIPERBAIKI``, ``DISETUJUI``).
    alasan : str
        Indonesian sentence explaining the status.
    koreksi : list of str
        Corrections asked for by the latest return (also kept on a DRAFT that follows a
        return, so the reader sees what was to be fixed).
    keputusan : Decision or None
        The decision the status rests on.
    """

    kode: str
    label: str
    alasan: str
    koreksi: list[str] = field(default_factory=list)
    keputusan: Decision | None = None


def decisions_file(paths: Paths, tahun: int, periode_kode: str) -> Path:
    """``data/tinjauan/<tahun>-<periode>.toml``."""
    return paths.reviews / f"{int(tahun)}-{periode_kode}.toml"


# --------------------------------------------------------------------------- TOML writing


def _header(tahun: int, periode: Periode) -> str:
    """Opening comment and the file's ``tahun``/``periode`` keys (TOML written by tomli_w)."""
    return (
        f"# Keputusan tinjauan laporan kinerja {periode.label}.\n"
        "# Dicatat dengan perintah `kinerja tinjau`. Berkas ini hanya ditambah: keputusan\n"
        "# terakhir (menurut tanggal) menentukan status laporan; keputusan yang ditarik\n"
        "# (blok keputusan = \"tarik\", tarik = <nomor>) tidak berlaku lagi.\n"
        + tomli_w.dumps({"tahun": int(tahun), "periode": periode.kode})
    )


def _block(d: Decision) -> str:
    """One ``[[keputusan]]`` block to append, after a blank line (TOML written by tomli_w,
    which escapes quotes, backslashes and control characters)."""
    item = {
        "nomor": d.nomor,
        "nama": d.nama,
        "jabatan": d.jabatan,
        "tanggal": d.tanggal,
        "keputusan": d.keputusan,
        "catatan": list(d.catatan),
        "fingerprint": d.fingerprint,
    }
    if d.tarik is not None:
        item["tarik"] = int(d.tarik)
    return "\n" + tomli_w.dumps({"keputusan": [item]})


# --------------------------------------------------------------------------- reading


def _periode(tahun: int, periode_kode: str) -> Periode:
    try:
        return Periode.from_kode(int(tahun), str(periode_kode))
    except PeriodError as exc:
        raise ReviewError(str(exc)) from exc


def load_decisions(paths: Paths, tahun: int, periode_kode: str) -> list[Decision]:
    """Read the decisions recorded for one report, in file order.

    Returns an empty list when nothing was recorded yet. Raises :class:`ReviewError` naming
    the file when it cannot be read.
    """
    f = decisions_file(paths, tahun, periode_kode)
    if not f.exists():
        return []
    try:
        with open(f, "rb") as fh:
            raw = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReviewError(f"Berkas tinjauan {f} tidak dapat dibaca: {exc}") from exc
    items = raw.get("keputusan", [])
    if not isinstance(items, list):
        raise ReviewError(f"Berkas tinjauan {f}: 'keputusan' harus berupa daftar [[keputusan]].")
    out = []
    for i, item in enumerate(items, start=1):
        where = f"Berkas tinjauan {f}, keputusan ke-{i}"
        try:
            tanggal = item["tanggal"]
            if isinstance(tanggal, _dt.datetime):
                tanggal = tanggal.date()
            elif not isinstance(tanggal, _dt.date):
                tanggal = parse_tanggal(tanggal)
            keputusan = str(item["keputusan"]).strip().lower()
            catatan = item.get("catatan", [])
            if isinstance(catatan, str):
                catatan = [catatan]
            d = Decision(
                tahun=int(raw.get("tahun", tahun)),
                periode=str(raw.get("periode", periode_kode)),
                nomor=int(item.get("nomor", i)),
                nama=str(item["nama"]),
                jabatan=str(item["jabatan"]),
                tanggal=tanggal,
                keputusan=keputusan,
                catatan=tuple(str(c) for c in catatan),
                fingerprint=str(item.get("fingerprint", "")),
                tarik=int(item["tarik"]) if keputusan == TARIK else None,
            )
        except KeyError as exc:
            raise ReviewError(f"{where}: isian '{exc.args[0]}' tidak ada.") from exc
        except (TypeError, ValueError) as exc:
            raise ReviewError(f"{where}: {exc}") from exc
        if d.keputusan not in (*KEPUTUSAN, TARIK):
            raise ReviewError(f"{where}: keputusan harus 'ya', 'tidak' atau 'tarik', bukan "
                              f"'{d.keputusan}'.")
        out.append(d)
    return out


def withdrawals(decisions: list[Decision]) -> dict[int, Decision]:
    """Withdrawn decision number -> the (first) entry withdrawing it."""
    out: dict[int, Decision] = {}
    for d in decisions:
        if d.penarikan and d.tarik is not None:
            out.setdefault(int(d.tarik), d)
    return out


def in_force(decisions: list[Decision]) -> list[Decision]:
    """The decisions (``ya``/``tidak``) that have not been withdrawn, in the given order
    (the list may hold several reports' decisions: numbers count per report)."""
    gone = {(d.tahun, d.periode, d.tarik) for d in decisions if d.penarikan}
    return [d for d in decisions
            if not d.penarikan and (d.tahun, d.periode, d.nomor) not in gone]


# --------------------------------------------------------------------------- writing


def record_decision(
    paths: Paths,
    tahun: int,
    periode_kode: str,
    nama: str,
    jabatan: str,
    keputusan: str,
    catatan: list[str] | tuple[str, ...],
    tanggal: _dt.date,
    fingerprint: str,
    hari_ini: _dt.date | None = None,
) -> Decision:
    """Append one decision to the report's decisions file (created if needed).

    Parameters
    ----------
    paths : Paths
    tahun : int
    periode_kode : str
        ``tw1``..``tw4``, ``s1``, ``s2`` or ``tahunan``.
    nama : str
        Reviewer's name (required).
    jabatan : str
        One of :data:`JABATAN`.
    keputusan : str
        ``ya`` or ``tidak``; ``tidak`` requires at least one catatan.
    catatan : list of str
        Corrections or notes; blank entries are dropped.
    tanggal : datetime.date
        Date of the decision (explicit; never today's date by default).
    fingerprint : str
        Period fingerprint printed in the report reviewed (the caller checks it against the
        current data, see :func:`check_sidik`).
    hari_ini : datetime.date, optional
        Today's date, passed by the caller (the library never reads the clock); a decision
        dated after it is refused, since a mistyped future date would stay the latest decision
        and hide every later one.

    Returns
    -------
    Decision
        The recorded decision.

    Raises
    ------
    ReviewError
        Invalid input (Indonesian message); nothing is written then.
    """
    periode = _periode(tahun, periode_kode)
    nama = " ".join(str(nama or "").split())
    keputusan = str(keputusan or "").strip().lower()
    notes = tuple(" ".join(str(c).split()) for c in (catatan or ()) if str(c).strip())
    _check_decision(periode, nama, jabatan, keputusan, notes)
    tanggal = _check_tanggal(periode, tanggal, hari_ini)
    f = decisions_file(paths, periode.tahun, periode.kode)
    with locked(f):  # number taken and block appended under one exclusive lock
        existing = load_decisions(paths, periode.tahun, periode.kode)
        d = Decision(
            tahun=periode.tahun, periode=periode.kode, nomor=_next_nomor(existing),
            nama=nama, jabatan=jabatan, tanggal=tanggal, keputusan=keputusan, catatan=notes,
            fingerprint=str(fingerprint or ""),
        )
        _append(f, periode, d)
    return d


def withdraw_decision(
    paths: Paths,
    tahun: int,
    periode_kode: str,
    nomor: int,
    nama: str,
    jabatan: str,
    tanggal: _dt.date,
    catatan: list[str] | tuple[str, ...] = (),
    fingerprint: str = "",
    hari_ini: _dt.date | None = None,
) -> Decision:
    """Append an entry withdrawing decision ``nomor`` (nothing earlier is rewritten).

    A withdrawn decision no longer counts for :func:`report_status` or the correction log;
    the decision in force is again the latest one not withdrawn. An approval may only be
    withdrawn by a position allowed to approve the report (:data:`PENYETUJU`); a return by any
    position in :data:`JABATAN`. Parameters as in :func:`record_decision`, plus ``nomor``
    (the decision withdrawn; ``kinerja tinjau --lihat`` lists them); ``catatan`` is the
    reason (optional), ``fingerprint`` the current sidik kept for the record (optional), and
    ``tanggal`` may not precede the decision withdrawn.

    Returns the withdrawal entry (``keputusan == "tarik"``, ``tarik == nomor``). Raises
    :class:`ReviewError` (nothing written) for an unknown or already withdrawn decision, a
    withdrawal entry's number, or an invalid reviewer or date.
    """
    periode = _periode(tahun, periode_kode)
    nama = " ".join(str(nama or "").split())
    notes = tuple(" ".join(str(c).split()) for c in (catatan or ()) if str(c).strip())
    if not nama:
        raise ReviewError("Nama yang menarik keputusan wajib diisi.")
    if jabatan not in JABATAN:
        raise ReviewError(f"Jabatan '{jabatan}' tidak dikenal; pilih: {', '.join(JABATAN)}.")
    tanggal = _check_tanggal(periode, tanggal, hari_ini)
    f = decisions_file(paths, periode.tahun, periode.kode)
    with locked(f):
        existing = load_decisions(paths, periode.tahun, periode.kode)
        target = _withdrawable(existing, int(nomor), periode, f)
        if target.disetujui and jabatan not in PENYETUJU[periode.jenis]:
            raise ReviewError(
                f"{jabatan} tidak berwenang menarik persetujuan laporan {periode.label}; "
                f"penarikan oleh {' atau '.join(PENYETUJU[periode.jenis])}.")
        if tanggal < target.tanggal:
            raise ReviewError(
                f"Tanggal penarikan {format_tanggal(tanggal)} sebelum tanggal keputusan nomor "
                f"{target.nomor} ({format_tanggal(target.tanggal)}). Periksa --tanggal.")
        d = Decision(
            tahun=periode.tahun, periode=periode.kode, nomor=_next_nomor(existing), nama=nama,
            jabatan=jabatan, tanggal=tanggal, keputusan=TARIK, catatan=notes,
            fingerprint=str(fingerprint or ""), tarik=target.nomor,
        )
        _append(f, periode, d)
    return d


def _withdrawable(existing: list[Decision], nomor: int, periode: Periode, f: Path) -> Decision:
    """The decision numbered ``nomor`` if it can be withdrawn; ReviewError otherwise."""
    target = next((d for d in existing if d.nomor == nomor), None)
    if target is None:
        raise ReviewError(
            f"Keputusan nomor {nomor} tidak ada dalam tinjauan laporan {periode.label} ({f}). "
            f"Lihat nomornya dengan: kinerja tinjau --tahun {periode.tahun} "
            f"--periode {periode.kode} --lihat")
    if target.penarikan:
        raise ReviewError(f"Nomor {nomor} adalah catatan penarikan, bukan keputusan; "
                          "penarikan tidak dapat ditarik.")
    done = withdrawals(existing).get(nomor)
    if done is not None:
        raise ReviewError(f"Keputusan nomor {nomor} sudah ditarik oleh {_by(done)} "
                          f"(nomor {done.nomor}).")
    return target


def _next_nomor(existing: list[Decision]) -> int:
    return max([len(existing)] + [d.nomor for d in existing]) + 1


def check_sidik(periode: Periode, sidik: str, current: str) -> str:
    """The fingerprint typed by the reviewer (``--sidik``), checked against the current one.

    Returns the normalised fingerprint (lower case, no spaces). Raises :class:`ReviewError`
    when it is empty or differs from ``current``: the report reviewed is out of date.
    """
    typed = "".join(str(sidik or "").split()).lower()
    if not typed:
        raise ReviewError(
            "Isi --sidik dengan sidik data yang tercetak di judul laporan yang Anda tinjau "
            "(\"Sidik data\", 12 karakter), agar keputusan terikat pada laporan itu.")
    if typed != str(current).lower():
        raise ReviewError(
            f"laporan yang Anda tinjau sudah usang: sidik di laporan {typed}, data sekarang "
            f"{current}; jalankan ulang `{_jalankan_cmd(periode)}` dan tinjau laporan baru.")
    return typed


def _jalankan_cmd(periode: Periode) -> str:
    flag = {"triwulan": f"--triwulan {periode.nomor}", "semester": f"--semester {periode.nomor}",
            "tahunan": "--tahunan"}[periode.jenis]
    return f"kinerja jalankan --tahun {periode.tahun} {flag}"


def lock_file(f: Path) -> Path:
    """The companion lock file of a decisions file (``.<name>.lock``, kept; empty)."""
    return f.with_name(f".{f.name}.lock")


def locked(f: Path):
    """Context manager holding the exclusive lock of the decisions file ``f`` (on
    :func:`lock_file`, which is never replaced; the decisions file itself is replaced
    atomically on each append). Blocks until free."""
    return exclusive_lock(lock_file(f))


def _check_decision(periode: Periode, nama: str, jabatan: str, keputusan: str,
                    notes: tuple[str, ...]) -> None:
    """Reviewer, position, decision and notes of a decision (SOP rules); raise ReviewError."""
    if not nama:
        raise ReviewError("Nama peninjau wajib diisi.")
    if jabatan not in JABATAN:
        raise ReviewError(f"Jabatan '{jabatan}' tidak dikenal; pilih: {', '.join(JABATAN)}.")
    if keputusan not in KEPUTUSAN:
        raise ReviewError("Keputusan harus 'ya' (disetujui) atau 'tidak' (dikembalikan).")
    if keputusan == "ya" and jabatan not in PENYETUJU[periode.jenis]:
        raise ReviewError(
            f"{jabatan} tidak berwenang menyetujui laporan {periode.label}; persetujuan oleh "
            f"{' atau '.join(PENYETUJU[periode.jenis])} (SOP Pengumpulan Data Kinerja). "
            "Untuk mengembalikan laporan gunakan --keputusan tidak dengan --catatan."
        )
    if keputusan == "tidak" and not notes:
        raise ReviewError(
            "Keputusan 'tidak' (dikembalikan) wajib disertai minimal satu catatan koreksi."
        )


def _check_tanggal(periode: Periode, tanggal, hari_ini: _dt.date | None) -> _dt.date:
    """The decision date as a date: after the period ended, not after ``hari_ini``."""
    if isinstance(tanggal, _dt.datetime):
        tanggal = tanggal.date()
    if not isinstance(tanggal, _dt.date):
        raise ReviewError("Tanggal keputusan wajib diisi (dd/mm/yyyy).")
    if tanggal.year < periode.tahun:
        raise ReviewError(
            f"Tanggal keputusan {format_tanggal(tanggal)} sebelum tahun laporan {periode.tahun}."
        )
    akhir = _dt.date(periode.tahun, periode.last_month,
                     calendar.monthrange(periode.tahun, periode.last_month)[1])
    if tanggal < akhir:
        raise ReviewError(
            f"Tanggal keputusan {format_tanggal(tanggal)} sebelum {periode.label} berakhir "
            f"({format_tanggal(akhir)}); laporan periode ini baru dapat ditinjau sesudahnya. "
            "Periksa --tanggal (dd/mm/yyyy)."
        )
    if hari_ini is not None and tanggal > hari_ini:
        raise ReviewError(
            f"Tanggal keputusan {format_tanggal(tanggal)} lebih lambat dari hari ini "
            f"({format_tanggal(hari_ini)}). Periksa --tanggal (dd/mm/yyyy)."
        )
    return tanggal


def _append(f: Path, periode: Periode, d: Decision) -> None:
    """Append ``d``'s block to the decisions file (created with its header); earlier text is
    kept byte for byte. The new text is parsed before it is written."""
    text = f.read_text(encoding="utf-8") if f.exists() else _header(periode.tahun, periode)
    if not text.endswith("\n"):
        text += "\n"
    new_text = text + _block(d)
    try:  # never write a file we could not read back
        tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - tomli_w guards this
        raise ReviewError(f"Keputusan tidak dapat disimpan: {exc}") from exc
    atomic_write_text(f, new_text)


# --------------------------------------------------------------------------- status


def latest(decisions: list[Decision]) -> Decision | None:
    """The decision in force: among those not withdrawn (:func:`in_force`), the latest
    tanggal, ties broken by recording order."""
    decisions = in_force(decisions)
    if not decisions:
        return None
    order = sorted(range(len(decisions)), key=lambda i: (decisions[i].tanggal, i))
    return decisions[order[-1]]


def _by(d: Decision) -> str:
    return f"{d.nama} ({d.jabatan}) pada {format_tanggal(d.tanggal)}"


def report_status(decisions: list[Decision], current_fingerprint: str | None) -> Status:
    """Status of a report from its decisions and the fingerprint of the current data.

    Rules: no decision in force -> DRAFT; withdrawn decisions are ignored; the latest
    decision wins (see :func:`latest`). An approval stands only while the period's data is
    the data that was approved: a different period fingerprint makes the report a DRAFT
    again ("data berubah setelah disetujui pada ..."). A return (``tidak``) gives
    DIKEMBALIKAN with its corrections; once the data changed after the return, the report is
    a DRAFT awaiting a new review and still lists the corrections.
    """
    d = latest(decisions)
    if d is None:
        gone = withdrawals(decisions)
        if gone:
            w = max(gone.values(), key=lambda x: (x.tanggal, x.nomor))
            return Status(DRAFT, _STATUS_LABEL[DRAFT],
                          f"Keputusan nomor {w.tarik} ditarik oleh {_by(w)}; laporan belum "
                          "ditinjau ulang.")
        return Status(DRAFT, _STATUS_LABEL[DRAFT], "Laporan belum ditinjau.")
    same = bool(current_fingerprint) and d.fingerprint == current_fingerprint
    if d.disetujui:
        if same:
            return Status(DISETUJUI, _STATUS_LABEL[DISETUJUI], f"Disetujui oleh {_by(d)}.",
                          [], d)
        return Status(
            DRAFT, _STATUS_LABEL[DRAFT],
            f"Data berubah setelah disetujui pada {format_tanggal(d.tanggal)} "
            f"oleh {d.nama} ({d.jabatan}); perlu ditinjau ulang.",
            [], d,
        )
    if same:
        return Status(DIKEMBALIKAN, _STATUS_LABEL[DIKEMBALIKAN],
                      f"Dikembalikan oleh {_by(d)} untuk diperbaiki.", list(d.catatan), d)
    return Status(
        DRAFT, _STATUS_LABEL[DRAFT],
        f"Data telah diperbarui setelah dikembalikan pada {format_tanggal(d.tanggal)} "
        f"oleh {d.nama} ({d.jabatan}); menunggu tinjauan ulang.",
        list(d.catatan), d,
    )


_LOG_COLUMNS = ["tahun", "periode", "nomor", "tanggal", "nama", "jabatan", "keputusan",
                "catatan", "fingerprint"]


def correction_log(decisions: list[Decision]) -> pd.DataFrame:
    """One row per correction note (a decision without notes gives one row with an empty
    ``catatan``), ordered by period, date and recording order.

    Columns: ``tahun, periode, nomor, tanggal, nama, jabatan, keputusan, catatan,
    fingerprint``. ``keputusan`` is shown as ``disetujui``/``dikembalikan``. Withdrawn
    decisions and the withdrawal entries are left out.
    """
    rows = []
    for d in in_force(decisions):
        label = "disetujui" if d.disetujui else "dikembalikan"
        for note in d.catatan or ("",):
            rows.append([d.tahun, d.periode, d.nomor, d.tanggal, d.nama, d.jabatan, label,
                         note, d.fingerprint])
    df = pd.DataFrame(rows, columns=_LOG_COLUMNS)
    if df.empty:
        return df.astype({"tahun": "int64", "nomor": "int64"})
    order = {k: i for i, k in enumerate(["tw1", "tw2", "s1", "tw3", "tw4", "s2", "tahunan"])}
    df["_o"] = df["periode"].map(order).fillna(99)
    df = df.sort_values(["tahun", "_o", "tanggal", "nomor"], kind="stable")
    return df.drop(columns="_o").reset_index(drop=True)


def periods_feeding(periode: Periode) -> list[Periode]:
    """Periods whose reviews feed a report: the quarters inside it, the semesters of an
    annual report, then the period itself (SOP step 8: corrections of the quarterly reports
    are an input of the semester report)."""
    out = [Periode(periode.tahun, "triwulan", t) for t in periode.triwulan_list
           if periode.jenis != "triwulan"]
    if periode.jenis == "tahunan":
        out += [Periode(periode.tahun, "semester", 1), Periode(periode.tahun, "semester", 2)]
    return out + [periode]


def load_correction_log(paths: Paths, periode: Periode) -> pd.DataFrame:
    """Correction log of a report together with the reports feeding it
    (see :func:`periods_feeding`)."""
    decisions = []
    for p in periods_feeding(periode):
        decisions += load_decisions(paths, p.tahun, p.kode)
    return correction_log(decisions)


__all__ = [
    "JABATAN", "KEPUTUSAN", "TARIK", "DRAFT", "DIKEMBALIKAN", "DISETUJUI", "Decision",
    "Status", "ReviewError", "decisions_file", "load_decisions", "record_decision",
    "withdraw_decision", "withdrawals", "in_force", "check_sidik", "locked", "lock_file",
    "report_status", "latest", "correction_log", "load_correction_log", "periods_feeding",
]
