"""Text made safe for a terminal line: control characters shown, not obeyed.

File names, cell text and settings values come from outside (units' workbooks, the office's
settings file, the command line). Printed raw, a newline in a file name would start a forged
``[GALAT]`` line, an ESC sequence would recolour or clear the terminal and a bidi override
would show text in another order than it is stored. :func:`aman` shows such characters as
escapes; ordinary text, accents and typographic marks (``é``, ``·``, ``–``) are unchanged.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# bidi embeddings/overrides/isolates and marks, line/paragraph separators, BOM/zero-width no-break
_INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069\u2028\u2029\ufeff")


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def is_unsafe(ch: str) -> bool:
    """Whether a character is shown escaped by :func:`aman`.

    C0 controls (incl. newline, CR, tab, NUL, ESC), DEL, C1 controls, lone surrogates (incl.
    the ``surrogateescape`` bytes of a non-UTF-8 name) and the invisible direction/line marks.
    """
    code = ord(ch)
    return (code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
            or ch in _INVISIBLE)


def aman(text: object) -> str:
    """``text`` as one safe terminal line: unsafe characters escaped (``\\n``, ``\\x1b``).

    Parameters
    ----------
    text : object
        Any value; ``None`` gives ``""``, others are converted with ``str``.

    Returns
    -------
    str
        The text with every character of :func:`is_unsafe` replaced by a backslash escape:
        ``\\n``, ``\\r``, ``\\t``, ``\\xNN`` (controls, and the original byte of a
        surrogate-escaped name) or ``\\uNNNN`` (bidi marks, other lone surrogates).

    Examples
    --------
    >>> aman("a\\nb\\x1b[31m")
    'a\\\\nb\\\\x1b[31m'
    >>> aman("Capaian · Triwulan I – Dinas Pendidikan")
    'Capaian · Triwulan I – Dinas Pendidikan'
    """
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if not any(is_unsafe(ch) for ch in s):
        return s
    return "".join(_escape(ch) if is_unsafe(ch) else ch for ch in s)


def first_unsafe(text: str, allow: str = "") -> str | None:
    """The first character of ``text`` that :func:`aman` would escape (shown escaped), or
    ``None``; characters in ``allow`` (e.g. ``"\\n\\t"``) are accepted."""
    for ch in text:
        if is_unsafe(ch) and ch not in allow:
            return _escape(ch)
    return None


__all__ = ["aman", "first_unsafe", "is_unsafe"]
