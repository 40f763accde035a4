"""Configuration: a TOML file, every key overridable from the environment.

Each key is declared once in `KEYS` with its type, environment variable,
default and meaning; the file, the environment and the error messages all come
from that table. Secrets normally come from the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """One line: the key (or file) and what is wrong with it."""


@dataclass(frozen=True)
class Key:
    type: type
    env: str
    default: Any
    help: str
    secret: bool = False


def default_database() -> str:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "kamu" / "kamu.db")


KEYS: dict[str, Key] = {
    # -- storage
    "storage.database": Key(str, "KAMU_DB", None, "SQLite file (default: kamu/kamu.db in the user's data directory)"),
    "storage.retention_days": Key(int, "KAMU_RETENTION_DAYS", 90, "days conversations and handled events are kept"),
    # -- privacy
    "privacy.idle_minutes": Key(int, "KAMU_IDLE_MINUTES", 30, "silence after which a chat counts as ended"),
    # -- locales
    "locales.directory": Key(str, "KAMU_LOCALES", None, "folder of locales to use instead of the bundled ones"),
    # -- telegram
    "telegram.token": Key(str, "KAMU_TELEGRAM_TOKEN", None, "bot token from BotFather", secret=True),
    "telegram.base_url": Key(str, "KAMU_TELEGRAM_BASE_URL", "https://api.telegram.org/bot", "Bot API endpoint"),
    "telegram.mode": Key(str, "KAMU_TELEGRAM_MODE", "polling", "'polling' or 'webhook'"),
    "telegram.webhook_url": Key(str, "KAMU_TELEGRAM_WEBHOOK_URL", None, "public HTTPS URL Telegram posts updates to"),
    "telegram.webhook_listen": Key(
        str, "KAMU_TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1", "address the webhook server binds"
    ),
    "telegram.webhook_port": Key(int, "KAMU_TELEGRAM_WEBHOOK_PORT", 8443, "port the webhook server binds"),
    "telegram.webhook_path": Key(str, "KAMU_TELEGRAM_WEBHOOK_PATH", "/telegram", "URL path of the webhook"),
    "telegram.webhook_secret": Key(
        str, "KAMU_TELEGRAM_WEBHOOK_SECRET", None, "secret token Telegram sends with each webhook call", secret=True
    ),
    "telegram.groups": Key(
        str, "KAMU_TELEGRAM_GROUPS", "mention", "in groups: 'mention' (answer when addressed) or 'ignore'"
    ),
    "telegram.send_rate": Key(
        int, "KAMU_TELEGRAM_SEND_RATE", 30, "messages per second sent in all (Telegram allows about 30); 0: no limit"
    ),
    # -- matrix
    "matrix.homeserver": Key(str, "KAMU_MATRIX_HOMESERVER", None, "homeserver URL"),
    "matrix.user_id": Key(str, "KAMU_MATRIX_USER_ID", None, "the bot's Matrix ID, e.g. @kamu:example.org"),
    "matrix.password": Key(str, "KAMU_MATRIX_PASSWORD", None, "the bot account's password", secret=True),
    "matrix.access_token": Key(
        str, "KAMU_MATRIX_ACCESS_TOKEN", None, "an access token instead of a password", secret=True
    ),
    "matrix.allowed_inviters": Key(
        list, "KAMU_MATRIX_ALLOWED_INVITERS", [], "users (@a:b) or servers (b) whose invites are accepted; empty: all"
    ),
    "matrix.store_path": Key(
        str, "KAMU_MATRIX_STORE", None, "folder of the encryption store (default: beside the database)"
    ),
    "matrix.trust": Key(str, "KAMU_MATRIX_TRUST", "tofu", "device trust: 'tofu' (trust on first use) or 'none'"),
    # -- queue
    "queue.hmac_key": Key(str, "KAMU_QUEUE_HMAC_KEY", None, "key for hashing diary numbers", secret=True),
    "queue.hmac_key_file": Key(
        str,
        "KAMU_QUEUE_HMAC_KEY_FILE",
        None,
        "file holding the key, made with mode 0600 when missing (default: beside the database)",
    ),
    "queue.daily_quota": Key(
        int, "KAMU_QUEUE_DAILY_QUOTA", 5, "distinct diary numbers one user may look up in 24 hours"
    ),
    "queue.scan_threshold": Key(int, "KAMU_QUEUE_SCAN_THRESHOLD", 8, "neighbour numbers per window that stop new ones"),
    "queue.scan_window_minutes": Key(int, "KAMU_QUEUE_SCAN_WINDOW_MINUTES", 60, "scan detector's window, minutes"),
    "queue.min_latency_ms": Key(int, "KAMU_QUEUE_MIN_LATENCY_MS", 400, "least time of every chat lookup, in ms"),
}


class Settings(Mapping[str, Any]):
    """Resolved configuration values by dotted key."""

    def __init__(self, values: dict[str, Any], source: Path | None = None) -> None:
        self._values = values
        self.source = source

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def database(self) -> str:
        return str(self._values["storage.database"] or default_database())

    def redacted(self) -> dict[str, Any]:
        """The values with every secret replaced, for logs and diagnostics."""
        return {k: ("***" if KEYS[k].secret and v else v) for k, v in self._values.items()}


def load(path: Path | None = None, environ: Mapping[str, str] | None = None, *, required: bool = False) -> Settings:
    """Settings from the file (if it exists, or must when `required`), then the environment."""
    environ = os.environ if environ is None else environ
    values = {key: spec.default for key, spec in KEYS.items()}
    if path is not None and (path.exists() or required):
        values.update(_from_file(path))
    for key, spec in KEYS.items():
        if spec.env in environ and environ[spec.env] != "":
            values[key] = _convert(key, spec, environ[spec.env], origin=spec.env)
    _check_pairs(values)
    return Settings(values, path)


def _from_file(path: Path) -> dict[str, Any]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    found: dict[str, Any] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: '{section}' must be a table like [{section}]; see the README for the keys")
        for name, value in table.items():
            key = f"{section}.{name}"
            if key not in KEYS:
                raise ConfigError(f"{path}: unknown key '{key}'; known keys: {', '.join(sorted(KEYS))}")
            found[key] = _convert(key, KEYS[key], value, origin=str(path))
    return found


def _convert(key: str, spec: Key, value: Any, *, origin: str) -> Any:
    if spec.type is bool and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
    elif spec.type in (int, float) and isinstance(value, str):
        try:
            return spec.type(value)
        except ValueError:
            pass
    elif spec.type is list and isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, spec.type) and not (spec.type is int and isinstance(value, bool)):
        return value
    raise ConfigError(f"{key} (from {origin}): expected {spec.type.__name__}, got {type(value).__name__} ({spec.help})")


def _check_pairs(values: dict[str, Any]) -> None:
    matrix = [values["matrix.homeserver"], values["matrix.user_id"]]
    credentials = values["matrix.password"] or values["matrix.access_token"]
    if any(matrix) or credentials:
        for key in ("matrix.homeserver", "matrix.user_id"):
            if not values[key]:
                raise ConfigError(
                    f"{key}: missing; Matrix needs the homeserver, the user id and a password or access token"
                )
        if not credentials:
            raise ConfigError("matrix.password: missing; set matrix.password or matrix.access_token")
    for key, spec in KEYS.items():
        if spec.type in (int, float) and isinstance(values[key], int | float) and values[key] < 0:
            raise ConfigError(f"{key}: must not be negative ({spec.help})")
