"""Variant codes: seed <-> code round trip, the check character, and what users mistype."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetools.caseworld import codes
from casetools.caseworld.codes import ALPHABET, PAYLOAD, SEED_LIMIT, decode, encode
from casetools.errors import UsageError

seeds = st.integers(min_value=0, max_value=SEED_LIMIT - 1)
CODE_LENGTH = PAYLOAD + 1


def test_alphabet_has_no_lookalikes_and_a_prime_size() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("0O1IL") & set(ALPHABET)
    assert SEED_LIMIT == 31**7


@pytest.mark.parametrize(
    ("seed", "code"),
    [
        (0, "22B4M3KS"),
        (1, "3TZFJKF6"),
        (7, "EM5K9NPM"),
        (SEED_LIMIT - 1, encode(SEED_LIMIT - 1)),
    ],
)
def test_fixed_seeds_round_trip(seed: int, code: str) -> None:
    assert encode(seed) == code
    assert decode(code) == seed


@given(seeds)
def test_every_seed_round_trips(seed: int) -> None:
    code = encode(seed)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(ALPHABET)
    assert decode(code) == seed


@given(seeds, st.data())
def test_any_single_substitution_is_refused(seed: int, data: st.DataObject) -> None:
    code = encode(seed)
    position = data.draw(st.integers(0, CODE_LENGTH - 1), label="position")
    other = data.draw(
        st.sampled_from([ch for ch in ALPHABET if ch != code[position]]), label="replacement"
    )
    typo = code[:position] + other + code[position + 1 :]
    with pytest.raises(UsageError, match="mistyped"):
        decode(typo)


@given(seeds)
def test_every_adjacent_transposition_is_refused(seed: int) -> None:
    code = encode(seed)
    swapped = 0
    for i in range(CODE_LENGTH - 1):
        if code[i] == code[i + 1]:
            continue  # swapping equal characters gives the same code
        typo = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        with pytest.raises(UsageError, match="mistyped"):
            decode(typo)
        swapped += 1
    assert swapped >= 1


@pytest.mark.parametrize(
    ("lookalike", "named"),
    [("0", "O/0"), ("O", "O/0"), ("1", "1/I/L"), ("I", "1/I/L"), ("L", "1/I/L")],
)
def test_lookalikes_are_refused_and_named(lookalike: str, named: str) -> None:
    typo = lookalike + encode(7)[1:]
    with pytest.raises(UsageError) as info:
        decode(typo)
    message = str(info.value)
    assert f"contains {lookalike!r}" in message
    assert f"codes never use {named}" in message


def test_lowercase_l_is_refused_as_a_lookalike() -> None:
    with pytest.raises(UsageError, match=r"contains 'L'; codes never use 1/I/L"):
        decode("l" + encode(7)[1:].lower())


def test_other_foreign_characters_are_refused() -> None:
    with pytest.raises(UsageError, match="not a code character"):
        decode("EM5K9NP!")


@pytest.mark.parametrize("typed", ["em5k9npm", "EM5K-9NPM", "em5k 9npm", " EM5K9NPM ", "Em5k-9nPm"])
def test_lowercase_hyphens_and_spaces_are_accepted(typed: str) -> None:
    assert decode(typed) == 7


@pytest.mark.parametrize("typed", ["", "EM5K9NP", "EM5K9NPMM", "EM5K-9NP"])
def test_wrong_length_is_refused(typed: str) -> None:
    with pytest.raises(UsageError, match="must have 8 characters"):
        decode(typed)


@pytest.mark.parametrize("seed", [-1, SEED_LIMIT, SEED_LIMIT + 12345, -(10**12)])
def test_out_of_range_seeds_are_refused(seed: int) -> None:
    with pytest.raises(UsageError, match=f"not {seed}"):
        encode(seed)


@given(st.integers(min_value=0, max_value=SEED_LIMIT - 2))
def test_neighbouring_seeds_give_unrelated_codes(seed: int) -> None:
    # Compare the payload only: two different payloads always differ in the check
    # character too, so counting it would make the test pass for any encoding.
    first, second = encode(seed)[:PAYLOAD], encode(seed + 1)[:PAYLOAD]
    assert sum(a != b for a, b in zip(first, second, strict=True)) > 1


def test_codes_are_unique_over_a_block_of_seeds() -> None:
    block = [encode(seed) for seed in range(20_000)]
    assert len(set(block)) == len(block)


def test_check_value_makes_the_weighted_sum_vanish() -> None:
    values = [ALPHABET.index(ch) for ch in encode(123_456)]
    assert sum((i + 1) * v for i, v in enumerate(values)) % codes.BASE == 0
