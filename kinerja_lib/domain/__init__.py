"""The rules: what a number means and how it is computed, with no input or output.

Lives here: the data contract (``contract``), the one settings object (``settings``), the
exceptions (``errors``), periods, number parsing/formatting, the formulas (capaian,
predikat, serapan, efisiensi), aggregation by jenis agregasi, projection, plausibility
checks (``plausibility``), the year's data
container (``model``) and the engine that turns a year into period tables.

May import: the standard library's pure parts, pandas, numpy, babel, and other ``domain``
modules. No files, clock, environment, network or Excel (the ``pure-domain`` contract).
"""
