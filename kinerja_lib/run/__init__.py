"""Orchestration: executing the phase notebooks per period with papermill.

Lives here: ``runner`` (the run: data step, parallel jobs, atomic outputs, HTML/PDF
conversion), ``jobs`` (phases, plan, results), ``notebooks`` (reading notebooks, parameter
checks), ``kernels`` (kernel manager and environment, the papermill call).

May import: ``domain``, ``io`` and ``reports``; never ``ui``.
"""
