"""Fail when a module's coverage is under its gate.

Every module of the integration needs at least 95% (lines and branches together); the
coaching core under coach/ needs 100%. Reads the JSON report coverage.py wrote.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MODULE_GATE = 95.0
CORE_GATE = 100.0
CORE_FOLDER = "custom_components/sleep_coach/coach/"


def main(report_path: str) -> int:
    """Print each module under its gate and return the exit code."""
    files = json.loads(Path(report_path).read_text(encoding="utf-8"))["files"]
    shortfalls = []
    for name, data in sorted(files.items()):
        gate = CORE_GATE if name.startswith(CORE_FOLDER) else MODULE_GATE
        covered = data["summary"]["percent_covered"]
        if covered < gate:
            shortfalls.append(f"{name}: {covered:.1f}% < {gate:.0f}%")
    for line in shortfalls:
        print(line)
    print(f"coverage gates: {len(files) - len(shortfalls)} of {len(files)} modules pass")
    return 1 if shortfalls else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
