"""Differences between the supported Home Assistant versions, handled in one place.

- Home Assistant 2026 validates with probatio and aliases `voluptuous` to it at run time;
  2025.4 validates with voluptuous. `vol` from here is each version's own engine, with the
  types Home Assistant's helpers expect.
- `BinarySensorDeviceClass` moved to the binary_sensor component's `const` module.
- `StaticPathConfig` is defined in `http.server` since 2025.x and only re-exported (not in
  `__all__`) by the `http` package; 2025.4 defines it in the package itself. Both serve a
  folder as well as a file, so the frontend's versioned folder needs no branch.
- Newer releases refuse a storage file of a newer major version themselves, with
  `UnsupportedStorageVersionError`; older ones hand it to the store's migration.
- Long-term statistics metadata gained `unit_class` (required from 2026.11, unknown to
  2025.4, whose recorder would not expect it); `statistic_metadata` keeps it only where
  `StatisticMetaData` has the key. `mean_type` exists on both and is always given.

The fallbacks run only on the minimum version, whose test run covers them.
"""

from typing import Any, Final, cast

from homeassistant.components.recorder.models import StatisticMetaData

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


try:
    from homeassistant.components.http.server import StaticPathConfig
except ImportError:  # pragma: no cover
    from homeassistant.components.http import (  # type: ignore[attr-defined]
        StaticPathConfig,
    )


STATISTIC_METADATA_HAS_UNIT_CLASS: Final = "unit_class" in (
    StatisticMetaData.__required_keys__ | StatisticMetaData.__optional_keys__
)


def statistic_metadata(metadata: StatisticMetaData) -> StatisticMetaData:
    """Return `metadata` as this release's recorder takes it: without `unit_class` on 2025.4."""
    if STATISTIC_METADATA_HAS_UNIT_CLASS:
        return metadata
    fields: dict[str, Any] = dict(metadata)  # pragma: no cover
    del fields["unit_class"]  # pragma: no cover
    return cast("StatisticMetaData", fields)  # pragma: no cover


__all__ = [
    "STATISTIC_METADATA_HAS_UNIT_CLASS",
    "BinarySensorDeviceClass",
    "StaticPathConfig",
    "UnsupportedStorageVersionError",
    "statistic_metadata",
    "vol",
]
