"""Argon2id at a cost fit for tests, for tests only (the app's own settings are untouched).

The real cost (the key file's wraps: t=3, 64 MiB; the accounts' password hashes: argon2-cffi's
default, t=3, 64 MiB, 4 lanes) takes 0.2–0.9 s a derivation on a shared 2-core machine, and a
test that makes or opens a profile does several. Both costs are stored with what they protect
(each wrap carries its parameters, each hash its own), so what a test writes cheaply still
opens, and the real-cost files under tests/fixtures still verify at their own cost."""

from __future__ import annotations

from argon2 import PasswordHasher

from desktop.core.security import keystore

CHEAP_KDF = keystore.KdfParams(1, 1024, 1)
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
