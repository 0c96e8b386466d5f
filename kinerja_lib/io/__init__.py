"""Data in and out: every file the product reads or writes, at the edge.

Lives here: the project folder layout (``paths``); reading submitted workbooks
(``workbook``: open and match sheets; ``reader``: the one contract-driven table reader and
quarantine loop; ``ingest``, ``ingest_pk``, ``ingest_monthly``: validation into ``YearData``);
fill-in forms (``templates``, ``form_sheet``, ``petunjuk``) and the user docs of the contract
(``contract_doc``); the sample office (``sample``, ``sample_catalogue``); Parquet tables and
period tables (``store``); the one Excel writer (``excel``); the settings file
(``settings_file``); submission tracker (``tracker``), recap workbook (``recap``), review
decisions (``review``) and the data fingerprint (``fingerprint``).

May import: ``kinerja_lib.domain`` and third-party readers/writers; never ``reports``,
``run`` or ``ui``.
"""
