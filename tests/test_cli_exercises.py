"""``casetools exercises`` and ``casetools render``, run in-process.

The CLI is pointed (``CASETOOLS_ROOT``) at the small library of the Sphinx
test project, ``tests/roots/test-library/data``: an assignment on a case
variant (``botsingen-wegen``) and a practice quiz (``rollen-herkennen``).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casetools.cli import main
from casetools.library.exercises import load_library

DATA = Path(__file__).resolve().parent / "roots" / "test-library" / "data"
ASSIGNMENT, PRACTICE = "botsingen-wegen", "rollen-herkennen"
CODE = "EM5K9NPM"
FIELDS = {
    "id",
    "title",
    "module",
    "kind",
    "bloom",
    "duration",
    "group_size",
    "mode",
    "uses_variant",
    "sources",
}


@pytest.fixture(autouse=True)
def _library_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETOOLS_ROOT", str(DATA))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must fail with exit 2 and one line on stderr; return that line."""
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("casetools: error: ")
    return lines[0]


def _ids(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    status, out, err = _run(capsys, "exercises", "--format", "json", *argv)
    assert (status, err) == (0, "")
    return [record["id"] for record in json.loads(out)]


# --------------------------------------------------------------------------
# casetools exercises


def test_exercises_json_lists_every_exercise_with_all_metadata(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _run(capsys, "exercises", "--format", "json")
    assert (status, err) == (0, "")
    records = json.loads(out)
    library = load_library(DATA / "exercises")
    assert [r["id"] for r in records] == [e.id for e in library.exercises]
    for record, ex in zip(records, library.exercises, strict=True):
        assert set(record) == FIELDS
        assert record == {
            "id": ex.id,
            "title": ex.title,
            "module": ex.module,
            "kind": ex.kind,
            "bloom": ex.bloom,
            "duration": ex.duration,
            "group_size": ex.group_size,
            "mode": ex.mode,
            "uses_variant": ex.uses_variant,
            "sources": list(ex.sources),
        }
    assert records[0]["uses_variant"] is True
    assert records[1]["mode"] == "practice"


def test_exercises_table_names_every_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "exercises")
    assert (status, err) == (0, "")
    assert "2 opgaven" in out
    assert ASSIGNMENT in out
    assert PRACTICE in out


def test_exercises_filter_by_module_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert _ids(capsys, "--module", "interprofessioneel-samenwerken") == [ASSIGNMENT]
    assert _ids(capsys, "--module", "integraal-werken") == [PRACTICE]
    assert _ids(capsys, "--kind", "quiz") == [PRACTICE]
    assert _ids(capsys, "--kind", "analysis") == [ASSIGNMENT]
    assert _ids(capsys, "--kind", "analysis", "--module", "integraal-werken") == []
    assert _ids(capsys, "--module", "reflectief-handelen") == []


@pytest.mark.parametrize(("option", "value"), [("--module", "systeemwereld"), ("--kind", "essay")])
def test_exercises_unknown_module_or_kind_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    line = _usage_error(capsys, "exercises", option, value)
    assert f"unknown {option.removeprefix('--')} {value!r}" in line
    assert "known:" in line


# --------------------------------------------------------------------------
# casetools render


def test_render_teacher_shows_key_rubric_notes_and_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "render", ASSIGNMENT, "--code", CODE, "--audience", "teacher")
    assert (status, err) == (0, "")
    assert out.startswith("# Botsingen wegen\n")
    assert f"variant {CODE}" in out
    assert "## Antwoordsleutel (docent)" in out
    assert f"Sleutel voor variant {CODE}:" in out
    assert "Geheime sleutelregel 1:" in out
    assert "## Beoordelingsrubric (docent)" in out
    assert "| Keuze van de botsing | 60% |" in out
    assert "## Voor de docent" in out
    assert out.rstrip().endswith(f"Casusvariant {CODE} (fictief huishouden).")


def test_render_student_of_an_assignment_has_no_key(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "render", ASSIGNMENT, "--code", CODE, "--audience", "student")
    assert (status, err) == (0, "")
    assert f"(variant {CODE})" in out
    for secret in ("Antwoordsleutel", "Sleutel voor variant", "Geheime", "Beoordelingsrubric"):
        assert secret not in out
    # Student is the default audience; codes may be typed in lower case.
    assert _run(capsys, "render", ASSIGNMENT, "--code", CODE.lower()) == (0, out, "")


def test_render_practice_without_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "render", PRACTICE)
    assert (status, err) == (0, "")
    assert "## Uitwerking" in out
    assert "Zichtbare uitwerking" in out
    assert "Geheime oefennotitie" not in out


def test_render_variant_exercise_without_code_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "give --code" in _usage_error(capsys, "render", ASSIGNMENT)


@pytest.mark.parametrize("exercise", [ASSIGNMENT, PRACTICE])
def test_render_with_a_mistyped_code_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], exercise: str
) -> None:
    line = _usage_error(capsys, "render", exercise, "--code", "EM5K9NPN")
    assert "mistyped" in line


def test_render_unknown_exercise_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "unknown exercise 'bestaat-niet'" in _usage_error(capsys, "render", "bestaat-niet")


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and the text per tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text[tag] = self.text.get(tag, "") + data


def test_render_html_is_a_dutch_html_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        capsys, "render", ASSIGNMENT, "--code", CODE, "--audience", "teacher", "--format", "html"
    )
    assert (status, err) == (0, "")
    assert out.lower().startswith("<!doctype html>")
    parser = _Tags()
    parser.feed(out)
    assert ("html", {"lang": "nl"}) in parser.tags
    assert ("meta", {"charset": "utf-8"}) in parser.tags
    assert parser.text["title"] == "Botsingen wegen"
    assert parser.text["h1"] == "Botsingen wegen"
    assert "Sleutel voor variant" in parser.text["body"]
    assert any(tag == "table" for tag, _ in parser.tags)  # the rubric
