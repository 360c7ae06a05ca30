"""A code gives the same bytes in every process, whatever the hash seed.

String hashing is randomised per process (``PYTHONHASHSEED``), so any
iteration over a set or frozenset of ids that reaches the output would make
variants differ between runs. Running the real CLI in fresh interpreters with
different hash seeds catches that; an in-process test cannot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casetools.caseworld.codes import encode

REPO = Path(__file__).resolve().parent.parent
HASH_SEEDS = ("0", "1", "12345")


def run_cli(*args: str, hash_seed: str = "0") -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "CASETOOLS_ROOT": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "casetools", "variant", *args],
        capture_output=True,
        env=env,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    return proc.stdout


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_output_is_identical_under_different_hash_seeds(fmt: str) -> None:
    outputs = {seed: run_cli("--seed", "7", "--format", fmt, hash_seed=seed) for seed in HASH_SEEDS}
    assert outputs["0"]
    assert outputs["0"] == outputs["1"] == outputs["12345"]
    assert encode(7).encode() in outputs["0"]


def test_a_code_gives_the_same_variant_as_its_seed() -> None:
    code = encode(7)
    assert code == "EM5K9NPM"
    assert run_cli(code, hash_seed="1") == run_cli("--seed", "7", hash_seed="12345")
