"""Reading and writing ``data/pengaturan.toml`` (the one settings object lives in
``domain.settings``)."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import tomli_w

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.settings import Settings, validate


def load_settings(path: Path | None) -> Settings:
    """Load settings from a TOML file; a missing file gives the defaults.

    Unknown keys are kept in ``extra`` (not an error) so newer files work with older code.
    """
    if path is None or not Path(path).exists():
        return Settings()
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak dapat dibaca: {exc}") from exc
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    kwargs, extra = {}, {}
    for key, value in raw.items():
        if key in known:
            want = type(getattr(Settings(), key))
            if want is float and isinstance(value, int):
                value = float(value)
            if not isinstance(value, want):
                raise SettingsError(
                    f"Berkas pengaturan {path}: nilai '{key}' harus bertipe {want.__name__}."
                )
            kwargs[key] = value
        else:
            extra[key] = value
    return validate(Settings(**kwargs, extra=extra))


def settings_toml(s: Settings) -> str:
    """Render settings as a commented TOML file (used to write the default file).

    The values are written by ``tomli_w``, so any text (quotes, a Windows path with
    backslashes, non-ASCII office names) reads back exactly with :func:`load_settings`.
    """
    header = "# Pengaturan kinerja. Hapus baris untuk memakai nilai bawaan.\n\n"
    return header + tomli_w.dumps(s.to_dict())
