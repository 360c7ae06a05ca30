"""The exercise library: loading errors with file, line and key; rendering per audience; the real library.

Broken exercises are copies of the model exercise
(``exercises/botsende-eisen-analyseren.yaml``) written to ``tmp_path`` and
changed in one place. The expected line is looked up in the written file, so
the tests keep working when the model's text is edited.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from casetools.caseworld.generate import generate
from casetools.caseworld.render import render_view_markdown
from casetools.caseworld.views import CaseView, build_view
from casetools.caseworld.world import World, load_world
from casetools.errors import ContentError, UsageError
from casetools.library.exercises import Exercise, load_exercise, load_library
from casetools.library.render import RenderedExercise, render_exercise, to_markdown

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "exercises"
MODEL = LIBRARY / "botsende-eisen-analyseren.yaml"
FIXTURES = Path(__file__).resolve().parent / "roots" / "test-library" / "data" / "exercises"
STRESS_SEEDS = 500
THEMES = (
    "systeem-en-leefwereld",
    "integraal-werken",
    "interprofessioneel-samenwerken",
    "capabilitybenadering",
    "reflectief-handelen",
    "leren-in-organisaties",
    "beleidsleren-en-politiseren",
)


@cache
def _world() -> World:
    return load_world(REPO / "casebook" / "world")


@cache
def _views() -> tuple[CaseView, ...]:
    world = _world()
    return tuple(build_view(world, generate(world, seed)) for seed in range(STRESS_SEEDS))


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, the way exercise files are written."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _model() -> dict[str, Any]:
    data = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, pattern: str, nth: int = 1) -> int:
    """The number of the line where ``pattern`` matches for the ``nth`` time."""
    hits = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line)
    ]
    assert len(hits) >= nth, f"{pattern!r} occurs {len(hits)} times in {path}"
    return hits[nth - 1]


def _load_error(path: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_exercise(path)
    return info.value


def _located(err: ContentError, path: Path, line: int, key: str, message: str) -> None:
    assert (err.path, err.line, err.key) == (path, line, key), str(err)
    assert message in err.message
    assert str(err).startswith(f"{path}:{line}: {key}: ")


# --------------------------------------------------------------------------
# Loading: every error names file, line and key


def test_the_model_and_a_copy_of_it_load(tmp_path: Path) -> None:
    model = load_exercise(MODEL)
    copy = load_exercise(_write(tmp_path, _model()))
    assert model.is_assignment
    assert model.uses_variant
    assert "key" in model.templates
    assert model.rubric is not None
    assert (copy.id, copy.title, copy.rubric, copy.sources) == (
        model.id,
        model.title,
        model.rubric,
        model.sources,
    )


def test_id_must_equal_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, _model(), name="andere-naam")
    _located(_load_error(path), path, _line(path, r"^id:"), "id", "must equal the file name")


def test_unknown_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, {**_model(), "kind": "essay"})
    _located(_load_error(path), path, _line(path, r"^kind:"), "kind", "'essay' is not one of")


def test_practice_needs_a_solution(tmp_path: Path) -> None:
    data = {**_model(), "mode": "practice"}
    path = _write(tmp_path, data)
    # There is no solution key to point at, so the error points at the top of the file.
    _located(_load_error(path), path, _line(path, r"^id:"), "solution", "needs a solution")


def test_assignment_may_not_have_a_solution(tmp_path: Path) -> None:
    path = _write(tmp_path, {**_model(), "solution": "Een uitwerking voor studenten.\n"})
    _located(
        _load_error(path),
        path,
        _line(path, r"^solution:"),
        "solution",
        "have a key, not a solution",
    )


def test_rubric_weights_must_add_up_to_100(tmp_path: Path) -> None:
    data = _model()
    criteria = data["rubric"]["criteria"]
    criteria[0]["weight"] += 5
    total = sum(c["weight"] for c in criteria)
    path = _write(tmp_path, data)
    _located(
        _load_error(path),
        path,
        _line(path, r"^  criteria:"),
        "rubric.criteria",
        f"weights add up to {total}, not 100",
    )


def test_every_level_needs_a_descriptor(tmp_path: Path) -> None:
    data = _model()
    levels = len(data["rubric"]["levels"])
    data["rubric"]["criteria"][1]["descriptors"].pop()
    path = _write(tmp_path, data)
    _located(
        _load_error(path),
        path,
        _line(path, r"^\s+descriptors:", nth=2),
        "rubric.criteria[1].descriptors",
        f"needs one descriptor per level ({levels}), found {levels - 1}",
    )


@pytest.mark.parametrize("kind", ["choice", "matching"])
def test_quiz_option_needs_feedback(tmp_path: Path, kind: str) -> None:
    first: dict[str, Any] = {"text": "optie een", "feedback": "Terugkoppeling bij een."}
    second: dict[str, Any] = {"text": "optie twee"}
    if kind == "choice":
        first["correct"], second["correct"] = True, False
    else:
        first["match"], second["match"] = "paar een", "paar twee"
    item = {"question": "Welke optie klopt?", "type": kind, "options": [first, second]}
    path = _write(tmp_path, {**_model(), "quiz": [item]})
    _located(
        _load_error(path),
        path,
        _line(path, r"^\s*- text: optie twee$"),
        "quiz[0].options[1]",
        "missing key 'feedback'",
    )


def _choice(text: str, correct: Any, feedback: str = "Uitleg.") -> dict[str, Any]:
    return {"text": text, "correct": correct, "feedback": feedback}


def _quiz(kind: str, options: list[Any]) -> list[dict[str, Any]]:
    return [{"question": "Welke optie klopt?", "type": kind, "options": options}]


# (change to the model, pattern of the line at fault, key, message)
SCHEMA_ERRORS: list[tuple[dict[str, Any], str, str, str]] = [
    ({"titel": "x"}, r"^titel:", "titel", "unknown key (allowed: bloom, duration, group_size, id,"),
    ({"title": 123}, r"^title:", "title", "expected text, found int 123 (put it in quotes)"),
    ({"title": None}, r"^title:", "title", "expected text, found NoneType None"),
    ({"title": "  "}, r"^title:", "title", "text is empty"),
    ({"duration": True}, r"^duration:", "duration", "expected a whole number, found True"),
    ({"duration": 3}, r"^duration:", "duration", "3 is outside 5..600"),
    (
        {"uses_variant": "yes"},
        r"^uses_variant:",
        "uses_variant",
        "expected true or false, found 'yes'",
    ),
    ({"sources": "abc"}, r"^sources:", "sources", "expected a list, found str"),
    ({"sources": []}, r"^sources:", "sources", "needs at least 1 entries"),
    ({"sources": ["a", "a"]}, r"^sources:", "sources", "contains duplicates"),
    ({"sources": ["a", 1]}, r"^- 1$", "sources[1]", "expected text, found int 1"),
    (
        {"group_size": "vijftallen"},
        r"^group_size:",
        "group_size",
        "'vijftallen' is not one of: drietallen,",
    ),
    ({"rubric": ["a"]}, r"^rubric:", "rubric", "expected a mapping, found list"),
    ({"rubric": None}, r"^rubric:", "rubric", "expected a mapping, found NoneType"),
    ({"quiz": {"a": 1}}, r"^quiz:", "quiz", "expected a list, found dict"),
    (
        {"quiz": _quiz("choice", [_choice("een", False), _choice("twee", False)])},
        r"^\s+options:",
        "quiz[0].options",
        "a multiple-choice question needs a correct option",
    ),
    (
        {"quiz": _quiz("choice", [_choice("een", "ja"), _choice("twee", False)])},
        r"correct: ja",
        "quiz[0].options[0].correct",
        "expected true or false, found 'ja'",
    ),
    (
        {"quiz": _quiz("open", [_choice("een", True), _choice("twee", False)])},
        r"type: open",
        "quiz[0].type",
        "'open' is not one of: choice, matching",
    ),
    (
        {
            "quiz": _quiz(
                "matching",
                [
                    {"text": "een", "match": "a", "feedback": "F.", "correct": True},
                    {"text": "twee", "match": "b", "feedback": "F."},
                ],
            )
        },
        r"correct: true",
        "quiz[0].options[0].correct",
        "unknown key (allowed: feedback, match, text)",
    ),
]


@pytest.mark.parametrize(
    ("change", "pattern", "key", "message"), SCHEMA_ERRORS, ids=[k for _, _, k, _ in SCHEMA_ERRORS]
)
def test_schema_errors_name_file_line_and_key(
    tmp_path: Path, change: dict[str, Any], pattern: str, key: str, message: str
) -> None:
    path = _write(tmp_path, {**_model(), **change})
    _located(_load_error(path), path, _line(path, pattern), key, message)


def test_a_missing_key_is_reported_at_its_mapping(tmp_path: Path) -> None:
    data = _model()
    del data["title"]
    path = _write(tmp_path, data)
    err = _load_error(path)
    assert (err.path, err.line, err.key) == (path, 1, "")
    assert str(err) == f"{path}:1: missing key 'title'"


@pytest.mark.parametrize("text", ["", "- a\n", "hallo\n"])
def test_a_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    path = tmp_path / "leeg.yaml"
    path.write_text(text, encoding="utf-8")
    err = _load_error(path)
    assert err.key == ""
    assert err.message in (
        "missing key 'id'",
        "expected a mapping, found list",
        "expected a mapping, found str",
    )


def test_the_model_header_documents_every_field() -> None:
    """The comment at the top of the model exercise is the file format's manual."""
    from casetools.library.exercises import ExerciseFile

    header = [ln for ln in MODEL.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    documented = {m.group(1) for ln in header if (m := re.match(r"^#   (\w+)\s", ln))}
    assert documented == set(ExerciseFile.model_fields)


@pytest.mark.parametrize("field", ["prompt", "key", "teacher_notes"])
def test_template_syntax_error_names_the_line_in_the_file(tmp_path: Path, field: str) -> None:
    text = "Regel een.\nRegel twee.\nHier {{ case.client.full_name } gaat het mis.\nRegel vier.\n"
    path = _write(tmp_path, {**_model(), field: text})
    _located(
        _load_error(path), path, _line(path, r"gaat het mis"), field, "template error: unexpected"
    )


@pytest.mark.parametrize("audience", ["student", "teacher"])
def test_undefined_variable_at_render_time_names_file_line_and_field(
    tmp_path: Path, audience: str
) -> None:
    text = "Regel een.\nRegel twee.\nHier {{ case.bestaat_niet }} gaat het mis.\n"
    path = _write(tmp_path, {**_model(), "key": text})
    ex = load_exercise(path)  # the template compiles; the name is only unknown at render time
    with pytest.raises(ContentError) as info:
        render_exercise(ex, _views()[3], "teacher" if audience == "teacher" else "student")
    _located(info.value, path, _line(path, r"bestaat_niet"), "key", "bestaat_niet")


def test_variant_exercise_without_a_case_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="give a variant code"):
        render_exercise(load_exercise(MODEL), None, "teacher")


# --------------------------------------------------------------------------
# Rendering per audience


def test_student_sees_no_key_rubric_or_notes_of_an_assignment() -> None:
    ex, case = load_exercise(MODEL), _views()[7]
    student = render_exercise(ex, case, "student")
    teacher = render_exercise(ex, case, "teacher")
    assert (student.key, student.rubric, student.teacher_notes) == (None, None, None)
    assert student.prompt == teacher.prompt
    assert teacher.key
    assert teacher.rubric
    assert teacher.teacher_notes
    assert case.code in teacher.key
    text = to_markdown(student)
    for heading in ("Antwoordsleutel", "Beoordelingsrubric", "Voor de docent"):
        assert heading not in text
        assert heading in to_markdown(teacher)
    assert f"Casusvariant {case.code}" in text


def test_student_sees_the_solution_of_a_practice_exercise() -> None:
    ex = load_exercise(FIXTURES / "rollen-herkennen.yaml")
    student = render_exercise(ex, None, "student")
    teacher = render_exercise(ex, None, "teacher")
    assert student.solution is not None
    assert "Zichtbare uitwerking" in student.solution
    assert student.solution == teacher.solution
    assert student.teacher_notes is None
    assert teacher.teacher_notes is not None
    assert "## Uitwerking" in to_markdown(student)


def _quiz_exercise(
    folder: Path, *, mode: str = "practice", uses_variant: bool = False, rubric: bool = False
) -> Exercise:
    data: dict[str, Any] = {
        "id": "proefquiz",
        "title": "Proefquiz",
        "module": "integraal-werken",
        "kind": "quiz",
        "bloom": "understand",
        "duration": 10,
        "group_size": "individueel",
        "mode": mode,
        "uses_variant": uses_variant,
        "sources": ["bron"],
        "prompt": "Variant {{ case.code }}.\n" if uses_variant else "Beantwoord de vragen.\n",
        "quiz": [
            {
                "question": "Welke vormen zijn samenwerking?",
                "type": "choice",
                "options": [
                    {"text": "optie een", "correct": True, "feedback": "Uitleg bij een."},
                    {"text": "optie twee", "correct": False, "feedback": "Uitleg bij twee."},
                    {"text": "optie drie", "correct": True, "feedback": "Uitleg bij drie."},
                ],
            },
            {
                "question": "Koppel elk begrip aan zijn omschrijving.",
                "type": "matching",
                "options": [
                    {
                        "text": f"begrip {n}",
                        "match": f"omschrijving {n}",
                        "feedback": f"Koppeluitleg {n}.",
                    }
                    for n in range(1, 6)
                ],
            },
        ],
    }
    if rubric:
        data["rubric"] = {
            "levels": ["zwak", "sterk"],
            "criteria": [
                {"name": "Juistheid", "weight": 70, "descriptors": ["Fouten.", "Juist."]},
                {"name": "Uitleg", "weight": 30, "descriptors": ["Geen uitleg.", "Uitleg."]},
            ],
        }
    return load_exercise(_write(folder, data))


def _matching(r: RenderedExercise, answers: str) -> tuple[list[str], dict[int, str]]:
    """The offered matches in prompt order, and the match each answer line points at."""
    offered = re.findall(r"^- ([A-J])\. (omschrijving \d)$", r.prompt, re.MULTILINE)
    letters = dict(offered)
    chosen = {}
    for n, letter, match in re.findall(
        r"^- (\d) → ([A-J]) \((omschrijving \d)\):", answers, re.MULTILINE
    ):
        assert letters[letter] == match  # the letter in the answer shows that match
        chosen[int(n)] = match
    return [m for _, m in offered], chosen


def test_quiz_gives_feedback_for_every_option(tmp_path: Path) -> None:
    ex = _quiz_exercise(tmp_path, rubric=True)
    r = render_exercise(ex, None, "student")
    assert r.solution is not None
    assert "**Vraag 1.** Welke vormen zijn samenwerking?" in r.prompt
    assert "**Vraag 1**: juist is A, C." in r.solution
    for line in (
        "- A (juist): Uitleg bij een.",
        "- B (onjuist): Uitleg bij twee.",
        "- C (juist): Uitleg bij drie.",
    ):
        assert line in r.solution.splitlines()
    offered, chosen = _matching(r, r.solution)
    assert sorted(offered) == [f"omschrijving {n}" for n in range(1, 6)]
    assert chosen == {n: f"omschrijving {n}" for n in range(1, 6)}
    for n in range(1, 6):
        assert f"Koppeluitleg {n}." in r.solution
    assert "Uitleg bij" not in r.prompt
    # A practice rubric is for students too.
    assert r.rubric is not None
    assert "| Juistheid | 70% | Fouten. | Juist. |" in r.rubric


def test_quiz_answers_of_an_assignment_are_in_the_teacher_key_only(tmp_path: Path) -> None:
    ex = _quiz_exercise(tmp_path, mode="assignment")
    student = render_exercise(ex, None, "student")
    teacher = render_exercise(ex, None, "teacher")
    assert student.solution is None
    assert student.key is None
    assert teacher.key is not None
    for feedback in ("Uitleg bij een.", "Uitleg bij twee.", "Uitleg bij drie.", "Koppeluitleg 5."):
        assert feedback in teacher.key
        assert feedback not in to_markdown(student)


def test_matching_order_is_deterministic_per_seed(tmp_path: Path) -> None:
    ex = _quiz_exercise(tmp_path, uses_variant=True)
    reloaded = load_exercise(ex.path)
    orders = set()
    for case in _views()[:30]:
        first = render_exercise(ex, case, "student")
        assert first.solution is not None
        again = render_exercise(reloaded, case, "student")
        assert again == render_exercise(reloaded, case, "student")
        assert (first.prompt, first.solution) == (again.prompt, again.solution)
        offered, chosen = _matching(first, first.solution)
        assert chosen == {n: f"omschrijving {n}" for n in range(1, 6)}
        orders.add(tuple(offered))
    assert len(orders) > 1  # the order depends on the seed


# --------------------------------------------------------------------------
# The real library


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.yaml")), ids=lambda p: Path(p).stem)
def test_real_exercise_renders_for_500_variants(path: Path) -> None:
    ex = load_exercise(path)
    cases: tuple[CaseView | None, ...] = _views() if ex.uses_variant else (None,)
    for case in cases:
        student = render_exercise(ex, case, "student")
        teacher = render_exercise(ex, case, "teacher")
        assert student.key is None
        assert student.teacher_notes is None
        if ex.is_assignment:
            assert student.solution is None
            assert student.rubric is None
            assert teacher.key or teacher.rubric
        else:
            assert student.solution is not None
        text = to_markdown(student)
        if ex.is_assignment and case is not None:
            # No line of the key reaches the student, unless it merely repeats
            # the student's own case description.
            description = render_view_markdown(case)
            leaked = [
                line.strip()
                for line in (teacher.key or "").splitlines()
                if len(line.split()) >= 3
                and line.strip() in text
                and line.strip() not in description
            ]
            assert not leaked, f"{case.code}: {leaked}"


def test_library_meets_the_issue_counts() -> None:
    library = load_library(LIBRARY)
    exercises = library.exercises
    problems = []
    if len(exercises) < 30:
        problems.append(f"{len(exercises)} exercises, need at least 30")
    for theme in THEMES:
        count = len(library.select(module=theme))
        if count < 3:
            problems.append(f"{theme}: {count} exercises, need at least 3")
    on_variant = sum(e.uses_variant for e in exercises)
    if on_variant < 12:
        problems.append(f"{on_variant} exercises on a case variant, need at least 12")
    for ex in exercises:
        for n, item in enumerate(ex.quiz, start=1):
            missing = [o.text for o in item.options if not o.feedback.strip()]
            if missing:
                problems.append(f"{ex.id}: quiz item {n} has options without feedback: {missing}")
        if ex.is_assignment and ex.rubric is None and "key" not in ex.templates:
            problems.append(f"{ex.id}: an assignment without rubric or key")
    assert not problems, "\n".join(problems)
