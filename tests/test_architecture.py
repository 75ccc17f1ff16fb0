"""The dependency rule: the pure core imports no device, UI or database library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

FORBIDDEN = {"pygame", "cv2", "pyzbar", "zxingcpp", "escpos", "peewee", "playhouse"}
PURE = [
    *sorted((PROJECT / "kiosk" / "circulation").glob("*.py")),
    PROJECT / "kiosk" / "ports.py",
    PROJECT / "kiosk" / "clock.py",
    PROJECT / "kiosk" / "i18n" / "messages.py",
    *(PROJECT / "receipts" / f"{name}.py" for name in ("slip", "layout", "wrap")),
]
ONLY_IN = {
    "peewee": "kiosk/db/",
    "playhouse": "kiosk/db/",
    "flask": "kiosk/desk/",
    "flask_wtf": "kiosk/desk/",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_pure_core_imports_no_adapter_library(path: Path) -> None:
    assert path.exists()
    assert not imported_modules(path) & FORBIDDEN


def test_database_library_only_in_the_db_package() -> None:
    for path in (PROJECT / "kiosk").rglob("*.py"):
        rel = path.relative_to(PROJECT).as_posix()
        for module, home in ONLY_IN.items():
            if module in imported_modules(path) and "/migrations/" not in rel:
                assert rel.startswith(home) or rel in {
                    "kiosk/runtime.py",
                    "kiosk/demo.py",
                }, f"{rel} imports {module}"


def test_circulation_never_imports_the_adapters() -> None:
    for path in (PROJECT / "kiosk" / "circulation").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("kiosk.db", "kiosk.scan", "kiosk.screens", "receipts")
                ), f"{path.name} imports {node.module}"


SLIP_CONTENT = [PROJECT / "receipts" / f"{n}.py" for n in ("slip", "layout", "wrap")]
SLIP_CONTENT_MAY_IMPORT = (
    "kiosk.circulation",
    "kiosk.i18n",
    "receipts.slip",
    "receipts.layout",
    "receipts.wrap",
)


def full_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", SLIP_CONTENT, ids=lambda p: p.name)
def test_slip_content_imports_only_the_stdlib_and_the_domain(path: Path) -> None:
    for name in full_imports(path):
        top = name.split(".")[0]
        assert top in sys.stdlib_module_names or name.startswith(
            SLIP_CONTENT_MAY_IMPORT
        ), f"{path.name} imports {name}"


def test_escpos_only_in_the_printer_adapter() -> None:
    paths = [
        PROJECT / "kiosk.py",
        *(PROJECT / "kiosk").rglob("*.py"),
        *(PROJECT / "receipts").rglob("*.py"),
    ]
    importers = {
        p.relative_to(PROJECT).as_posix()
        for p in paths
        if "escpos" in imported_modules(p)
    }
    assert importers == {"receipts/escpos_printer.py"}
