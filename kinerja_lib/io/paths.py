"""Every path the project uses, derived from one root.

The root is, in order: an explicit argument, the ``KINERJA_HOME`` environment variable, or the
folder that holds the ``kinerja_lib`` package (the repository checkout). Nothing is derived from
the current working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the kinerja_lib folder


def default_root() -> Path:
    """Return the project root: ``$KINERJA_HOME`` or the checkout holding the package."""
    env = os.environ.get("KINERJA_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return PACKAGE_ROOT.parent


@dataclass(frozen=True)
class Paths:
    """Folders and files of one project tree.

    Parameters
    ----------
    root : Path
        The project root; see :func:`default_root`.
    """

    root: Path

    @classmethod
    def default(cls, root: str | os.PathLike | None = None) -> Paths:
        return cls(Path(root).resolve() if root is not None else default_root())

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        """Submitted workbooks; read-only for the software."""
        return self.data / "raw"

    @property
    def processed(self) -> Path:
        """Generated tables (Parquet, Excel recap); git-ignored."""
        return self.data / "processed"

    @property
    def reviews(self) -> Path:
        """Recorded review decisions (user data, kept in git by the office)."""
        return self.data / "tinjauan"

    @property
    def settings_file(self) -> Path:
        return self.data / "pengaturan.toml"

    @property
    def profil(self) -> Path:
        """``data/profil/``: the office's Renstra and isu strategis (``io/profil.py``)."""
        return self.data / "profil"

    @property
    def renstra_file(self) -> Path:
        return self.profil / "renstra.toml"

    @property
    def isu_strategis_file(self) -> Path:
        return self.profil / "isu_strategis.md"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        """Phase notebooks ship with the code, so they come from the checkout even when the
        data root is elsewhere (tests, a second office)."""
        return PACKAGE_ROOT.parent / "notebooks"

    @property
    def templates_out(self) -> Path:
        """Where ``kinerja templat`` writes the fill-in workbooks for units."""
        return self.root / "reports" / "templat"

    def raw_year(self, tahun: int) -> Path:
        return self.raw / str(tahun)

    def pk_workbook(self, tahun: int) -> Path:
        """The Perjanjian Kinerja + Rencana Aksi + Anggaran workbook of one year."""
        return self.raw_year(tahun) / f"perjanjian_kinerja_{tahun}.xlsx"

    def monthly_dir(self, tahun: int) -> Path:
        """Monthly progress workbooks of one year (one per unit per month)."""
        return self.raw_year(tahun) / "bulanan"

    def processed_year(self, tahun: int) -> Path:
        return self.processed / str(tahun)

    def report_dir(self, tahun: int, periode: str) -> Path:
        """``reports/<tahun>/<periode>/`` where periode is e.g. ``tw2``, ``s1``, ``tahunan``."""
        return self.reports / str(tahun) / periode

    def notebook_dir(self, tahun: int, periode: str) -> Path:
        """``reports/<tahun>/notebook/<periode>/``: the executed notebooks of a period (kept
        for audit, outside the period folder that is shared)."""
        return self.reports / str(tahun) / "notebook" / periode
