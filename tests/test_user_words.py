"""Every word a family reads comes from the translations, not from the Python code.

The shell's modules are scanned for string constants that read like prose (two words or
more). Docstrings and log messages (which stay English) are left out; what remains must be
on the short list below, each with the reason it is not a translated text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "custom_components" / "sleep_coach"
PROSE = re.compile(r"[A-Za-z]+ [A-Za-z]+")
LOGGERS = frozenset({"_LOGGER"})

ALLOWED = {
    # Log messages of the blueprint installer, kept in a table by outcome.
    ("blueprint_installer.py", "Installed the blueprint %s"),
    ("blueprint_installer.py", "Restored the blueprint %s, which had been deleted"),
    ("blueprint_installer.py", "Updated the blueprint %s to the version shipped with Sleep Coach"),
    (
        "blueprint_installer.py",
        "Kept the blueprint %s, which was edited; delete it and restart to get the version "
        "shipped with Sleep Coach",
    ),
    # The product's name: the sidebar entry and the device's manufacturer.
    ("dashboard.py", "Sleep Coach"),
    ("entity.py", "Sleep Coach"),
    # The device's model, a name like a product's.
    ("entity.py", "Night coach"),
    # Words matched in a monitor's event types, not shown.
    ("inputs.py", "white noise"),
    # The detail of an unreadable store, for the log.
    ("store.py", "no coach state in the file"),
    # The English form of a websocket error; the frontend shows its translation key's text.
    ("websocket.py", "No loaded Sleep Coach child "),
    ("health_report.py", "A report covers 14 or 30 nights, not "),
}


def _silent(tree: ast.Module) -> set[int]:
    """Return the ids of the constants that are docstrings or inside a log call."""
    silent: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            silent.add(id(node.value))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in LOGGERS
        ):
            silent.update(id(part) for part in ast.walk(node))
    return silent


def prose_in(path: Path) -> set[tuple[str, str]]:
    """Return the prose string constants of a module, by file name and text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    silent = _silent(tree)
    return {
        (path.name, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in silent
        and PROSE.search(node.value)
    }


def test_no_user_facing_english_in_the_shell() -> None:
    found: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.glob("*.py")):
        found |= prose_in(path)
    assert found - ALLOWED == set(), "words for a family belong in strings.json"
    assert ALLOWED - found == set(), "the allow-list names something no longer there"


def test_the_scan_finds_prose(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        '"""A docstring."""\n'
        "_LOGGER.debug('a log line %s', 1)\n"
        "TITLE = 'Give a few more minutes'\n"
        "KEY = 'notify_title'\n",
        encoding="utf-8",
    )
    assert prose_in(module) == {("example.py", "Give a few more minutes")}
