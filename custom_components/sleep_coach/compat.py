"""Differences between the supported Home Assistant versions, handled in one place.

- Home Assistant 2026 validates with probatio and aliases `voluptuous` to it at run time;
  2025.4 validates with voluptuous. `vol` from here is each version's own engine, with the
  types Home Assistant's helpers expect.
- `BinarySensorDeviceClass` moved to the binary_sensor component's `const` module.
- Newer releases refuse a storage file of a newer major version themselves, with
  `UnsupportedStorageVersionError`; older ones hand it to the store's migration.

The fallbacks run only on the minimum version, whose test run covers them.
"""

try:
    import probatio as vol
except ImportError:  # pragma: no cover
    import voluptuous as vol  # type: ignore[no-redef]

try:
    from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
except ImportError:  # pragma: no cover
    from homeassistant.components.binary_sensor import (  # type: ignore[attr-defined]
        BinarySensorDeviceClass,
    )

try:
    from homeassistant.exceptions import UnsupportedStorageVersionError
except ImportError:  # pragma: no cover

    class UnsupportedStorageVersionError(Exception):  # type: ignore[no-redef]
        """Never raised by releases without it."""


__all__ = ["BinarySensorDeviceClass", "UnsupportedStorageVersionError", "vol"]
