"""Encryption at rest for secrets a database dump must not reveal (TOTP secrets, session notes).

Keys come from the environment (ENCRYPTION_KEYS, comma-separated, newest first), each made with

    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"

New values are encrypted with the first key and any listed key decrypts, so rotating is: put a new
key first, keep the old ones after it, deploy, re-encrypt what is stored (`rotate`), then drop the
old key. The settings refuse to load a value that is not such a key.
"""

import binascii
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

NOT_A_KEY = "Each ENCRYPTION_KEYS entry must be a key made by Fernet.generate_key() (32 bytes, url-safe base64)"


def key_problem(key):
    """Why `key` cannot be used, or None. Never repeats the key."""
    try:
        Fernet(key)
    except (ValueError, TypeError, binascii.Error):
        return NOT_A_KEY
    return None


@cache
def _keys():
    return MultiFernet([Fernet(key) for key in settings.ENCRYPTION_KEYS])


def forget_keys():
    """Read ENCRYPTION_KEYS afresh on next use (after the settings change)."""
    _keys.cache_clear()


def encrypt(text):
    return _keys().encrypt(text.encode()).decode()


def decrypt(token):
    return _keys().decrypt(token.encode()).decode()


def rotate(token):
    """The same secret, encrypted again with the newest key."""
    return _keys().rotate(token.encode()).decode()
