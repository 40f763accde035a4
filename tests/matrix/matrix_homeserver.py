"""A throwaway Synapse homeserver on loopback, for the tests and the benchmark.

Synapse comes from the test extra (`matrix-synapse`); nothing is installed at
test time. The configuration relaxes every rate limit: with Synapse's defaults
nio sleeps on 429 answers and a few dozen round trips take minutes. Users are
registered through the admin shared-secret API with the standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SERVER_NAME = "localhost"
SHARED_SECRET = "kamu-test-registration-secret"

# Every rc_* key Synapse 1.16x knows; a misspelt key would be ignored silently,
# which is why a test asserts that 50 quick messages round-trip.
_UNLIMITED = {"per_second": 1000, "burst_count": 1000}
RATE_LIMITS = {
    "rc_message": _UNLIMITED,
    "rc_registration": _UNLIMITED,
    "rc_registration_token_validity": _UNLIMITED,
    "rc_login": {"address": _UNLIMITED, "account": _UNLIMITED, "failed_attempts": _UNLIMITED},
    "rc_admin_redaction": _UNLIMITED,
    "rc_joins": {"local": _UNLIMITED, "remote": _UNLIMITED},
    "rc_joins_per_room": _UNLIMITED,
    "rc_3pid_validation": _UNLIMITED,
    "rc_invites": {"per_room": _UNLIMITED, "per_user": _UNLIMITED, "per_issuer": _UNLIMITED},
    "rc_third_party_invite": _UNLIMITED,
    "rc_room_creation": _UNLIMITED,
    "rc_federation": {"window_size": 1000, "sleep_limit": 1000, "sleep_delay": 0, "reject_limit": 1000},
    "rc_key_requests": _UNLIMITED,
    "rc_presence": {"per_user": _UNLIMITED},
    "rc_delayed_event_mgmt": _UNLIMITED,
    "rc_reports": _UNLIMITED,
    "rc_send_email": _UNLIMITED,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(directory: Path, port: int) -> str:
    config = {
        "server_name": SERVER_NAME,
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(directory / "log.yaml"),
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": SHARED_SECRET,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "report_stats": False,
        "enable_registration": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "presence": {"enabled": False},
        "bcrypt_rounds": 4,
        **RATE_LIMITS,
    }
    # JSON is valid YAML: no YAML writer needed.
    return json.dumps(config, indent=1)


_LOG_CONFIG = """\
version: 1
formatters: {plain: {format: '%(asctime)s %(levelname)s %(name)s %(message)s'}}
handlers: {file: {class: logging.FileHandler, formatter: plain, filename: LOGFILE}}
root: {level: WARNING, handlers: [file]}
disable_existing_loggers: false
"""


@dataclass
class User:
    user_id: str
    password: str
    access_token: str
    device_id: str


@dataclass
class Homeserver:
    """One Synapse process; `restart` keeps its port, database and users."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "homeserver.yaml"
        if not config.exists():
            key = base64.b64encode(os.urandom(32)).decode().rstrip("=")
            (self.directory / "signing.key").write_text(f"ed25519 a_test {key}\n")
            log_file = str(self.directory / "synapse.log")
            (self.directory / "log.yaml").write_text(_LOG_CONFIG.replace("LOGFILE", log_file))
            config.write_text(_config(self.directory, self.port))
        with open(self.directory / "stderr.log", "ab") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)],
                cwd=self.directory,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited with {self.process.returncode}; see {self.directory}/stderr.log")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Synapse did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def register(self, localpart: str | None = None, password: str | None = None) -> User:
        """A new user through the admin shared-secret API (about 20 ms)."""
        localpart = localpart or f"u{secrets.token_hex(5)}"
        password = password or secrets.token_urlsafe(12)
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        with urllib.request.urlopen(endpoint, timeout=10) as response:
            nonce = json.load(response)["nonce"]
        mac = hmac.new(SHARED_SECRET.encode(), digestmod=hashlib.sha1)
        mac.update(f"{nonce}\0{localpart}\0{password}\0notadmin".encode())
        body = {"nonce": nonce, "username": localpart, "password": password, "admin": False, "mac": mac.hexdigest()}
        request = urllib.request.Request(
            endpoint, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"registering {localpart} failed: {error.read().decode()}") from None
        return User(answer["user_id"], password, answer["access_token"], answer["device_id"])
