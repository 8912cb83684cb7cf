"""The portal's password hasher: Argon2id with the parameters of the OWASP Password Storage Cheat Sheet.

Django's default, PBKDF2-SHA256 with 1.000.000 rounds, costs 0,4-0,7 s of CPU per login on a 2-core office
server (bench/RESULTS.md, "Login under load"): a morning burst of logins takes every core. Argon2id is memory-hard
(every guess needs ``memory_cost`` KiB of RAM, which is what makes GPU and ASIC guessing expensive) and is the
cheat sheet's first choice; its minimum configuration, m = 19 MiB, t = 2, p = 1, costs about 20 ms of CPU here.
The three numbers come from the environment (``ARGON2_MEMORY_KIB``, ``ARGON2_TIME_COST``, ``ARGON2_PARALLELISM``)
so an installation with more cores can raise them; a stored hash made with other numbers (or with PBKDF2, still
listed after this hasher in ``PASSWORD_HASHERS`` to read older hashes) is re-made at the user's next login.
"""

import os

from django.contrib.auth.hashers import Argon2PasswordHasher


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id (the ``argon2`` algorithm of Django, so Django's own hasher reads these hashes too)."""

    time_cost = _env_int("ARGON2_TIME_COST", 2)
    memory_cost = _env_int("ARGON2_MEMORY_KIB", 19456)
    parallelism = _env_int("ARGON2_PARALLELISM", 1)
