"""Structural rules for strings.json and every translation file, and their link to the code.

hassfest validates the translations of an integration against the shape Home Assistant's
developer documentation gives each category (config and options flows, repair issues,
entities, exceptions, services, selectors). These tests check the same rules for the keys
this integration uses, per file, and that the translations match what the code asks for:
the steps, fields and abort reasons of the flows, the repair issues it creates (and which
of them are fixable), the entities' translation keys, the exceptions it raises, the
services in services.yaml and the select selectors' options.

That en.json equals strings.json, and that every translation has the same keys and the same
placeholders as strings.json, is checked in test_package.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.const import Platform
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import SelectSelector, selector

from custom_components.sleep_coach import config_flow
from custom_components.sleep_coach.compat import vol
from custom_components.sleep_coach.options import NEED_ENTITY_OPTIONS

from .test_package import PACKAGE, PLACEHOLDER, _leaves, load_json

PACKAGE_NAME = "custom_components.sleep_coach"
FILES = [PACKAGE / "strings.json", *sorted((PACKAGE / "translations").glob("*.json"))]

CATEGORIES = {
    "title",
    "common",
    "config",
    "device",
    "device_automation",
    "entity",
    "entity_component",
    "exceptions",
    "issues",
    "options",
    "selector",
    "services",
}
FLOW_KEYS = {"step", "error", "abort", "progress", "create_entry"}
CONFIG_FLOW_KEYS = FLOW_KEYS | {"flow_title", "initiate_flow", "entry_type"}
STEP_KEYS = {
    "title",
    "description",
    "data",
    "data_description",
    "sections",
    "menu_options",
    "menu_option_descriptions",
    "submit",
}
SECTION_KEYS = {"name", "description", "data", "data_description"}
ENTITY_KEYS = {"name", "state", "state_attributes", "unit_of_measurement"}
STATE_ATTRIBUTE_KEYS = {"name", "state"}
SERVICE_KEYS = {"name", "description", "fields", "sections"}
SERVICE_FIELD_KEYS = {"name", "description", "example"}
SELECTOR_KEYS = {"options", "unit_of_measurement", "fields"}
# The entity platforms Sleep Coach has: its modules named after one.
ENTITY_PLATFORMS = {platform.value for platform in Platform} & {
    path.stem for path in PACKAGE.glob("*.py")
}

# Lowercase letters, digits, "_" and "-"; no separator at either end or twice in a row.
TRANSLATION_KEY = re.compile(r"^(?![_-])(?!.*[_-]{2})[a-z0-9_-]+(?<![_-])$")
HTML_TAG = re.compile(r"</?\s*[a-zA-Z][^>]*>")
REFERENCE = re.compile(r"^\[%key:[a-z0-9_]+(::[a-z0-9_-]+)+%\]$")
# In the frontend's message format a lone apostrophe before a brace quotes it, so
# "l'{entity}" would show "{entity}" verbatim instead of the entity.
QUOTED_PLACEHOLDER = re.compile(r"'\{")


@cache
def translations(path: Path) -> dict[str, Any]:
    return load_json(path)  # type: ignore[no-any-return]


@pytest.fixture(params=FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def tree(request: pytest.FixtureRequest) -> dict[str, Any]:
    return translations(request.param)


def placeholders(text: str) -> set[str]:
    return {match[1:-1] for match in PLACEHOLDER.findall(text)}


def texts(node: object) -> Iterator[str]:
    """Every string in a subtree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from texts(value)


def report(problems: list[str]) -> str:
    return "\n".join(["", *problems])


# --- What the code asks for ----------------------------------------------------------


@cache
def _sources() -> dict[str, ast.Module]:
    """The package's modules, by path ("health.py", "coach/engine.py")."""
    return {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _resolve(module: str, node: ast.expr | None) -> Any:
    """The value of a literal, or of a name bound in `module`; None when computed."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        parts = Path(module).with_suffix("").parts
        name = ".".join([PACKAGE_NAME, *(part for part in parts if part != "__init__")])
        return getattr(importlib.import_module(name), node.id, None)
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _dict_keys(module: str, node: ast.expr | None) -> set[str] | None:
    """The keys of a dict literal; None when any key is computed (or it is no literal)."""
    if not isinstance(node, ast.Dict):
        return None
    keys = [_resolve(module, key) for key in node.keys]
    if not all(isinstance(key, str) for key in keys):
        return None
    return set(keys)


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


@dataclass(frozen=True)
class Issue:
    """An issue the code creates with `ir.async_create_issue`."""

    where: str
    fixable: bool | None
    placeholders: set[str] | None


@cache
def created_issues() -> dict[str, list[Issue]]:
    issues: dict[str, list[Issue]] = {}
    for module, tree in _sources().items():
        for call in _calls(tree):
            if _called(call) != "async_create_issue":
                continue
            where = f"{module}:{call.lineno}"
            key = _resolve(module, _keyword(call, "translation_key"))
            assert isinstance(key, str), f"{where}: the issue's translation_key is not a literal"
            fixable = _resolve(module, _keyword(call, "is_fixable"))
            passed = _keyword(call, "translation_placeholders")
            keys = set() if passed is None else _dict_keys(module, passed)
            issues.setdefault(key, []).append(
                Issue(where, fixable if isinstance(fixable, bool) else None, keys)
            )
    return issues


@dataclass
class Flow:
    """The steps, placeholders and abort reasons of the flow handlers of one kind."""

    steps: dict[str, set[str] | None] = field(default_factory=dict)
    """Each step's description placeholders; None when they are computed."""
    aborts: set[str] = field(default_factory=set)


FLOW_BASES = {"ConfigFlow": "config", "OptionsFlow": "options", "RepairsFlow": "fix_flow"}


@cache
def flows() -> dict[str, Flow]:
    found: dict[str, Flow] = {kind: Flow() for kind in FLOW_BASES.values()}
    for module, tree in _sources().items():
        for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
            bases = {base.id if isinstance(base, ast.Name) else "" for base in cls.bases}
            kind = next((FLOW_BASES[base] for base in bases if base in FLOW_BASES), None)
            if kind is None:
                continue
            flow = found[kind]
            for call in _calls(cls):
                name = _called(call)
                if name in {"async_show_form", "async_show_menu"}:
                    step = _resolve(module, _keyword(call, "step_id"))
                    assert isinstance(step, str), f"{module}:{call.lineno}: computed step_id"
                    passed = _keyword(call, "description_placeholders")
                    keys = set() if passed is None else _dict_keys(module, passed)
                    # A step shown from several places gets only what all of them pass.
                    known = [k for k in (keys, flow.steps.get(step)) if k is not None]
                    flow.steps[step] = set.intersection(*known) if known else None
                elif name == "async_abort":
                    reason = _resolve(module, _keyword(call, "reason"))
                    assert isinstance(reason, str), f"{module}:{call.lineno}: computed reason"
                    flow.aborts.add(reason)
                elif name == "_abort_if_unique_id_configured":
                    flow.aborts.add("already_configured")
                elif name == "async_update_reload_and_abort" and not _keyword(call, "reason"):
                    flow.aborts.add("reconfigure_successful")
    return found


@dataclass(frozen=True)
class Form:
    """The fields of a form: its own, and those of each of its sections."""

    fields: frozenset[str]
    sections: Mapping[str, frozenset[str]]
    selectors: tuple[Any, ...]


def form(schema: vol.Schema) -> Form:
    fields: set[str] = set()
    sections: dict[str, frozenset[str]] = {}
    selectors: list[Any] = []
    for marker, value in schema.schema.items():
        if isinstance(value, section):
            sections[str(marker)] = frozenset(str(inner) for inner in value.schema.schema)
            selectors.extend(value.schema.schema.values())
        else:
            fields.add(str(marker))
            selectors.append(value)
    return Form(frozenset(fields), sections, tuple(selectors))


@cache
def forms() -> dict[tuple[str, str], Form | None]:
    """The form of every step the flows show; None for a form built from live data."""
    child = form(config_flow.child_schema({}))
    # The fix flow shows one field: the option of the need whose entity was deleted.
    need = form(vol.Schema({vol.Optional(option): str for option in NEED_ENTITY_OPTIONS.values()}))
    return {
        ("config", "user"): child,
        ("config", "reconfigure"): child,
        ("options", "init"): form(config_flow.options_schema({})),
        # One field per parent, keyed by the person's entity id: no labels to translate.
        ("options", "notify"): None,
        ("fix_flow", "choose"): need,
    }


@cache
def services_yaml() -> dict[str, Any]:
    return yaml.safe_load((PACKAGE / "services.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def used_selectors() -> dict[str, set[str]]:
    """The options of every select selector with a translation key, in forms and services."""
    found: list[Any] = [
        value for flow_form in forms().values() if flow_form for value in flow_form.selectors
    ]
    found.extend(
        selector(service_field["selector"])
        for service in services_yaml().values()
        for service_field in (service or {}).get("fields", {}).values()
        if "selector" in service_field
    )
    used: dict[str, set[str]] = {}
    for value in found:
        if isinstance(value, SelectSelector) and value.config.get("translation_key"):
            options = {
                option["value"] if isinstance(option, Mapping) else option
                for option in value.config["options"]
            }
            used[value.config["translation_key"]] = options
    return used


@dataclass(frozen=True)
class Translated:
    """A translation key the code passes, with the placeholders it passes along."""

    where: str
    key: str
    placeholders: set[str] | None


@cache
def raised_exceptions() -> list[Translated]:
    """Exceptions raised with a literal translation key (they name `translation_domain`)."""
    found = []
    for module, tree in _sources().items():
        for call in _calls(tree):
            if _keyword(call, "translation_domain") is None:
                continue
            key = _resolve(module, _keyword(call, "translation_key"))
            if isinstance(key, str):
                passed = _keyword(call, "translation_placeholders")
                keys = set() if passed is None else _dict_keys(module, passed)
                found.append(Translated(f"{module}:{call.lineno}", key, keys))
    return found


@cache
def entity_keys() -> dict[str, list[Translated]]:
    """The entities' translation keys, by platform (the module that describes them)."""
    found: dict[str, list[Translated]] = {}
    for module, tree in _sources().items():
        for node in ast.walk(tree):
            value: ast.expr | None = None
            passed: ast.expr | None = None
            if isinstance(node, ast.Call) and _called(node).endswith("Description"):
                value = _keyword(node, "translation_key")
                passed = _keyword(node, "translation_placeholders")
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, (ast.Name, ast.Attribute))
                and (getattr(target, "id", None) or getattr(target, "attr", None))
                == "_attr_translation_key"
                for target in node.targets
            ):
                value = node.value
            if value is None:
                continue
            where = f"{module}:{node.lineno}"
            key = _resolve(module, value)
            assert isinstance(key, str), f"{where}: the entity's translation_key is computed"
            keys = set() if passed is None else _dict_keys(module, passed)
            found.setdefault(Path(module).stem, []).append(Translated(where, key, keys))
    return found


# --- Shape checks ----------------------------------------------------------------------


def _strings(where: str, node: object, problems: list[str]) -> None:
    """A mapping of keys to strings, such as a step's `data` or a flow's `error`."""
    if not isinstance(node, Mapping):
        problems.append(f"{where}: must be an object of strings")
        return
    problems.extend(
        f"{where}.{key}: must be a string"
        for key, value in node.items()
        if not isinstance(value, str)
    )


def _allowed(where: str, node: object, allowed: set[str], problems: list[str]) -> bool:
    if not isinstance(node, Mapping):
        problems.append(f"{where}: must be an object")
        return False
    problems.extend(
        f"{where}.{key}: not allowed here (allowed: {', '.join(sorted(allowed))})"
        for key in node
        if key not in allowed
    )
    return True


def _typed(
    where: str,
    node: Mapping[str, Any],
    problems: list[str],
    strings: tuple[str, ...] = (),
    tables: tuple[str, ...] = (),
) -> None:
    """The keys in `strings` hold strings, those in `tables` objects of strings."""
    problems.extend(
        f"{where}.{key}: must be a string"
        for key in strings
        if key in node and not isinstance(node[key], str)
    )
    for key in tables:
        if key in node:
            _strings(f"{where}.{key}", node[key], problems)


def flow_problems(where: str, flow: object, allowed: set[str]) -> list[str]:
    """The shape of a data entry flow's translations (config, options or a fix flow)."""
    problems: list[str] = []
    if not _allowed(where, flow, allowed, problems):
        return problems
    assert isinstance(flow, Mapping)
    _typed(where, flow, problems, tables=tuple(sorted(allowed - {"step"})))
    for step_id, step in flow.get("step", {}).items():
        at = f"{where}.step.{step_id}"
        if not _allowed(at, step, STEP_KEYS, problems):
            continue
        _typed(
            at,
            step,
            problems,
            strings=("title", "description", "submit"),
            tables=("data", "data_description", "menu_options", "menu_option_descriptions"),
        )
        for name, part in step.get("sections", {}).items():
            if _allowed(f"{at}.sections.{name}", part, SECTION_KEYS, problems):
                _typed(
                    f"{at}.sections.{name}",
                    part,
                    problems,
                    strings=("name", "description"),
                    tables=("data", "data_description"),
                )
    return problems


def unpassed(where: str, used: set[str], passed: set[str] | None, by: str) -> list[str]:
    """Placeholders a text uses that the code does not pass (unknown when computed)."""
    if passed is None:
        return []
    return [
        f"{where}: uses {{{name}}}, but {by} passes only {sorted(passed)}"
        for name in sorted(used - passed)
    ]


def _labels(where: str, part: Mapping[str, Any], fields: frozenset[str]) -> list[str]:
    """A step's (or section's) `data` labels every field, and describes no other."""
    problems = [
        f"{where}.data: no label for the field {name!r}"
        for name in sorted(fields - part.get("data", {}).keys())
    ]
    problems.extend(
        f"{where}.{key}.{name}: the form has no such field (its fields: {sorted(fields)})"
        for key in ("data", "data_description")
        for name in part.get(key, {})
        if name not in fields
    )
    return problems


def fields_problems(where: str, step: Mapping[str, Any], flow_form: Form) -> list[str]:
    problems = _labels(where, step, flow_form.fields)
    translated = step.get("sections", {})
    problems.extend(
        f"{where}.sections: no translation for the section {name!r}"
        for name in sorted(flow_form.sections.keys() - translated.keys())
    )
    problems.extend(
        f"{where}.sections.{name}: the form has no such section"
        for name in sorted(translated.keys() - flow_form.sections.keys())
    )
    for name, fields in flow_form.sections.items():
        if name in translated:
            problems.extend(_labels(f"{where}.sections.{name}", translated[name], fields))
    return problems


def steps_problems(where: str, flow: Mapping[str, Any], kind: str) -> list[str]:
    """The flow's steps, fields, placeholders and abort reasons are the code's."""
    code = flows()[kind]
    steps = flow.get("step", {})
    problems = [
        f"{where}.step: no translation for the step {step!r} the code shows"
        for step in sorted(code.steps.keys() - steps.keys())
    ]
    problems.extend(
        f"{where}.step.{step}: the code shows no such step"
        for step in sorted(steps.keys() - code.steps.keys())
    )
    problems.extend(
        f"{where}.abort: no message for the abort reason {reason!r}"
        for reason in sorted(code.aborts - flow.get("abort", {}).keys())
    )
    all_forms = forms()
    for step_id in sorted(code.steps.keys() & steps.keys()):
        at = f"{where}.step.{step_id}"
        used = set().union(*map(placeholders, texts(steps[step_id])))
        problems.extend(unpassed(at, used, code.steps[step_id], "the step"))
        if (kind, step_id) not in all_forms:
            problems.append(
                f"{at}: add the step's form to forms() in tests/test_translation_rules.py"
            )
        elif (flow_form := all_forms[kind, step_id]) is not None:
            problems.extend(fields_problems(at, steps[step_id], flow_form))
    return problems


# --- Tests -----------------------------------------------------------------------------


def test_only_known_categories(tree: dict[str, Any]) -> None:
    assert tree.keys() <= CATEGORIES, f"unknown top-level keys: {sorted(tree.keys() - CATEGORIES)}"


def test_every_string_is_clean(tree: dict[str, Any]) -> None:
    problems = []
    for path, text in _leaves(tree).items():
        if not isinstance(text, str):
            problems.append(f"{path}: must be a string or an object, not {type(text).__name__}")
            continue
        if not text.strip():
            problems.append(f"{path}: empty")
        elif text != text.strip():
            problems.append(f"{path}: leading or trailing whitespace in {text!r}")
        if "  " in text:
            problems.append(f"{path}: double space in {text!r}")
        if HTML_TAG.search(text):
            problems.append(f"{path}: HTML in {text!r} (use Markdown)")
        if QUOTED_PLACEHOLDER.search(text):
            problems.append(f"{path}: an apostrophe right before a placeholder quotes it: {text!r}")
        if "[%key:" in text and not REFERENCE.match(text):
            problems.append(f"{path}: a reference must be the whole string: {text!r}")
        if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
            problems.append(f"{path}: a brace that is not a {{placeholder}} in {text!r}")
    assert not problems, report(problems)


# The card's counts, and the word after one: the card's texts have no plural forms, so a
# count is a labelled figure ("wakings 1"), never "1 wakings". What follows a count must
# read the same for every number: an abbreviated unit, or the Dutch "keer" ("1 keer").
CARD_COUNT = re.compile(r"\{(episodes|nights|count|minutes)\}\s*([^\W\d_][\w.]*)")
SAME_FOR_EVERY_NUMBER = {"min", "Min.", "keer"}


def test_no_card_text_puts_a_count_before_a_noun(tree: dict[str, Any]) -> None:
    problems = [
        f"common.{key}: {{{count}}} {word}… in {text!r}"
        for key, text in tree["common"].items()
        if key.startswith("card_")
        for count, word in CARD_COUNT.findall(text)
        if word not in SAME_FOR_EVERY_NUMBER
    ]
    assert not problems, report(problems)


def test_the_count_rule_finds_a_count_before_a_noun() -> None:
    assert CARD_COUNT.findall("{date}: {episodes} wakings, {minutes} min crying") == [
        ("episodes", "wakings"),
        ("minutes", "min"),
    ]
    assert CARD_COUNT.findall("{date}: wakings {episodes} · crying {minutes} min") == [
        ("minutes", "min")
    ]


def test_keys_are_translation_keys(tree: dict[str, Any]) -> None:
    """Keys are lowercase slugs; field names under `data` follow the form instead."""
    problems = []

    def walk(node: Mapping[str, Any], where: str) -> None:
        for key, value in node.items():
            if not TRANSLATION_KEY.match(key):
                problems.append(f"{where}{key}: not a lowercase translation key")
            if isinstance(value, Mapping) and key not in {"data", "data_description"}:
                walk(value, f"{where}{key}.")

    walk(tree, "")
    assert not problems, report(problems)


@pytest.mark.parametrize("kind", ["config", "options"])
def test_flow_shape(tree: dict[str, Any], kind: str) -> None:
    allowed = CONFIG_FLOW_KEYS if kind == "config" else FLOW_KEYS
    problems = flow_problems(kind, tree.get(kind, {}), allowed)
    assert not problems, report(problems)


@pytest.mark.parametrize("kind", ["config", "options"])
def test_flow_matches_the_code(tree: dict[str, Any], kind: str) -> None:
    problems = steps_problems(kind, tree.get(kind, {}), kind)
    assert not problems, report(problems)


def test_issue_shape(tree: dict[str, Any]) -> None:
    """A fixable issue has a title and a fix flow; any other a title and a description."""
    problems = []
    for key, issue in tree.get("issues", {}).items():
        where = f"issues.{key}"
        if not _allowed(where, issue, {"title", "description", "fix_flow"}, problems):
            continue
        if not isinstance(issue.get("title"), str):
            problems.append(f"{where}.title: required, a string")
        if "fix_flow" in issue:
            if "description" in issue:
                problems.append(
                    f"{where}: has both a description and a fix_flow; a fixable issue keeps "
                    "title and fix_flow (its explanation goes in the fix flow's step)"
                )
            problems.extend(flow_problems(f"{where}.fix_flow", issue["fix_flow"], FLOW_KEYS))
        elif not isinstance(issue.get("description"), str):
            problems.append(f"{where}: needs a description (or a fix_flow if it is fixable)")
    assert not problems, report(problems)


def test_issues_match_the_code(tree: dict[str, Any]) -> None:
    problems = []
    translated = tree.get("issues", {})
    for key, created in sorted(created_issues().items()):
        where = f"issues.{key}"
        if key not in translated:
            problems.append(f"{where}: missing; {created[0].where} creates it")
            continue
        issue = translated[key]
        for one in created:
            if one.fixable is None:
                problems.append(f"{one.where}: is_fixable is not a literal True or False")
            elif one.fixable != ("fix_flow" in issue):
                problems.append(
                    f"{where}: {one.where} creates it with is_fixable={one.fixable}, so it "
                    f"{'needs' if one.fixable else 'must not have'} a fix_flow"
                )
            used = set().union(
                *(placeholders(issue[part]) for part in ("title", "description") if part in issue)
            )
            problems.extend(unpassed(where, used, one.placeholders, one.where))
        if "fix_flow" in issue:
            problems.extend(steps_problems(f"{where}.fix_flow", issue["fix_flow"], "fix_flow"))
    problems.extend(
        f"issues.{key}: the code never creates this issue"
        for key in sorted(translated.keys() - created_issues().keys())
    )
    assert not problems, report(problems)


def test_entity_shape(tree: dict[str, Any]) -> None:
    problems = []
    for platform, entities in tree.get("entity", {}).items():
        if platform not in ENTITY_PLATFORMS:
            problems.append(f"entity.{platform}: not an entity platform of Sleep Coach")
            continue
        for key, entity in entities.items():
            where = f"entity.{platform}.{key}"
            if not _allowed(where, entity, ENTITY_KEYS, problems):
                continue
            _typed(where, entity, problems, strings=("name", "unit_of_measurement"))
            _typed(where, entity, problems, tables=("state",))
            for attribute, translation in entity.get("state_attributes", {}).items():
                at = f"{where}.state_attributes.{attribute}"
                if _allowed(at, translation, STATE_ATTRIBUTE_KEYS, problems):
                    _typed(at, translation, problems, strings=("name",), tables=("state",))
    assert not problems, report(problems)


def test_entities_match_the_code(tree: dict[str, Any]) -> None:
    problems = []
    translated = tree.get("entity", {})
    used = entity_keys()
    for platform, keys in sorted(used.items()):
        for one in keys:
            where = f"entity.{platform}.{one.key}"
            entity = translated.get(platform, {}).get(one.key)
            if entity is None:
                problems.append(f"{where}: missing; {one.where} uses it")
            else:
                named = placeholders(entity.get("name", ""))
                problems.extend(unpassed(where, named, one.placeholders, one.where))
    problems.extend(
        f"entity.{platform}.{key}: no entity uses this translation key"
        for platform, entities in translated.items()
        for key in entities
        if key not in {one.key for one in used.get(platform, [])}
    )
    assert not problems, report(problems)


def test_exceptions(tree: dict[str, Any]) -> None:
    problems = []
    translated = tree.get("exceptions", {})
    for key, exception in translated.items():
        where = f"exceptions.{key}"
        if _allowed(where, exception, {"message"}, problems) and not isinstance(
            exception.get("message"), str
        ):
            problems.append(f"{where}.message: required, a string")
    for one in raised_exceptions():
        where = f"exceptions.{one.key}"
        if one.key not in translated:
            problems.append(f"{where}: missing; {one.where} raises it")
        else:
            used = placeholders(translated[one.key].get("message", ""))
            problems.extend(unpassed(where, used, one.placeholders, one.where))
    assert not problems, report(problems)


def test_services_match_services_yaml(tree: dict[str, Any]) -> None:
    """Each service and field in services.yaml has a name and a description; no others."""
    problems = []
    translated = tree.get("services", {})
    declared = services_yaml()
    problems.extend(
        f"services.{name}: missing" for name in sorted(declared.keys() - translated.keys())
    )
    problems.extend(
        f"services.{name}: not in services.yaml"
        for name in sorted(translated.keys() - declared.keys())
    )
    for name in sorted(declared.keys() & translated.keys()):
        where = f"services.{name}"
        service = translated[name]
        if not _allowed(where, service, SERVICE_KEYS, problems):
            continue
        problems.extend(
            f"{where}.{key}: required, a string"
            for key in ("name", "description")
            if not isinstance(service.get(key), str)
        )
        fields = (declared[name] or {}).get("fields", {})
        strings = service.get("fields", {})
        problems.extend(
            f"{where}.fields.{key}: missing" for key in sorted(fields.keys() - strings.keys())
        )
        problems.extend(
            f"{where}.fields.{key}: not a field in services.yaml"
            for key in sorted(strings.keys() - fields.keys())
        )
        for key in sorted(fields.keys() & strings.keys()):
            at = f"{where}.fields.{key}"
            if _allowed(at, strings[key], SERVICE_FIELD_KEYS, problems):
                problems.extend(
                    f"{at}.{part}: required, a string"
                    for part in ("name", "description")
                    if not isinstance(strings[key].get(part), str)
                )
    assert not problems, report(problems)


def test_selectors_match_the_code(tree: dict[str, Any]) -> None:
    """Each select selector with a translation key has `options`: exactly its options."""
    problems = []
    translated = tree.get("selector", {})
    used = used_selectors()
    for key, options in sorted(used.items()):
        where = f"selector.{key}"
        if key not in translated:
            problems.append(f"{where}: missing; a select selector uses it")
            continue
        if not _allowed(where, translated[key], SELECTOR_KEYS, problems):
            continue
        if "options" not in translated[key]:
            problems.append(f"{where}.options: required")
            continue
        _strings(f"{where}.options", translated[key]["options"], problems)
        labels = translated[key]["options"].keys()
        problems.extend(f"{where}.options.{option}: missing" for option in sorted(options - labels))
        problems.extend(
            f"{where}.options.{option}: not an option of the selector"
            for option in sorted(labels - options)
        )
    problems.extend(
        f"selector.{key}: no select selector uses this translation key"
        for key in sorted(translated.keys() - used.keys())
    )
    assert not problems, report(problems)


def test_the_code_is_read() -> None:
    """The readers above find what the package does, so the checks are not vacuous."""
    assert created_issues().keys() >= {"state_unreadable", "need_entity_removed"}
    assert all(flow.steps for flow in flows().values()), flows()
    assert raised_exceptions()
    assert entity_keys().keys() == ENTITY_PLATFORMS
    assert used_selectors()
