"""Checks that keep the package acceptable to hassfest and HACS.

These read the files as shipped, so a bad edit to the manifest, hacs.json, the
translations or the brand icon fails the suite.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "custom_components" / "sleep_coach"

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
)
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service", "system"}
REQUIRED_MANIFEST_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "dependencies",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "requirements",
    "version",
}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return load_json(PACKAGE / "manifest.json")  # type: ignore[no-any-return]


def test_manifest_has_every_required_key(manifest: dict[str, Any]) -> None:
    assert manifest.keys() >= REQUIRED_MANIFEST_KEYS


def test_manifest_keys_are_domain_name_then_alphabetical(manifest: dict[str, Any]) -> None:
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_values(manifest: dict[str, Any]) -> None:
    assert manifest["domain"] == PACKAGE.name
    assert SEMVER.match(manifest["version"])
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] in IOT_CLASSES
    assert manifest["integration_type"] in INTEGRATION_TYPES
    assert manifest["requirements"] == []
    assert isinstance(manifest["dependencies"], list)
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])


@pytest.mark.parametrize("key", ["documentation", "issue_tracker"])
def test_manifest_links_are_https_and_not_core_docs(manifest: dict[str, Any], key: str) -> None:
    url = manifest[key]
    assert url.startswith("https://")
    assert "home-assistant.io/integrations" not in url


def test_manifest_version_matches_project_version(manifest: dict[str, Any]) -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{manifest["version"]}"' in pyproject


def test_hacs_json() -> None:
    hacs = load_json(REPO / "hacs.json")
    assert hacs["name"]
    assert hacs["render_readme"] is True
    minimum = re.search(
        r"^homeassistant==(\S+)$",
        (REPO / "requirements" / "minimum.txt").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert minimum is not None
    assert hacs["homeassistant"] == minimum.group(1)


def _leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    leaves: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            leaves |= _leaves(value, f"{path}.")
        else:
            leaves[path] = value
    return leaves


PLACEHOLDER = re.compile(r"\{\w+\}")


def test_english_and_at_least_two_more_languages() -> None:
    languages = {path.stem for path in (PACKAGE / "translations").glob("*.json")}
    assert "en" in languages
    assert len(languages - {"en"}) >= 2


def test_english_translation_matches_strings() -> None:
    assert load_json(PACKAGE / "translations" / "en.json") == load_json(PACKAGE / "strings.json")


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "translations").glob("*.json")), ids=lambda path: path.stem
)
def test_every_translation_has_every_key_and_placeholder(path: Path) -> None:
    english = _leaves(load_json(PACKAGE / "strings.json"))
    translated = _leaves(load_json(path))
    assert translated.keys() == english.keys()
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(translated[key])) == set(PLACEHOLDER.findall(text)), key


def test_brand_icon_is_a_256_pixel_square_png() -> None:
    header = (PACKAGE / "brand" / "icon.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert header[12:16] == b"IHDR"
    assert struct.unpack(">II", header[16:24]) == (256, 256)
