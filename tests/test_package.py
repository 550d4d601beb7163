"""Checks that keep the package acceptable to hassfest and HACS.

These read the files as shipped, so a bad edit to the manifest, hacs.json, the
translations or the brand images fails the suite.
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


# Home Assistant 2026.3+ serves a custom integration's brand images from its brand/ folder,
# under the rules of the home-assistant/brands repository: PNG, icons 256x256 (512x512 for
# @2x), logos with their shortest side 128-256 px (256-512 for @2x). Ours are rendered with a
# transparent background by scripts/render-brand; the icon reads on dark themes as it is, the
# logo's dark text does not, hence dark_logo.
BRAND_IMAGES = (
    "icon.png",
    "icon@2x.png",
    "logo.png",
    "logo@2x.png",
    "dark_logo.png",
    "dark_logo@2x.png",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # the IHDR colour type of truecolour with alpha


def _png_size_and_colour_type(path: Path) -> tuple[int, int, int]:
    header = path.read_bytes()[:26]
    assert header[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", header[8:16])
    assert (length, chunk) == (13, b"IHDR")
    width, height, _bit_depth, colour_type = struct.unpack(">IIBB", header[16:26])
    return width, height, colour_type


def test_brand_folder_holds_exactly_the_expected_images() -> None:
    assert sorted(path.name for path in (PACKAGE / "brand").iterdir()) == sorted(BRAND_IMAGES)


@pytest.mark.parametrize("name", BRAND_IMAGES)
def test_brand_image_is_an_rgba_png_of_the_right_size(name: str) -> None:
    width, height, colour_type = _png_size_and_colour_type(PACKAGE / "brand" / name)
    assert colour_type == RGBA
    scale = 2 if name.endswith("@2x.png") else 1
    if "icon" in name:
        assert (width, height) == (256 * scale, 256 * scale)
    else:
        assert width > height  # landscape
        assert 128 * scale <= height <= 256 * scale


@pytest.mark.parametrize("name", [name for name in BRAND_IMAGES if "@2x" not in name])
def test_brand_hidpi_image_is_twice_the_size_and_not_a_copy(name: str) -> None:
    normal = PACKAGE / "brand" / name
    hidpi = normal.with_name(name.replace(".png", "@2x.png"))
    width, height, _ = _png_size_and_colour_type(normal)
    assert _png_size_and_colour_type(hidpi)[:2] == (2 * width, 2 * height)
    assert hidpi.read_bytes() != normal.read_bytes()


def test_brand_dark_logo_differs_from_the_light_one() -> None:
    brand = PACKAGE / "brand"
    for size in ("", "@2x"):
        dark = (brand / f"dark_logo{size}.png").read_bytes()
        assert dark != (brand / f"logo{size}.png").read_bytes()
