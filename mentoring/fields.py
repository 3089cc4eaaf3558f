from django.db import models

from accounts import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted with the keys in ENCRYPTION_KEYS: a database dump shows only ciphertext.

    It cannot be searched, filtered or ordered on; code reads it only where its owner may see it.
    """

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value
