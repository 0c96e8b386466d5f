"""The phase notebooks: reading them and checking the runner's parameters against them.

Parameters are checked against each notebook's ``parameters`` cell *before* anything runs
(papermill itself only logs a warning for an unknown name).
"""

from __future__ import annotations

import ast
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kinerja_lib.domain.errors import RunnerError
from kinerja_lib.io.paths import Paths
from kinerja_lib.run.jobs import Job
from kinerja_lib.run.kernels import describe_error

# --------------------------------------------------------------------------------------------
# Parameters


@dataclass(frozen=True)
class NotebookParameter:
    """A name declared in a notebook's ``parameters`` cell."""

    name: str
    annotation: str | None
    required: bool  # declared with a type annotation but no value (``tahun: int``)


def notebook_parameters(nb) -> dict[str, NotebookParameter] | None:
    """Names declared in the cell tagged ``parameters``; None when the notebook has none.

    Top-level assignments (``x = 1``, ``x: int = 1``) are optional parameters; a bare
    annotation (``x: int``) is a required one (papermill's own inspection skips those).

    Raises
    ------
    SyntaxError
        When the parameters cell is not valid Python.
    """
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            out: dict[str, NotebookParameter] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    out[node.target.id] = NotebookParameter(
                        node.target.id, ast.unparse(node.annotation), node.value is None)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        for n in ast.walk(target):
                            if isinstance(n, ast.Name):
                                out[n.id] = NotebookParameter(n.id, None, False)
            return out
    return None


_TYPES = {"int": int, "str": str, "float": (int, float), "bool": bool}


def check_parameters(nb, parameters: dict, notebook_name: str) -> list[str]:
    """Indonesian problems with passing ``parameters`` to ``nb``; empty when all is well.

    Checks: the notebook has a ``parameters`` cell; every passed name is declared there; every
    required name (bare annotation) is passed; a passed value matches a simple annotation
    (``int``, ``str``, ``float``, ``bool``).
    """
    try:
        declared = notebook_parameters(nb)
    except SyntaxError as exc:
        return [f"Notebook {notebook_name}: sel 'parameters' bukan kode Python yang sah "
                f"(baris {exc.lineno}: {exc.msg})."]
    if declared is None:
        return [f"Notebook {notebook_name} tidak punya sel bertanda 'parameters'; runner tidak "
                "dapat mengisi tahun dan periode."]
    problems = []
    for name, value in parameters.items():
        p = declared.get(name)
        if p is None:
            problems.append(
                f"Notebook {notebook_name}: parameter '{name}' tidak dikenal (sel 'parameters' "
                f"hanya memuat: {', '.join(declared) or '(kosong)'}).")
            continue
        want = _TYPES.get(p.annotation or "")
        if want is not None and (not isinstance(value, want)
                                 or (want is int and isinstance(value, bool))):
            problems.append(
                f"Notebook {notebook_name}: parameter '{name}' harus bertipe {p.annotation}, "
                f"runner mengirim {value!r}.")
    for p in declared.values():
        if p.required and p.name not in parameters:
            problems.append(
                f"Notebook {notebook_name}: parameter wajib '{p.name}' tidak diisi oleh runner.")
    return problems


def job_parameters(job: Job, paths: Paths, generated_at: _dt.datetime | None) -> dict:
    """Values injected into a phase notebook's parameters cell."""
    return {
        "tahun": int(job.periode.tahun),
        "periode": job.periode.kode,
        "folder_proyek": str(paths.root),
        "dibuat_pada": generated_at.isoformat(timespec="seconds") if generated_at else "",
    }


def read_notebook(path: Path):
    """Read a jupytext notebook (``.py`` percent format or ``.ipynb``) with a python3 kernelspec."""
    import jupytext  # heavy (markdown-it, nbformat): only when a notebook is read

    nb = jupytext.read(str(path))
    nb.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    return nb


def read_and_check(jobs: Sequence[Job], notebook_dir: Path, paths: Paths,
                   generated_at: _dt.datetime | None) -> dict:
    """Read the notebook of every job and check its parameters, before anything runs.

    Returns
    -------
    dict
        Notebook by phase stem.

    Raises
    ------
    RunnerError
        Listing every missing or unreadable notebook and every parameter problem.
    """
    problems, notebooks = [], {}
    for job in jobs:
        src = job.notebook(notebook_dir)
        if src.stem not in notebooks:
            if not src.exists():
                problems.append(f"Notebook fase '{job.phase.judul}' ({src.name}) tidak ditemukan "
                                f"di {src.parent}.")
                notebooks[src.stem] = None
                continue
            try:
                notebooks[src.stem] = read_notebook(src)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"Notebook {src} tidak dapat dibaca: {describe_error(exc)}")
                notebooks[src.stem] = None
                continue
        nb = notebooks[src.stem]
        if nb is not None:
            for p in check_parameters(nb, job_parameters(job, paths, generated_at), src.name):
                if p not in problems:
                    problems.append(p)
    if problems:
        raise RunnerError("Notebook tidak dijalankan:\n- " + "\n- ".join(problems))
    return notebooks
