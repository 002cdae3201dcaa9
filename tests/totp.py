"""TOTP codes computed the way a phone app does (RFC 6238: HMAC-SHA1, 30-second steps, six
digits), independently of allauth, for tests that sign in with a second factor."""

import base64
import hashlib
import hmac
import struct
import time

STEP = 30


def current_step() -> int:
    return int(time.time()) // STEP


def code(secret: str, step: int | None = None) -> str:
    """The six digits an authenticator app shows for `secret` at `step` (now by default)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", current_step() if step is None else step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def wait_for_a_fresh_step(seconds_needed: int = 20) -> int:
    """Wait, if needed, until at least `seconds_needed` seconds are left in the current step,
    so that a code read now stays valid for the whole of what the test does; returns the step."""
    left = STEP - time.time() % STEP
    if left < seconds_needed:
        time.sleep(left + 0.05)
    return current_step()
