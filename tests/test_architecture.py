"""The package's shape: layers, purity of the rules, no import cycles, imports at the top.

The layer order and the forbidden imports of ``kinerja_lib.domain`` are declared once, in
``[tool.importlinter]`` of pyproject.toml; ``make test`` runs ``lint-imports`` too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kinerja_lib"
LAYERS = ["domain", "io", "reports", "run", "ui"]  # bottom to top


def _modules(sub: str = "") -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


def test_import_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


def test_an_upward_import_breaks_the_layers_contract(tmp_path):
    """The contract is live: a rules module importing the data layer fails lint-imports."""
    copy = tmp_path / "kinerja_lib"
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    bad = copy / "domain" / "formulas.py"
    bad.write_text(bad.read_text() + "\nfrom kinerja_lib.io import store  # noqa\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0
    assert "kinerja_lib.domain.formulas -> kinerja_lib.io.store" in proc.stdout


def test_no_import_cycles_between_modules():
    graph = grimp.build_graph("kinerja_lib")
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.startswith("kinerja_lib.") and \
                    graph.find_shortest_chain(importer=imported, imported=importer):
                cycles.append((importer, imported))
    assert cycles == []


def test_every_layer_is_a_package_and_nothing_lies_outside_them():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()) == LAYERS
    for layer in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
        assert doc and "may import" in doc.lower(), layer


def test_package_imports_only_at_module_top():
    """A project import inside a function hides a dependency (and once hid 9 cycles)."""
    hidden = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.ImportFrom) and (sub.level or (
                            sub.module or "").startswith("kinerja_lib")):
                        hidden.append(f"{path.relative_to(ROOT)}:{sub.lineno}")
    assert hidden == []


def test_domain_reads_no_clock_environment_or_files():
    """The rules are pure functions of frames and settings (imports are checked by
    lint-imports; this catches the calls that need no import)."""
    found = []
    for path in _modules("domain"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in {"now", "today", "utcnow", "open", "getenv", "time", "read_parquet",
                            "to_parquet", "read_excel", "read_csv"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}()")
            if isinstance(node, ast.Attribute) and node.attr == "environ":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} environ")
    assert found == []


def test_only_the_command_layer_knows_the_command_line():
    users = []
    for path in _modules():
        if path.parent.name == "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            imported = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            if isinstance(node, ast.Import):
                imported = " ".join(a.name for a in node.names)
            if "kinerja_lib.ui" in imported or (
                    isinstance(node, ast.FunctionDef) and node.name.startswith("cli_")):
                users.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert users == []


def test_modules_and_functions_stay_small():
    """No module over ~600 lines, no function over ~80 unless its docstring says why
    (a docstring containing "Long because")."""
    big = []
    for path in _modules():
        text = path.read_text()
        if len(text.splitlines()) > 620:
            big.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 80 and "Long because" not in (ast.get_docstring(node) or ""):
                    big.append(f"{path.relative_to(ROOT)}:{node.name}: {n} lines")
    assert big == []


def test_every_module_is_in_the_architecture_doc():
    doc = (ROOT / "docs" / "dev" / "arsitektur.md").read_text()
    missing = [str(p.relative_to(PACKAGE)) for p in _modules()
               if p.name != "__init__.py" and f"`{p.name}`" not in doc]
    assert missing == []
