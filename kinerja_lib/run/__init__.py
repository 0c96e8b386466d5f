"""Orchestration: executing the phase notebooks per period with papermill.

Lives here: ``runner`` (plan, parallel kernels, atomic outputs, HTML/PDF conversion).

May import: ``domain``, ``io`` and ``reports``; never ``ui``.
"""
