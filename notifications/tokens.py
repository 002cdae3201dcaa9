"""Signed unsubscribe links: they work without signing in, for one member and one kind."""

from django.core import signing

SALT = "notifications.unsubscribe"
ALL_KINDS = "*"  # the digest's List-Unsubscribe header turns every kind off


def unsubscribe_token(*, user, kind: str) -> str:
    """A token naming `user` and `kind`, signed with SECRET_KEY; it does not expire."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; signing.BadSignature when it was tampered with."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("Malformed unsubscribe token")
    return data["u"], data["k"]
