"""kinerja: performance-data collection and reporting for an Indonesian government office.

The sub-packages are layers; the data flows up through them and each imports only the
layers below it (enforced by ``lint-imports``, see ``[tool.importlinter]`` in pyproject.toml):

1. ``domain``  — the rules: data contract, settings, periods, numbers, formulas, aggregation,
   projection, the engine. Pure functions of frames and settings.
2. ``io``      — data in and out: paths, reading and validating workbooks, templates, the
   sample, Parquet/Excel/TOML writers, tracker, recap, review decisions, fingerprint.
3. ``reports`` — presentation: charts, tables, report sections, notebook context, HTML/PDF.
4. ``run``     — orchestration: papermill runs of the phase notebooks.
5. ``ui``      — the ``kinerja`` command line; imported by nothing.

See docs/dev/arsitektur.md.
"""

__version__ = "0.1.0"
