"""Short variant codes: seed <-> code, with a check character.

A code is seven payload characters and one check character from a 31-letter
alphabet without look-alikes (no 0/O, 1/I/L). The seed is scrambled by an
affine bijection so that neighbouring seeds do not give neighbouring codes.
The check character is a position-weighted sum modulo 31 (a prime), which
catches every single wrong character and every swap of two neighbours.
"""

from __future__ import annotations

from casetools.errors import UsageError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
PAYLOAD = 7
SEED_LIMIT: int = BASE**PAYLOAD  # seeds are 0 <= seed < SEED_LIMIT
_MULTIPLIER = 1_594_323_517  # coprime with 31**7
_OFFSET = 8_388_617
_INVERSE: int = pow(_MULTIPLIER, -1, SEED_LIMIT)
_LOOKALIKES = {"0": "O/0", "O": "O/0", "1": "1/I/L", "I": "1/I/L", "L": "1/I/L"}


def _check_value(values: list[int]) -> int:
    total = sum((i + 1) * v for i, v in enumerate(values))
    # choose c so that total + (PAYLOAD + 1) * c == 0 (mod BASE)
    return (-total * pow(PAYLOAD + 1, -1, BASE)) % BASE


def encode(seed: int) -> str:
    """Return the code for ``seed``."""
    if not 0 <= seed < SEED_LIMIT:
        msg = f"seed must be between 0 and {SEED_LIMIT - 1}, not {seed}"
        raise UsageError(msg)
    number = (seed * _MULTIPLIER + _OFFSET) % SEED_LIMIT
    values = []
    for _ in range(PAYLOAD):
        number, digit = divmod(number, BASE)
        values.append(digit)
    values.reverse()
    values.append(_check_value(values))
    return "".join(ALPHABET[v] for v in values)


def normalise(text: str) -> str:
    """Upper-case a typed code and drop spaces and hyphens people add for reading."""
    return "".join(ch for ch in text.upper() if ch not in " -")


def decode(text: str) -> int:
    """Return the seed of a code, or raise :class:`UsageError` saying what is wrong."""
    code = normalise(text)
    if len(code) != PAYLOAD + 1:
        msg = f"variant code {text!r} must have {PAYLOAD + 1} characters, not {len(code)}"
        raise UsageError(msg)
    for ch in code:
        if ch in _LOOKALIKES:
            msg = f"variant code {text!r} contains {ch!r}; codes never use {_LOOKALIKES[ch]}"
            raise UsageError(msg)
        if ch not in ALPHABET:
            msg = f"variant code {text!r} contains {ch!r}, which is not a code character"
            raise UsageError(msg)
    values = [ALPHABET.index(ch) for ch in code]
    if _check_value(values[:PAYLOAD]) != values[PAYLOAD]:
        msg = f"variant code {text!r} is mistyped: its check character does not match"
        raise UsageError(msg)
    number = 0
    for v in values[:PAYLOAD]:
        number = number * BASE + v
    return ((number - _OFFSET) * _INVERSE) % SEED_LIMIT
