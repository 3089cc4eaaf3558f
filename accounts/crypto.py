"""Encryption at rest for secrets a database dump must not reveal (TOTP secrets; later, session notes).

Keys come from the environment (ENCRYPTION_KEYS, comma-separated, newest first): new values are
encrypted with the first, and any listed key decrypts, so a key can be rotated without downtime.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet_key(passphrase):
    return base64.urlsafe_b64encode(hashlib.sha256(passphrase.encode()).digest())


@cache
def _keys():
    return MultiFernet([Fernet(_fernet_key(key)) for key in settings.ENCRYPTION_KEYS])


def encrypt(text):
    return _keys().encrypt(text.encode()).decode()


def decrypt(token):
    return _keys().decrypt(token.encode()).decode()
