"""Data in and out: every file the product reads or writes, at the edge.

Lives here: the project folder layout (``paths``), reading and validating unit workbooks
(``ingest``), fill-in templates (``templates``), the sample office (``sample``), Parquet
tables (``store``), the one Excel writer (``excel``), settings file (``settings_file``),
submission tracker, recap workbook, review decisions and the data fingerprint.

May import: ``kinerja_lib.domain`` and third-party readers/writers; never ``reports``,
``run`` or ``ui``.
"""
