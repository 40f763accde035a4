"""Which devices the bot encrypts its replies for (`matrix.trust`).

`tofu`, trust on first use (the default): the first time the bot sees a device
of a room member it marks the device verified in its crypto store; a device
someone blacklisted by hand in the store stays excluded.
`none`: the bot verifies nothing; replies are still encrypted for every device
of the room's members, which nio records as "ignored" rather than trusted.
Either way the bot reads messages from unverified devices: it serves the
public and cannot verify its users interactively.
"""

from __future__ import annotations

from nio import AsyncClient, MatrixRoom

from bot.config import ConfigError

POLICIES = ("tofu", "none")


def check(policy: str) -> str:
    chosen = policy.strip().lower()
    if chosen not in POLICIES:
        raise ConfigError(f"matrix.trust: expected one of {', '.join(POLICIES)}, got {policy!r}")
    return chosen


def apply(client: AsyncClient, room: MatrixRoom, policy: str) -> bool:
    """Trust the room's new devices under the policy; returns `ignore_unverified_devices` for sending."""
    if policy == "none":
        return True
    for user_id in room.users:
        for device in client.device_store.active_user_devices(user_id):
            if device.id == client.device_id and user_id == client.user_id:
                continue
            if not (client.olm.is_device_verified(device) or client.olm.is_device_blacklisted(device)):
                client.verify_device(device)
    return False
