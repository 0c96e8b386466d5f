"""Presentation: what a reader sees, built from engine tables without recomputing rules.

Lives here: plotly charts (``charts``), Indonesian display tables (``tables``), report
sections called by the notebooks (``sections``, ``summary``), the notebook context
(``context``), the exploration widget (``explorer``), HTML/PDF rendering (``render``) and the
lembar disposisi of SOP steps 1, 2, 6, 7 (``disposisi``, ``disposisi_cetak``).

May import: ``kinerja_lib.domain`` and ``kinerja_lib.io``; never ``run`` or ``ui``.
"""
