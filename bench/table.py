"""The benchmark's printed table, shared by `bench.bench` and `bench.card_bench`."""

from __future__ import annotations

from collections.abc import Sequence

HEADER = ("Figure", "Measured", "Target", "vs target", "Met")


def mark(*, met: bool) -> str:
    """Return the "Met" column's word."""
    return "yes" if met else "NO"


def print_table(rows: Sequence[tuple[str, str, str, str, str]]) -> None:
    """Print `rows` under the header, each column as wide as its widest cell."""
    widths = [max(len(row[i]) for row in (HEADER, *rows)) for i in range(len(HEADER))]
    for row in (HEADER, tuple("-" * width for width in widths), *rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
