"""Logging the bot in: a password or an access token, one device across restarts.

With a password the first start logs in and keeps the device id and access
token in the bot's database (adapter state), so later starts reuse the same
device, and with it the encryption keys in the crypto store. The token is a
secret: it is kept there and nowhere else, and never logged. With an access
token from the configuration, `whoami` tells the device.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse

from bot.config import Settings
from bot.store import Store

log = logging.getLogger(__name__)

PLATFORM = "matrix"
DEVICE_NAME = "Kamu bot"


class LoginFailed(RuntimeError):
    """The homeserver refused the credentials; retrying will not help."""


def store_path(settings: Settings) -> Path:
    """The crypto store folder: configured, or `matrix-store` beside the database."""
    configured = settings["matrix.store_path"]
    path = Path(configured) if configured else Path(settings.database).parent / "matrix-store"
    path.mkdir(parents=True, exist_ok=True)
    # The store holds the device's private keys.
    os.chmod(path, 0o700)
    return path


def new_client(settings: Settings) -> AsyncClient:
    config = AsyncClientConfig(
        encryption_enabled=True,
        # The adapter keeps the sync token itself, after the events are handled.
        store_sync_tokens=False,
        # Connection errors reach the adapter quickly; it backs off and reconnects.
        max_timeouts=2,
        request_timeout=60,
    )
    return AsyncClient(
        settings["matrix.homeserver"], settings["matrix.user_id"], store_path=str(store_path(settings)), config=config
    )


async def log_in(client: AsyncClient, settings: Settings, store: Store) -> None:
    token = settings["matrix.access_token"]
    if token:
        await _with_token(client, token, settings["matrix.user_id"])
        return
    device = await store.get_state(PLATFORM, "device_id")
    saved_token = await store.get_state(PLATFORM, "access_token")
    if device and saved_token:
        try:
            await _with_token(client, saved_token, settings["matrix.user_id"])
        except LoginFailed:
            log.warning("the saved Matrix access token no longer works; logging in again as the same device")
        else:
            return
    # Logging in as the saved device keeps its encryption keys valid.
    client.device_id = device or ""
    response = await client.login(settings["matrix.password"], device_name=DEVICE_NAME)
    if not isinstance(response, LoginResponse):
        raise LoginFailed(f"Matrix login as {settings['matrix.user_id']} failed: {response.message}")
    await store.set_state(PLATFORM, "device_id", response.device_id)
    await store.set_state(PLATFORM, "access_token", response.access_token)
    log.info("logged in to Matrix as %s, device %s", response.user_id, response.device_id)


async def _with_token(client: AsyncClient, token: str, expected_user: str) -> None:
    client.access_token = token
    response = await client.whoami()
    if not isinstance(response, WhoamiResponse):
        client.access_token = ""
        raise LoginFailed(f"the Matrix access token was refused: {response.message}")
    if response.user_id != expected_user:
        raise LoginFailed(f"the access token belongs to {response.user_id}, not matrix.user_id {expected_user}")
    if not response.device_id:
        raise LoginFailed("the access token has no device; encryption needs one")
    client.restore_login(response.user_id, response.device_id, token)
    log.info("resumed Matrix session as %s, device %s", response.user_id, response.device_id)
