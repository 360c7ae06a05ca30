"""The CLI in-process: ``main([...])`` with captured output, exit statuses 0, 1 and 2.

Usage errors (exit 2) and content errors (exit 1) must reach the user as one
line on stderr, never as a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from casetools.caseworld.codes import ALPHABET, decode, encode
from casetools.caseworld.model import Variant
from casetools.caseworld.rules import violations
from casetools.caseworld.world import World
from casetools.cli import check as checking
from casetools.cli import main

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "casebook" / "world"
GOLDEN = Path(__file__).resolve().parent / "golden" / "variants"


def run(argv: Sequence[str]) -> int:
    """Call ``main`` in-process; it returns every exit status, argparse's included."""
    return main(list(argv))


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert err.endswith("\n")
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course root with the real case world and an empty exercise library.

    ``check`` also validates the exercise library, which is not part of the
    variant engine; keeping it empty keeps these tests about variants.
    """
    root = tmp_path / "course"
    shutil.copytree(WORLD, root / "casebook" / "world")
    (root / "exercises").mkdir()
    monkeypatch.setenv("CASETOOLS_ROOT", str(root))
    return root


# -- casetools variant ---------------------------------------------------------


def test_variant_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["variant", "--seed", "7"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (GOLDEN / "EM5K9NPM.md").read_text(encoding="utf-8")


def test_variant_json_from_a_typed_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["variant", "em5k-9npm", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert (data["code"], data["seed"], data["fictional"]) == ("EM5K9NPM", 7, True)
    assert out == (GOLDEN / "EM5K9NPM.json").read_text(encoding="utf-8")


def test_a_random_variant_carries_a_valid_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["variant"]) == 0
    out, _ = capsys.readouterr()
    match = re.match(r"# Casusvariant ([A-Z0-9]{8})\n", out)
    assert match is not None
    code = match.group(1)
    assert f"(variantcode {code})" in out
    assert encode(decode(code)) == code


def test_a_random_json_variant_has_matching_code_and_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["variant", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert decode(data["code"]) == data["seed"]


def test_a_mistyped_code(capsys: pytest.CaptureFixture[str]) -> None:
    code = encode(7)
    typo = code[:3] + next(ch for ch in ALPHABET if ch != code[3]) + code[4:]
    assert run(["variant", typo]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = one_error_line(err)
    assert line.startswith("casetools: error: ")
    assert "mistyped" in line


def test_a_code_with_a_lookalike(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["variant", "EM5K9NP0"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("casetools: error: ")
    assert "codes never use O/0" in line


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["variant", "--colour", "blue"], "unrecognized arguments: --colour"),
        (["variant", "--seed", "seven"], "seed must be a whole number, not 'seven'"),
        (["variant", "--seed", "-1"], "seed must be between 0 and"),
        (["variant", "--seed", str(31**7)], "seed must be between 0 and"),
        (["variant", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["variant", "EM5K9NPM", "--seed", "7"], "give a code or --seed, not both"),
        (["check", "--stress", "0"], "--stress must be between 1 and 1000000"),
        (["check", "--stress", "many"], "--stress needs a whole number, not 'many'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert run(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = one_error_line(err)
    assert line.startswith("casetools")
    assert ": error: " in line
    assert fragment in line


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out == "casetools 0.1.0\n"


def test_a_root_without_a_casebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(tmp_path))
    assert run(["variant", "--seed", "7"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"casetools: error: CASETOOLS_ROOT={tmp_path} has no casebook/world folder"


# -- a broken casebook -----------------------------------------------------------


@pytest.mark.parametrize("argv", [["variant", "--seed", "7"], ["check", "--stress", "5"]])
def test_a_broken_casebook_exits_1_with_file_and_line(
    course: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    domains = course / "casebook" / "world" / "domains.yaml"
    lines = domains.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if line.startswith("  - id: housing"))
    lines[broken + 1] = "    weight: 20: 30\n"
    domains.write_text("".join(lines), encoding="utf-8")

    assert run(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = one_error_line(err)
    assert line == (
        f"casetools: error: {domains}:{broken + 2}: "
        "invalid YAML: mapping values are not allowed here"
    )


def test_an_invalid_value_exits_1_with_file_line_and_key(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    household = course / "casebook" / "world" / "household.yaml"
    text = household.read_text(encoding="utf-8")
    household.write_text(text.replace("  client: [24, 56]", "  client: [56, 24]"), "utf-8")
    assert run(["variant", "--seed", "7"]) == 1
    line = one_error_line(capsys.readouterr().err)
    expected_line = text[: text.index("  client: [24, 56]")].count("\n") + 1
    assert line == (
        f"casetools: error: {household}:{expected_line}: ages.client: range [56, 24] is empty"
    )


# -- casetools check -------------------------------------------------------------


def test_check_reports_a_fair_set(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--stress", "50"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Casebook geldig:" in out
    assert re.search(
        r"50 varianten gegenereerd in [0-9.]+ s: 0 schendingen \(regels en audit\); "
        r"alle samenhangregels kloppen\.",
        out,
    )
    assert re.search(r"Variatie: [0-9]+ verschillende casusskeletten", out)
    assert re.search(r"Grootste aandeel verwijzing: [a-z_]+ in [0-9.]+% van de varianten", out)
    assert "Grootste aandeel wens:" in out
    assert "Grootste aandeel knelpunt:" in out
    assert "Werklast over 50 varianten" in out
    assert "Oordeel: eerlijk verdeeld." in out


def test_check_stops_at_an_incoherent_variant(
    course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Patching the rules is acceptable here: the generator cannot be made to
    # produce an incoherent variant from the outside, and what is under test is
    # how ``check`` reports one (exit 1, the code, the seed and the broken rule).
    def violations_for_seed_3(world: World, variant: Variant) -> list[str]:
        if variant.seed == 3:
            return ["names_are_distinct: given names repeat (injected by the test)"]
        return violations(world, variant)

    monkeypatch.setattr(checking, "violations", violations_for_seed_3)
    assert run(["check", "--stress", "10"]) == 1
    out, _ = capsys.readouterr()
    assert (
        f"Incoherente variant {encode(3)} (seed 3): "
        "names_are_distinct: given names repeat (injected by the test)"
    ) in out
    assert "eerlijk verdeeld" not in out
