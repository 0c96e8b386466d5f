"""The office logo (``settings.logo``) embedded in a page as a ``data:`` URI.

Reports and the lembar disposisi are single HTML files that work offline, so the logo is
read once and written into the page (base64). The image type is recognised from the file's
content; a file over :data:`LOGO_MAX_BYTES` is not embedded and an Indonesian note says so.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from kinerja_lib.domain.numbers import format_number

#: Largest logo file embedded in a page (bytes); a larger one is replaced by a note.
LOGO_MAX_BYTES = 1_000_000


def _logo_mime(data: bytes) -> str | None:
    """Image type of a logo file from its first bytes (the name's suffix is not trusted)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def read_logo(path, max_bytes: int = LOGO_MAX_BYTES) -> tuple[str | None, str]:
    """The logo file as a ``data:`` URI, so an HTML page stays one file that works offline.

    Parameters
    ----------
    path : path or None
        The logo file (``paths.root / settings.logo``).
    max_bytes : int
        Larger files are not embedded.

    Returns
    -------
    (str or None, str)
        The ``data:`` URI (PNG, JPEG, GIF, WebP or SVG, recognised from the content) and an
        empty note; or None and an Indonesian note saying why there is no image (no file, not
        an image, too large). ``(None, "")`` when ``path`` is empty.
    """
    if not path:
        return None, ""
    p = Path(path)
    if not p.is_file():
        return None, f"Logo {p.name} tidak ditemukan."
    size = p.stat().st_size
    if size > max_bytes:
        return None, (f"Logo {p.name} tidak dicetak: ukurannya {format_number(size, 0)} byte, "
                      f"melebihi batas {format_number(max_bytes, 0)} byte; perkecil gambarnya.")
    data = p.read_bytes()
    mime = _logo_mime(data)
    if mime is None:
        return None, f"Logo {p.name} tidak dicetak: isinya bukan gambar PNG, JPEG atau SVG."
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", ""


def logo_data_uri(path, max_bytes: int = LOGO_MAX_BYTES) -> str | None:
    """The logo as a ``data:`` URI, or None (no file, not an image, too large); see
    :func:`read_logo`."""
    return read_logo(path, max_bytes)[0]


def logo_html(settings, root) -> str:
    """``<img>`` of the office logo (max 18 mm high, alt = office name) or the note saying why
    it is not printed; empty when the office has no logo or ``root`` is not given."""
    logo = str(getattr(settings, "logo", "") or "")
    if not logo or root is None:
        return ""
    src, catatan = read_logo(Path(root) / logo)
    if src is None:
        return (f"<div class='kinerja-logo-catatan' style='font-size:8pt;color:#757575;"
                f"max-width:40mm'>{html.escape(catatan)}</div>")
    return (f"<img class='kinerja-logo' src='{html.escape(src, quote=True)}' "
            f"alt='{html.escape(str(settings.nama_opd), quote=True)}' "
            "style='max-height:18mm;max-width:40mm;flex:none'>")


__all__ = ["LOGO_MAX_BYTES", "read_logo", "logo_data_uri", "logo_html"]
