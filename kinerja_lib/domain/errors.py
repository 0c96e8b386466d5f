"""Every expected failure of kinerja, one class tree.

:class:`UserError` is the base: its ``str()`` is an Indonesian message meant for the user
(file, sheet and cell where known). The command line prints it without a traceback and
exits 1; a notebook shows it as the cell's error. Each layer raises the subclass named after
its concern. The subclasses also derive from the built-in exception they used to be
(``ValueError``, ``FileNotFoundError``...) so ``except ValueError`` callers keep working.
"""

from __future__ import annotations


class UserError(Exception):
    """An expected failure whose message (Indonesian) is shown without a traceback."""


class SettingsError(UserError, ValueError):
    """The settings file is unreadable or holds an invalid value."""


class PeriodError(UserError, ValueError):
    """An invalid period."""


class NumberParseError(UserError, ValueError):
    """A text that is not a number."""


class IngestError(UserError):
    """The year cannot be ingested at all (e.g. no Perjanjian Kinerja workbook)."""


class MissingDataError(UserError, FileNotFoundError):
    """Processed data for a year does not exist yet."""


class IncompleteDataError(MissingDataError):
    """A year's processed data lacks its completeness marker or no longer matches it."""


class ReviewError(UserError, ValueError):
    """Invalid decision or unreadable decisions file."""


class RunnerError(UserError):
    """A problem found before any notebook ran."""


class BrowserNotFound(UserError, RuntimeError):
    """No Chromium-family browser was found."""


class PdfError(UserError, RuntimeError):
    """The browser failed to print the PDF."""
