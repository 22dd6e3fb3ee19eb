"""Encryption at rest for consultation records: now in the ground package (core.crypto for
the Fernet primitive, core.fields for the model field), so that accounts can use it too.

The names stay importable from here: migration 0003 refers to
`consultations.crypto.EncryptedTextField`.
"""

from core.crypto import PREFIX, blind_index, decrypt, encrypt, fernet, is_ciphertext, rotate
from core.fields import EncryptedTextField

__all__ = [
    "PREFIX",
    "EncryptedTextField",
    "blind_index",
    "decrypt",
    "encrypt",
    "fernet",
    "is_ciphertext",
    "rotate",
]
