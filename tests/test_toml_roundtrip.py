"""TOML written by the product reads back exactly: the settings file and review decisions.

Both writers use ``tomli_w``; any text -- quotes, backslashes (a Windows browser path),
newlines, tabs, control characters, non-ASCII -- must survive write -> ``tomllib`` /
:func:`load_settings` / :func:`review.load_decisions` unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import review
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings, settings_toml

NASTY = [
    'Dinas "Perpustakaan" dan Kearsipan',
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    "baris satu\nbaris dua",
    "kolom\tdua",
    "Kab. Balangan — Kalimantan Selatan ✓ ñ 图书馆",
    "semua: \" \\ \n \t \r é \x00 \x7f ' ''' \"\"\" # [x] = y",
]

STRING_SETTINGS = [f.name for f in dataclasses.fields(Settings)
                   if isinstance(getattr(Settings(), f.name), str)]
# Fields whose value load_settings checks against a fixed list (or, for logo, against an image
# file in the project folder); the others take any text.
CHECKED_SETTINGS = {"skala_predikat", "metode_negatif_default", "logo"}
FREE_SETTINGS = [k for k in STRING_SETTINGS if k not in CHECKED_SETTINGS]

DECISION_STRINGS = [f.name for f in dataclasses.fields(review.Decision)
                    if f.type in ("str", "tuple[str, ...]")]

TW2 = Periode.from_kode(2024, "tw2")
AFTER_TW2 = dt.date(2024, 7, 15)


def test_the_string_fields_are_the_expected_ones():
    assert set(STRING_SETTINGS) >= {"kode_opd", "nama_opd", "nama_pemda", "browser"}
    assert set(DECISION_STRINGS) == {"periode", "nama", "jabatan", "keputusan", "catatan",
                                     "fingerprint"}


# --------------------------------------------------------------------------- settings


def _settings_roundtrip(field: str, text: str) -> None:
    s = Settings().with_(**{field: text})
    toml = settings_toml(s)
    assert toml.startswith("# Pengaturan kinerja.")
    assert tomllib.loads(toml) == s.to_dict()  # every setting, this one included
    if field in FREE_SETTINGS:
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "pengaturan.toml"
            f.write_text(toml, encoding="utf-8")
            assert getattr(load_settings(f), field) == text


@pytest.mark.parametrize("field", STRING_SETTINGS)
@pytest.mark.parametrize("text", NASTY)
def test_settings_string_roundtrip_examples(field, text):
    _settings_roundtrip(field, text)


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(STRING_SETTINGS), text=st.text())
def test_settings_string_roundtrip_any_text(field, text):
    _settings_roundtrip(field, text)


def test_settings_all_strings_at_once(tmp_path):
    s = Settings().with_(**{k: f"{k}: {NASTY[-1]}" for k in FREE_SETTINGS})
    f = tmp_path / "pengaturan.toml"
    f.write_text(settings_toml(s), encoding="utf-8")
    assert load_settings(f) == s


# --------------------------------------------------------------------------- review decisions


def _decision(text: str, nomor: int = 1, keputusan: str = "tidak") -> review.Decision:
    return review.Decision(
        tahun=2024, periode="tw2", nomor=nomor, nama=f"nama {text}", jabatan=f"jabatan {text}",
        tanggal=AFTER_TW2, keputusan=keputusan, catatan=(f"satu {text}", text, ""),
        fingerprint=text,
    )


def _block_roundtrip(text: str) -> None:
    """The written block parses back to exactly the decision's fields (every string field,
    keputusan and periode included), and a file of blocks loads back as the decisions."""
    d = _decision(text)
    raw = tomllib.loads(review._block(dataclasses.replace(d, keputusan=text)))["keputusan"]
    assert raw == [{"nomor": 1, "nama": d.nama, "jabatan": d.jabatan, "tanggal": AFTER_TW2,
                    "keputusan": text, "catatan": list(d.catatan), "fingerprint": text}]
    assert tomllib.loads(review._header(2024, TW2))["periode"] == "tw2"
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp))
        f = review.decisions_file(paths, 2024, "tw2")
        f.parent.mkdir(parents=True)
        review._append(f, TW2, d)
        first = f.read_text(encoding="utf-8")
        d2 = _decision(text[::-1], nomor=2, keputusan="ya")
        review._append(f, TW2, d2)
        assert f.read_text(encoding="utf-8").startswith(first)  # append-only
        assert review.load_decisions(paths, 2024, "tw2") == [d, d2]


@pytest.mark.parametrize("text", NASTY)
def test_review_block_roundtrip_examples(text):
    _block_roundtrip(text)


@settings(max_examples=40, deadline=None)
@given(st.text())
def test_review_block_roundtrip_any_text(text):
    _block_roundtrip(text)


@settings(max_examples=25, deadline=None)
@given(nama=st.text().filter(str.strip), catatan=st.lists(st.text().filter(str.strip),
                                                           min_size=1, max_size=3),
       fingerprint=st.text())
def test_record_decision_roundtrip_any_text(nama, catatan, fingerprint):
    """Through the public API: what record_decision returns is what load_decisions reads.
    nama and catatan are whitespace-normalised on purpose (one line, single spaces);
    fingerprint is kept exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp))
        d = review.record_decision(paths, 2024, "tw2", nama, "Kepala Bidang", "tidak",
                                   catatan, AFTER_TW2, fingerprint)
        assert d.nama == " ".join(nama.split())
        assert d.catatan == tuple(" ".join(c.split()) for c in catatan)
        assert d.fingerprint == fingerprint
        assert review.load_decisions(paths, 2024, "tw2") == [d]


@pytest.mark.parametrize("text", NASTY)
def test_record_decision_keeps_quotes_backslashes_and_non_ascii(tmp_path, text):
    paths = Paths(tmp_path)
    d = review.record_decision(paths, 2024, "tw2", text, "Kepala Bidang", "tidak",
                               [text, "kedua"], AFTER_TW2, text)
    assert review.load_decisions(paths, 2024, "tw2") == [d]
    assert d.fingerprint == text
    assert d.nama == " ".join(text.split()) and d.catatan[0] == " ".join(text.split())
