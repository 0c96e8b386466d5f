"""The unit tree of one office: ``Unit``, the lookup value object ``Organisasi`` and
``UnitMatch``.

Units are data, not code: every office declares its own as ``[[unit]]`` tables in its
``data/pengaturan.toml`` (read by ``io.settings_file`` into ``Settings.units``); the sample
office's units live in ``io.sample_catalogue``. Typed unit text (code, official name or alias,
in any case or spacing) is resolved here; an alias shared by several units is never resolved
silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kinerja_lib.domain.contract import _norm


@dataclass(frozen=True)
class Unit:
    """An organisational unit that reports (bidang, seksi, subbag).

    Units are data of one office: they are declared as ``[[unit]]`` tables in the project's
    ``data/pengaturan.toml`` and reach the code through ``Settings.organisasi``.

    Attributes
    ----------
    kode : str
        Short code used in file names and tables (``PUS-LAY``).
    nama : str
        Official name shown in reports.
    induk : str or None
        Code of the parent unit (a seksi under its bidang), None for a top-level unit.
    alias : tuple of str
        Other spellings accepted in workbooks (with a ``unit_alias`` warning).
    jabatan_kepala : str
        Position of the unit's head (``Kepala Bidang Perpustakaan``), for signatures.
    """

    kode: str
    nama: str
    induk: str | None = None
    alias: tuple[str, ...] = ()
    jabatan_kepala: str = ""


@dataclass(frozen=True)
class UnitMatch:
    """What a typed unit text resolves to (:meth:`Organisasi.cari`).

    Attributes
    ----------
    kode : str or None
        The unit code, None when the text names no unit or more than one.
    exact : bool
        True when written as the code or the official name (not an alias).
    ambigu : bool
        True when the text is an alias of more than one unit (never resolved).
    kandidat : tuple of str
        Codes the text could mean: the units sharing an ambiguous alias, or, for an unknown
        text, the units whose name or alias contains all its words (for the message).
    """

    kode: str | None
    exact: bool = False
    ambigu: bool = False
    kandidat: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisasi:
    """The unit tree of one office: lookup by code, name or alias, in declaration order.

    An alias shared by several units is ambiguous: :meth:`resolve_unit` returns None for it
    and :meth:`cari` lists the candidates, so a cell is never attributed silently.
    """

    units: tuple[Unit, ...] = ()
    _index: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        idx: dict[str, list[str]] = {}
        for u in self.units:
            for name in (u.kode, u.nama, *u.alias):
                kodes = idx.setdefault(_norm(name), [])
                if u.kode not in kodes:
                    kodes.append(u.kode)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in idx.items() if k})

    @property
    def kodes(self) -> tuple[str, ...]:
        return tuple(u.kode for u in self.units)

    @property
    def urutan(self) -> dict[str, int]:
        """Unit code -> position in the declared order (for sorting tables)."""
        return {u.kode: i for i, u in enumerate(self.units)}

    def unit(self, kode) -> Unit | None:
        for u in self.units:
            if u.kode == kode:
                return u
        return None

    def nama_unit(self, kode) -> str:
        """Official name of a unit code; the code itself when it is not a unit of the office."""
        u = self.unit(kode)
        return u.nama if u is not None else ("" if kode is None else str(kode))

    def cari(self, text) -> UnitMatch:
        """Resolve a typed code, official name or alias (any case, spacing, punctuation)."""
        key = _norm(text) if text is not None else ""
        if not key:
            return UnitMatch(None)
        hit = self._index.get(key, ())
        if len(hit) == 1:
            u = self.unit(hit[0])
            return UnitMatch(u.kode, key in (_norm(u.kode), _norm(u.nama)))
        if len(hit) > 1:
            return UnitMatch(None, ambigu=True, kandidat=hit)
        words = set(key.split())
        near = tuple(u.kode for u in self.units
                     if any(words <= set(_norm(n).split()) for n in (u.nama, *u.alias)))
        return UnitMatch(None, kandidat=near)

    def resolve_unit(self, text) -> str | None:
        """The unit code a text names, or None (unknown or ambiguous)."""
        return self.cari(text).kode

    def pilihan(self, kodes=None) -> str:
        """Units as listed in messages: ``KODE (Nama), ...``."""
        units = [u for u in self.units if kodes is None or u.kode in kodes]
        if not units:
            return "(belum ada unit)"
        return ", ".join(f"{u.kode} ({u.nama})" for u in units)

    def masalah(self) -> list[str]:
        """Problems of the declared tree (Indonesian), empty when it is consistent."""
        out = []
        seen: dict[str, str] = {}
        kodes = [u.kode for u in self.units]
        for i, u in enumerate(self.units, start=1):
            where = f"unit ke-{i} ({u.kode or 'tanpa kode'})"
            if not u.kode.strip() or not _KODE_UNIT.fullmatch(u.kode):
                out.append(f"{where}: kode unit harus huruf besar, angka, '-' atau '.' "
                           "(tanpa spasi atau '_'), mis. BID-A.")
            if kodes.count(u.kode) > 1 and u.kode not in seen:
                out.append(f"kode unit '{u.kode}' dipakai lebih dari sekali.")
            seen.setdefault(u.kode, u.kode)
            if not u.nama.strip():
                out.append(f"{where}: nama unit kosong.")
            if u.induk is not None and u.induk not in kodes:
                out.append(f"{where}: induk '{u.induk}' bukan kode unit yang didefinisikan "
                           f"(pilihan: {', '.join(kodes)}).")
            if u.induk == u.kode:
                out.append(f"{where}: unit tidak boleh menjadi induk dirinya sendiri.")
        for u in self.units:
            for a in u.alias:
                for v in self.units:
                    if v.kode != u.kode and _norm(a) in (_norm(v.kode), _norm(v.nama)):
                        out.append(f"alias '{a}' pada unit {u.kode} sama dengan kode/nama unit "
                                   f"{v.kode}; hapus alias itu.")
        out += self._cycles(kodes)
        return out

    def _cycles(self, kodes) -> list[str]:
        parent = {u.kode: u.induk for u in self.units}
        out = []
        for k in kodes:
            seen, cur = set(), k
            while cur is not None and cur in parent:
                if cur in seen:
                    out.append(f"induk unit {k} berputar (melingkar); periksa kunci 'induk'.")
                    break
                seen.add(cur)
                cur = parent[cur]
        return list(dict.fromkeys(out))


_KODE_UNIT = re.compile(r"[A-Z0-9][A-Z0-9.\-]*")
"""A unit code: it is part of monthly file names ``<UNIT>_<tahun>-<MM>.xlsx``."""
