"""Bring the development Home Assistant to a usable state.

Waits until Home Assistant answers, completes onboarding through its own onboarding API
with a demo user (only on the first start), logs in, and adds the demo child's Sleep Coach
entry if it is missing. Prints the address and the demo user's credentials. Standard
library only; used by scripts/develop and the end-to-end tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

DEMO_USER = "parent"
DEMO_PASSWORD = "sleepcoach-demo"  # noqa: S105 - a throw-away account on a local demo
DEMO_NAME = "Demo Parent"
DEMO_CHILD = "Mia"
DEMO_BIRTH_DATE = "2026-01-15"
DEMO_CRY_SOURCE = "binary_sensor.nursery_monitor_crying"
DEMO_OPTIONS = {
    "cry": {"cry_sources": [DEMO_CRY_SOURCE], "sound_on": 60, "sound_off": 45},
    "needs": {
        "fed_entity": "input_datetime.nursery_last_feed",
        "dry_entity": "input_boolean.nursery_baby_dry",
        "fed_window": 3,
        "dry_window": 3,
        "custom_needs": [],
    },
    "nursery": {"presence_entities": []},
    "schedule": {
        "night_start": "19:00:00",
        "night_end": "07:00:00",
        "waits": "5, 10, 15",
        "cap": 15,
        "settle": 3,
        "min_cry": 20,
    },
    "child": {"birth_date": DEMO_BIRTH_DATE, "allow_under_16_weeks": False},
    "household": {"parents": [], "rota": "manual", "split": "01:00:00", "escalate_after": 3},
}
STARTUP_TIMEOUT_S = 300.0
POLL_INTERVAL_S = 1.0


class BootstrapError(RuntimeError):
    """Home Assistant did not answer as expected."""

    def __init__(self, message: str, status: int | None = None) -> None:
        """Keep the HTTP status, if any, for callers that expect some."""
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class HomeAssistantClient:
    """A tiny client for the REST API of one Home Assistant instance."""

    base_url: str
    token: str | None = None

    @property
    def client_id(self) -> str:
        """Return the OAuth client id the frontend would use."""
        return f"{self.base_url}/"

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, form: bool = False
    ) -> Any:
        """Send a request and return the decoded JSON answer."""
        headers = {}
        data = None
        if body is not None:
            if form:
                data = urllib.parse.urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - the URL is this machine's loopback
            f"{self.base_url}{path}", data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                payload = response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")
            raise BootstrapError(
                f"{method} {path} answered {err.code}: {detail}", err.code
            ) from err
        return json.loads(payload) if payload else None


def wait_until[T](
    check: Callable[[], T | None], what: str, timeout_s: float = STARTUP_TIMEOUT_S
) -> T:
    """Poll `check` until it returns a truthy value, or fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            result = check()
        except (OSError, BootstrapError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise BootstrapError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(POLL_INTERVAL_S)


def onboard(client: HomeAssistantClient) -> str:
    """Create the demo user and finish onboarding; return an access token."""
    auth_code = client.request(
        "POST",
        "/api/onboarding/users",
        {
            "client_id": client.client_id,
            "name": DEMO_NAME,
            "username": DEMO_USER,
            "password": DEMO_PASSWORD,
            "language": "en",
        },
    )["auth_code"]
    token = str(exchange_code(client, auth_code)["access_token"])
    authed = HomeAssistantClient(client.base_url, token)
    authed.request("POST", "/api/onboarding/core_config")
    authed.request("POST", "/api/onboarding/analytics")
    authed.request(
        "POST",
        "/api/onboarding/integration",
        {"client_id": client.client_id, "redirect_uri": client.client_id},
    )
    return token


def log_in(client: HomeAssistantClient) -> str:
    """Log the demo user in through the login flow; return an access token."""
    return str(log_in_tokens(client)["access_token"])


def log_in_tokens(client: HomeAssistantClient) -> dict[str, Any]:
    """Log the demo user in through the login flow; return the whole token answer."""
    flow = client.request(
        "POST",
        "/auth/login_flow",
        {
            "client_id": client.client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client.client_id,
        },
    )
    result = client.request(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": client.client_id, "username": DEMO_USER, "password": DEMO_PASSWORD},
    )
    if result.get("type") != "create_entry":
        raise BootstrapError(f"the demo user could not log in: {result}")
    return exchange_code(client, result["result"])


def exchange_code(client: HomeAssistantClient, code: str) -> dict[str, Any]:
    """Trade an authorization code for tokens (access, refresh, expiry)."""
    return dict(
        client.request(
            "POST",
            "/auth/token",
            {"grant_type": "authorization_code", "code": code, "client_id": client.client_id},
            form=True,
        )
    )


def ensure_demo_child(client: HomeAssistantClient) -> None:
    """Add the demo child's Sleep Coach entry, wired to the simulated nursery, if missing."""
    entries = client.request("GET", "/api/config/config_entries/entry?domain=sleep_coach")
    if any(entry["domain"] == "sleep_coach" for entry in entries):
        return
    flow = client.request("POST", "/api/config/config_entries/flow", {"handler": "sleep_coach"})
    result = client.request(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {
            "name": DEMO_CHILD,
            "birth_date": DEMO_BIRTH_DATE,
            "allow_under_16_weeks": False,
            "cry_sources": [DEMO_CRY_SOURCE],
        },
    )
    if result.get("type") != "create_entry":
        raise BootstrapError(f"the demo child could not be added: {result}")
    # The options flow maps the feed and the nappy to the nursery's own helpers, as a family
    # with a feeding log would; "safe" stays Sleep Coach's own switch.
    entry_id = result["result"]["entry_id"]
    flow = client.request("POST", "/api/config/config_entries/options/flow", {"handler": entry_id})
    result = client.request(
        "POST", f"/api/config/config_entries/options/flow/{flow['flow_id']}", DEMO_OPTIONS
    )
    if result.get("type") != "create_entry":
        raise BootstrapError(f"the demo child's options could not be set: {result}")


def user_exists(client: HomeAssistantClient) -> bool:
    """Tell whether onboarding has created the first user already."""
    try:
        steps = client.request("GET", "/api/onboarding")
    except BootstrapError as err:
        # Home Assistant removes the onboarding API once onboarding is complete.
        if err.status == HTTPStatus.NOT_FOUND:
            return True
        raise
    return any(step["step"] == "user" and step["done"] for step in steps)


def bootstrap(base_url: str) -> str:
    """Bring Home Assistant at `base_url` to a usable state; return an access token."""
    client = HomeAssistantClient(base_url)
    wait_until(lambda: client.request("GET", "/manifest.json"), "the web server")
    token = log_in(client) if user_exists(client) else onboard(client)
    authed = HomeAssistantClient(base_url, token)
    wait_until(
        lambda: authed.request("GET", "/api/config").get("state") == "RUNNING",
        "Home Assistant to finish starting",
    )
    ensure_demo_child(authed)
    return token


def main(argv: list[str] | None = None) -> int:
    """Run the bootstrap and print how to log in."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--config", help="the config folder, shown in the summary")
    args = parser.parse_args(argv)
    base_url = f"http://127.0.0.1:{args.port}"
    try:
        bootstrap(base_url)
    except BootstrapError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(
        f"\nSleep Coach demo is running on {base_url}\n"
        f"  user:     {DEMO_USER}\n"
        f"  password: {DEMO_PASSWORD}\n"
        f"  child:    {DEMO_CHILD}\n"
        f"  config:   {args.config or '(unknown)'}\n"
        "Open Sleep Coach in the sidebar and toggle 'Simulate crying' in the Overview to\n"
        "play a night. Ctrl-C stops.\n",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
