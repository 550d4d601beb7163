"""The integration quality scale file: every rule of the scale, each done or exempt.

The rules are those of Home Assistant's hassfest (`script/hassfest/quality_scale.py`,
`ALL_RULES`), tier by tier. A rule added to the scale, or one renamed, has to be added here
and judged in `quality_scale.yaml`; nothing may be left `todo`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).parent.parent
QUALITY_SCALE = REPO / "custom_components" / "sleep_coach" / "quality_scale.yaml"
README = REPO / "README.md"

BRONZE = (
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow",
    "config-flow-test-coverage",
    "dependency-transparency",
    "docs-actions",
    "docs-conditions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-triggers",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
)
SILVER = (
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
)
GOLD = (
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
)
PLATINUM = ("async-dependency", "inject-websession", "strict-typing")
ALL_RULES = frozenset((*BRONZE, *SILVER, *GOLD, *PLATINUM))
STATUSES = frozenset({"done", "exempt"})

# The README section each documentation rule marked done relies on.
README_SECTIONS = {
    "docs-removal-instructions": "Removal",
    "docs-data-update": "How data updates",
    "docs-troubleshooting": "Troubleshooting",
    "docs-known-limitations": "Known limitations",
    "docs-supported-devices": "Monitors known to work",
}


def problems(document: Any) -> list[str]:
    """Return what is wrong with a quality scale document, or nothing."""
    if not isinstance(document, dict) or not isinstance(document.get("rules"), dict):
        return ["the file has no `rules:` mapping"]
    rules: dict[Any, Any] = document["rules"]
    found: list[str] = [f"{name}: missing" for name in sorted(ALL_RULES) if name not in rules]
    found += [f"{name}: not a rule of the scale" for name in rules if name not in ALL_RULES]
    for name, value in rules.items():
        if isinstance(value, str):
            status, comment = value, None
        elif isinstance(value, dict):
            status, comment = value.get("status"), value.get("comment")
        else:
            found.append(f"{name}: neither a status nor a mapping")
            continue
        if status == "todo":
            found.append(f"{name}: todo")
        elif status not in STATUSES:
            found.append(f"{name}: unknown status {status!r}")
        if comment is not None and not isinstance(comment, str):
            found.append(f"{name}: comment is not text")
        elif comment is not None and not comment.strip():
            found.append(f"{name}: empty comment")
        elif comment is not None and "\n" in comment.strip():
            found.append(f"{name}: comment longer than one line")
        if status == "exempt" and comment is None:
            found.append(f"{name}: exempt without a reason")
    return found


@pytest.fixture(scope="module")
def document() -> Any:
    return yaml.safe_load(QUALITY_SCALE.read_text(encoding="utf-8"))


def test_the_fixed_list_is_the_whole_scale() -> None:
    tiers = (BRONZE, SILVER, GOLD, PLATINUM)
    assert sum(len(tier) for tier in tiers) == len(ALL_RULES) == 54


def test_every_rule_is_done_or_exempt_with_a_reason(document: Any) -> None:
    assert problems(document) == []


def test_documentation_rules_point_at_readme_sections(document: Any) -> None:
    headings = set(re.findall(r"^#{2,3} (.+?)\s*$", README.read_text(encoding="utf-8"), re.M))
    for rule, section in README_SECTIONS.items():
        value = document["rules"][rule]
        status = value if isinstance(value, str) else value["status"]
        if status == "done":
            assert section in headings, f"{rule} is done but README has no {section!r} section"


def complete(**changes: Any) -> dict[str, Any]:
    rules: dict[str, Any] = dict.fromkeys(ALL_RULES, "done")
    rules.update(changes)
    return {"rules": rules}


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (None, "the file has no `rules:` mapping"),
        ({"rules": ["brands"]}, "the file has no `rules:` mapping"),
        (complete(brands="todo"), "brands: todo"),
        (complete(brands={"status": "todo", "comment": "Later."}), "brands: todo"),
        (complete(brands="n/a"), "brands: unknown status 'n/a'"),
        (complete(brands={"comment": "No status."}), "brands: unknown status None"),
        (complete(brands=["done"]), "brands: neither a status nor a mapping"),
        (complete(discovery="exempt"), "discovery: exempt without a reason"),
        (complete(discovery={"status": "exempt"}), "discovery: exempt without a reason"),
        (complete(discovery={"status": "exempt", "comment": " "}), "discovery: empty comment"),
        (complete(discovery={"status": "exempt", "comment": 3}), "discovery: comment is not text"),
        (
            complete(discovery={"status": "exempt", "comment": "One.\nTwo.\n"}),
            "discovery: comment longer than one line",
        ),
        (complete(**{"docs-everything": "done"}), "docs-everything: not a rule of the scale"),
    ],
)
def test_a_broken_file_is_caught(broken: Any, problem: str) -> None:
    assert problem in problems(broken)


def test_a_missing_rule_is_caught() -> None:
    document = complete()
    del document["rules"]["docs-triggers"]
    assert problems(document) == ["docs-triggers: missing"]


def test_a_complete_file_passes_with_either_form() -> None:
    document = complete(discovery={"status": "exempt", "comment": "Nothing to discover."})
    document["rules"]["brands"] = {"status": "done", "comment": "Shipped in brand/."}
    assert problems(document) == []
