"""Figures the Home Assistant part of the benchmark hands back to `bench.bench`."""

from __future__ import annotations

RESULTS: dict[str, float] = {}
