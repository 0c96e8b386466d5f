"""Orchestration: executing the phase notebooks per period with papermill.

Lives here: ``runner`` (the run: data step, parallel jobs, atomic outputs, HTML/PDF
conversion), ``jobs`` (phases, plan, results), ``notebooks`` (reading notebooks, parameter
checks), ``kernels`` (kernel manager and environment, the papermill call).

May import: ``domain``, ``io`` and ``reports``; never ``ui``.
"""

import sys

# jsonschema (imported by nbformat here and in every kernel, see kernels.KERNEL_EXEC_LINES)
# eagerly imports the optional ``rfc3987_syntax``, which compiles its grammars at import:
# ~1.5 s of every ``kinerja`` command. Blocking it makes jsonschema skip only the
# ``iri``/``iri-reference`` format checks, which no notebook schema uses. A process that
# already imported it keeps it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
