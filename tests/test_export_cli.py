"""``casetools export``: bad input exits 2 with the valid ids, and nothing is half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetools.caseworld.codes import encode
from casetools.cli import main
from casetools.library.exercises import MODULES

REPO = Path(__file__).resolve().parent.parent
CODE = encode(1)


@pytest.fixture(autouse=True)
def real_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(REPO))


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_unknown_module_lists_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.xml"
    status = main(["export", "moodle", "--count", "2", "--module", "schon", "--out", str(out)])
    assert status == 2
    line = one_line(capsys.readouterr().err)
    assert "'schon'" in line
    assert all(m in line for m in MODULES)
    assert not out.exists()


def test_unknown_exercise_lists_the_valid_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.zip"
    status = main(["export", "qti", "--codes", CODE, "--exercise", "loket", "--out", str(out)])
    assert status == 2
    line = one_line(capsys.readouterr().err)
    assert "'loket'" in line
    assert "loketten-in-kaart" in line
    assert "argyris-begrippenquiz" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "gift", "--count", "1"],
        ["export", "moodle"],  # neither --count nor --codes
        ["export", "moodle", "--count", "1", "--codes", CODE],
        ["export", "moodle", "--codes", "EM5K9NPX"],  # check character wrong
    ],
)
def test_usage_errors(tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--out", str(tmp_path / "bank.xml")]) == 2
    one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n")
    assert main(["export", "moodle", "--count", "1", "--out", str(blocker / "bank.xml")]) == 2
    assert "cannot write" in one_line(capsys.readouterr().err)
    assert main(["export", "moodle", "--count", "1", "--out", str(tmp_path)]) == 2
    assert "is a folder" in one_line(capsys.readouterr().err)


def test_a_failed_write_keeps_the_old_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.xml"
    out.write_text("the bank of last week\n")

    def refuse(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    assert main(["export", "moodle", "--codes", CODE, "--exercise", "loketten-in-kaart",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert out.read_text() == "the bank of last week\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bank.xml"]  # no temporary file left


def test_filters_and_the_same_bytes_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    argv = ["export", "qti", "--codes", CODE, "--module", "integraal-werken"]
    assert main([*argv, "--out", str(first)]) == 0
    assert main([*argv, "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a-qti3.zip").read_bytes() == (tmp_path / "b-qti3.zip").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-qti3.zip",
        "a.zip",
        "b-qti3.zip",
        "b.zip",
    ]


def test_the_commands_of_the_issue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``export moodle|qti --count 30``: every exercise, 30 variants of each variant exercise."""
    from casetools.library.exercises import load_library

    lib = load_library(REPO / "exercises")
    expected = sum(len(ex.quiz) or (30 if ex.uses_variant else 1) for ex in lib.exercises)
    assert main(["export", "moodle", "--count", "30", "--out", str(tmp_path / "bank.xml")]) == 0
    assert main(["export", "qti", "--count", "30", "--out", str(tmp_path / "bank.zip")]) == 0
    summary = f"{expected} vragen uit {len(lib.exercises)} opgaven (30 varianten)"
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'bank.xml'}: {summary}",
        f"{tmp_path / 'bank.zip'}, {tmp_path / 'bank-qti3.zip'}: {summary}",
    ]
