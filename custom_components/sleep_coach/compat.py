"""Differences between the supported Home Assistant versions, handled in one place.

Home Assistant 2026 validates with probatio and aliases `voluptuous` to it at run time;
2025.4 validates with voluptuous. Importing `vol` from here gives each version its own
engine, and gives the type checker the types Home Assistant's helpers expect.
"""

try:
    import probatio as vol
except ImportError:  # pragma: no cover - only on releases before probatio, tested there
    import voluptuous as vol  # type: ignore[no-redef]

__all__ = ["vol"]
