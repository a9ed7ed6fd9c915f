"""A node's keys: Ed25519 to sign what it sends, an age (X25519) identity to read what is
sent to it. Secrets are kept inside the encrypted database; the public halves travel in
setup packages so that offices can trust each other."""

from __future__ import annotations

from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


@dataclass(frozen=True)
class PublicKeys:
    """What another office needs to know about a node."""

    node_id: str
    sign_public: str  # Ed25519 raw public key, hex
    age_recipient: str  # "age1…"

    def verify(self, signature: bytes, data: bytes) -> bool:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.sign_public))
        try:
            key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class NodeKeys:
    """A node's own secret keys (never leave the encrypted database or a setup package)."""

    node_id: str
    sign_secret: str  # Ed25519 raw private key, hex
    age_identity: str  # "AGE-SECRET-KEY-1…"

    @classmethod
    def generate(cls, node_id: str) -> NodeKeys:
        signing = Ed25519PrivateKey.generate()
        raw = signing.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(node_id, raw.hex(), str(pyrage.x25519.Identity.generate()))

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.sign_secret)).sign(data)

    @property
    def public(self) -> PublicKeys:
        signing = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.sign_secret))
        raw = signing.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        recipient = pyrage.x25519.Identity.from_str(self.age_identity).to_public()
        return PublicKeys(self.node_id, raw.hex(), str(recipient))
