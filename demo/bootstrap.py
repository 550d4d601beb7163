"""Bring the development Home Assistant to a usable state.

Waits until Home Assistant answers, completes onboarding through its own onboarding API
with a demo user (only on the first start), logs in, and adds the demo child's Sleep Coach
entry if it is missing. Checks which addresses the web server listens on, then prints them
and the demo user's credentials. Standard library only; used by scripts/develop and the
end-to-end tests, which also write Home Assistant's HTTP settings with it before a start.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

DEMO_USER = "parent"
# The fixed password of a demo reachable from this machine only; scripts/develop --lan gives
# the demo user a random one instead and passes it in this environment variable.
DEMO_PASSWORD = "sleepcoach-demo"  # noqa: S105 - a throw-away account on a loopback demo
PASSWORD_VARIABLE = "SLEEP_COACH_DEMO_PASSWORD"  # noqa: S105 - the variable's name
LOOPBACK = "127.0.0.1"
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


def onboard(client: HomeAssistantClient, password: str = DEMO_PASSWORD) -> str:
    """Create the demo user and finish onboarding; return an access token."""
    auth_code = client.request(
        "POST",
        "/api/onboarding/users",
        {
            "client_id": client.client_id,
            "name": DEMO_NAME,
            "username": DEMO_USER,
            "password": password,
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


def log_in(client: HomeAssistantClient, password: str = DEMO_PASSWORD) -> str:
    """Log the demo user in through the login flow; return an access token."""
    return str(log_in_tokens(client, password)["access_token"])


def log_in_tokens(client: HomeAssistantClient, password: str = DEMO_PASSWORD) -> dict[str, Any]:
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
        {"client_id": client.client_id, "username": DEMO_USER, "password": password},
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


def write_http_settings(config_dir: Path, port: int, *, all_interfaces: bool = False) -> None:
    """Set the web server's addresses and port for the next start of Home Assistant.

    Since 2026 Home Assistant keeps them in its storage: a YAML `http:` section is taken
    over once as a trial that reverts after 5 minutes unless confirmed, and ignored after
    that. So they are written there, while Home Assistant is stopped, in the format 2025.4
    stores them (version 1), which 2026 takes over as its confirmed settings. Without
    `server_host` it listens on every interface.
    """
    settings: dict[str, Any] = {"server_port": port}
    if not all_interfaces:
        settings["server_host"] = [LOOPBACK]
    storage = config_dir / ".storage"
    storage.mkdir(parents=True, exist_ok=True)
    path = storage / "http"
    path.unlink(missing_ok=True)
    # Private, as Home Assistant keeps it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump({"version": 1, "minor_version": 1, "key": "http", "data": settings}, file)


def listening_addresses(port: int) -> set[str]:
    """Return the addresses a TCP socket listens on at `port` on this machine.

    Read from the kernel's socket tables, so nothing is sent anywhere.
    """
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, _, port_hex = fields[1].partition(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            # The address is written as 32-bit words in the machine's byte order.
            raw = bytes.fromhex(address)
            words = [raw[index : index + 4] for index in range(0, len(raw), 4)]
            if sys.byteorder == "little":
                words = [word[::-1] for word in words]
            packed = b"".join(words)
            found.add(str(ipaddress.ip_address(packed)))
    return found


def only_loopback(addresses: set[str]) -> bool:
    """Tell whether every address is a loopback address (so nothing beyond this machine)."""
    return all(ipaddress.ip_address(address).is_loopback for address in addresses)


def bootstrap(base_url: str, password: str = DEMO_PASSWORD) -> str:
    """Bring Home Assistant at `base_url` to a usable state; return an access token."""
    client = HomeAssistantClient(base_url)
    wait_until(lambda: client.request("GET", "/manifest.json"), "the web server")
    token = log_in(client, password) if user_exists(client) else onboard(client, password)
    authed = HomeAssistantClient(base_url, token)
    wait_until(
        lambda: authed.request("GET", "/api/config").get("state") == "RUNNING",
        "Home Assistant to finish starting",
    )
    ensure_demo_child(authed)
    return token


def main(argv: list[str] | None = None) -> int:
    """Run the bootstrap, check the addresses listened on and print how to log in."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--config", help="the config folder, shown in the summary")
    parser.add_argument(
        "--lan",
        action="store_true",
        help="Home Assistant listens on every interface (the password comes from "
        f"${PASSWORD_VARIABLE})",
    )
    parser.add_argument(
        "--address",
        action="append",
        default=[],
        help="an address of this machine on the network, shown in the summary with --lan",
    )
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    args = parser.parse_args(argv)
    password = os.environ.get(PASSWORD_VARIABLE) or DEMO_PASSWORD
    if args.lan and password == DEMO_PASSWORD:
        print(f"error: --lan needs a password of its own in ${PASSWORD_VARIABLE}", file=sys.stderr)
        return 2
    base_url = f"http://{LOOPBACK}:{args.port}"
    try:
        bootstrap(base_url, password)
    except BootstrapError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    addresses = listening_addresses(args.port)
    if not args.lan and not (addresses and only_loopback(addresses)):
        listens = ", ".join(sorted(addresses)) or "unknown addresses"
        print(
            f"error: Home Assistant listens on {listens} at port {args.port}, not only on "
            "this machine's loopback",
            file=sys.stderr,
        )
        return 1
    if args.quiet:
        return 0
    reach = f"  address:  {base_url} (this machine only)\n"
    if args.lan:
        reach = f"  address:  {base_url} here, and from the network:\n" + "".join(
            f"            http://{_url_host(address)}:{args.port}\n" for address in args.address
        )
    print(
        "\nSleep Coach demo is running\n"
        f"{reach}"
        f"  listens:  {', '.join(sorted(addresses)) or '(unknown)'}, port {args.port}\n"
        f"  user:     {DEMO_USER}\n"
        f"  password: {password}"
        f"{' (new on every --lan start)' if args.lan else ''}\n"
        f"  child:    {DEMO_CHILD}\n"
        f"  config:   {args.config or '(unknown)'}\n"
        "Open Sleep Coach in the sidebar and toggle 'Simulate crying' in the Overview to\n"
        "play a night. Ctrl-C stops.\n",
        flush=True,
    )
    return 0


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


if __name__ == "__main__":
    sys.exit(main())
