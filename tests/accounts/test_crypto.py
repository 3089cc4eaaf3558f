"""Encryption at rest takes real Fernet keys, newest first, and any listed key still decrypts."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.test import override_settings

from accounts import crypto

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _keys_read_afresh():
    crypto.forget_keys()
    yield
    crypto.forget_keys()


def test_the_configured_key_is_the_fernet_key_itself():
    with override_settings(ENCRYPTION_KEYS=[NEW_KEY]):
        token = crypto.encrypt("JBSWY3DPEHPK3PXP")

    assert Fernet(NEW_KEY.encode()).decrypt(token.encode()) == b"JBSWY3DPEHPK3PXP"


def test_a_rotated_key_still_decrypts_and_new_values_use_the_newest():
    with override_settings(ENCRYPTION_KEYS=[OLD_KEY]):
        written_last_year = crypto.encrypt("a confidential note")
    crypto.forget_keys()

    with override_settings(ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert crypto.decrypt(written_last_year) == "a confidential note"
        rotated = crypto.rotate(written_last_year)
        written_now = crypto.encrypt("another note")

    assert Fernet(NEW_KEY.encode()).decrypt(written_now.encode()) == b"another note"
    assert Fernet(NEW_KEY.encode()).decrypt(rotated.encode()) == b"a confidential note"
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY.encode()).decrypt(written_now.encode())


@pytest.mark.parametrize("key", ["a-long-random-string", "check-deploy", ""])
def test_a_passphrase_is_not_a_key(key):
    assert crypto.key_problem(key) == (
        "Each ENCRYPTION_KEYS entry must be a key made by Fernet.generate_key() (32 bytes, url-safe base64)"
    )
