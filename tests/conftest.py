"""Shared test set-up.

Browser and poppler checks skip on a developer machine without them, but under CI (``CI``
set) a missing tool is an error, so a skipped check can never pass as green there.
"""

from __future__ import annotations

import os
import shutil

import pytest


def pytest_sessionstart(session):
    if os.environ.get("CI"):
        from kinerja_lib.reports.render import find_browser

        missing = [name for name, ok in (("chromium", find_browser() is not None),
                                         ("pdftotext", shutil.which("pdftotext")),
                                         ("pdftoppm", shutil.which("pdftoppm"))) if not ok]
        if missing:
            raise pytest.UsageError(f"CI needs {', '.join(missing)}; .ci/run must install it")
