"""Keys that follow the data: every variant-based key, rendered for 1,000 seeds, states facts
that agree with the variant's JSON.

The teacher version of each exercise on a case variant (key, solution and
teacher notes) is rendered for seeds 0-999. Every fact a key states in a
recognisable form is checked against ``render_json`` of the same variant,
not against the view the key was rendered from:

- a ZRM score next to a domain name ("Financiën: 2", "Financiën scoort 2",
  "Financiën (score 2)") is the level in the JSON;
- a score with its label ("3 (beperkt zelfredzaam)") carries the scale's label;
- a named wish holder ("Nadia wil ...") is the member the JSON names as holder;
- a conflict written "A ↔ B (kind)" has the kind of the conflict between A and B;
- a reaction in the key's table carries the tag of that reaction in the JSON,
  and comes from an agency the JSON lists as reacting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from casetools.caseworld.generate import generate
from casetools.caseworld.render import render_json
from casetools.caseworld.views import build_view, labels
from casetools.caseworld.world import World, load_world
from casetools.library.exercises import Exercise, load_library
from casetools.library.render import render_exercise

REPO = Path(__file__).resolve().parent.parent
SEEDS = range(1000)
LABELS = labels("nl")


@cache
def world() -> World:
    return load_world(REPO / "casebook" / "world")


@cache
def variant_exercises() -> tuple[Exercise, ...]:
    return tuple(e for e in load_library(REPO / "exercises").exercises if e.uses_variant)


def check(text: str, data: dict[str, Any], where: str) -> list[str]:
    """Return every stated fact in ``text`` that the JSON contradicts."""
    found = [
        *_scores(text, data),
        *_labels(text),
        *_holder(text, data),
        *_conflicts(text, data),
        *_reactions(text, data),
    ]
    return [f"{where}: {message}" for message in found]


def _scores(text: str, data: dict[str, Any]) -> Iterator[str]:
    levels = {s["domain"]: s["level"] for s in data["profile"]["scores"]}
    for domain in world().domains:
        name = re.escape(domain.name["nl"])
        for pattern in (
            rf"{name}: ([1-5])\b(?! pijl)",
            rf"{name} scoort ([1-5])\b",
            rf"{name} \(score ([1-5])\)",
            rf"{name} \| ([1-5]) \|",
        ):
            for m in re.finditer(pattern, text):
                if int(m.group(1)) != levels[domain.id]:
                    yield f"'{m.group(0)}' but the JSON scores {domain.id} {levels[domain.id]}"


def _labels(text: str) -> Iterator[str]:
    for m in re.finditer(r"\b([1-5]) \(([a-z ]+zelfredzaam|acute problematiek)\)", text):
        expected = world().scale[int(m.group(1))]["nl"]
        if m.group(2) != expected:
            yield f"'{m.group(0)}' but level {m.group(1)} is '{expected}'"
    for m in re.finditer(r"De score ([1-5]) \([^)]+\) zegt dat ([^.]*)\.", text):
        low = "niet of maar beperkt" in m.group(2)
        copes = " redt" in m.group(2)
        if (low and int(m.group(1)) > 3) or (copes and int(m.group(1)) <= 3):
            yield f"'{m.group(0)}' contradicts its own score"


def _holder(text: str, data: dict[str, Any]) -> Iterator[str]:
    holder = data["household"]["members"][data["wish"]["holder"]]["given_name"]
    spec = next(x for x in world().wishes if x.id == data["wish"]["wish"])
    start = spec.wish["nl"].split("{")[0].strip()
    if len(start.split()) < 2:
        return
    for m in re.finditer(rf"(\w+) wil {re.escape(start)}", text):
        if m.group(1) != holder:
            yield f"'{m.group(0)}' but the JSON gives the wish to {holder}"


def _conflicts(text: str, data: dict[str, Any]) -> Iterator[str]:
    names = {a.name["nl"].lower(): a.id for a in world().agencies}
    by_id = {c.id: c for c in world().conflicts}
    for m in re.finditer(r"([^\n*]+?) ↔ ([^\n(]+?) \(([^)]+)\)", text):
        first = names.get(m.group(1).strip().lower())
        second = names.get(m.group(2).strip().lower())
        if first is None or second is None:
            continue
        pair = [by_id[c] for c in data["conflicts"] if set(by_id[c].between) == {first, second}]
        if not pair:
            yield f"'{m.group(0)}' but the JSON has no conflict between them"
        elif LABELS["conflict_kinds"][pair[0].kind] != m.group(3):
            yield f"'{m.group(0)}' but the conflict is {pair[0].kind}"


def _reactions(text: str, data: dict[str, Any]) -> Iterator[str]:
    reactions = data["referral"]["reactions"]
    tags = {r.id: r.tag for r in world().reactions}
    professionals = {a.professional_definite["nl"]: a.id for a in world().agencies}
    for m in re.finditer(r"^\| ([1-9]) \| ([^|]+) \| \*\*([a-z-]+)\*\* \|", text, re.MULTILINE):
        index = int(m.group(1)) - 1
        if index >= len(reactions):
            yield f"reaction {index + 1} but the JSON has {len(reactions)}"
            continue
        reaction = reactions[index]
        if professionals.get(m.group(2).strip()) != reaction["agency"]:
            yield f"'{m.group(0)}' but reaction {index + 1} is by {reaction['agency']}"
        if LABELS["reaction_tags"][tags[reaction["reaction"]]] != m.group(3):
            yield f"'{m.group(0)}' but the JSON tags it {tags[reaction['reaction']]}"


def test_the_checker_catches_a_wrong_score() -> None:
    variant = generate(world(), 7)
    data = json.loads(render_json(variant))
    level = next(s.level for s in variant.profile.scores if s.domain == "finances")
    wrong = 5 if level != 5 else 4
    found = check(f"Financiën scoort {wrong} ({world().scale[wrong]['nl']}).", data, "x")
    assert found == [f"x: 'Financiën scoort {wrong}' but the JSON scores finances {level}"]
    assert check("Financiën scoort 2 (volledig zelfredzaam).", data, "x")[-1] == (
        "x: '2 (volledig zelfredzaam)' but level 2 is 'niet zelfredzaam'"
    )


def test_the_checker_catches_a_score_read_the_wrong_way() -> None:
    data = json.loads(render_json(generate(world(), 7)))
    text = "De score 4 (voldoende zelfredzaam) zegt dat het Nadia niet of maar beperkt lukt."
    assert check(text, data, "x") == [f"x: '{text}' contradicts its own score"]


def test_the_checker_catches_a_wrong_holder() -> None:
    variant = generate(world(), 7)
    data = json.loads(render_json(variant))
    view = build_view(world(), variant)
    other = "Zzyzx"
    found = check(f"{other} wil {view.wish.wish}.", data, "x")
    assert found
    assert found[0].startswith(f"x: '{other} wil ")


@pytest.mark.parametrize("block", range(4))
def test_every_variant_key_follows_the_data(block: int) -> None:
    w = world()
    problems: list[str] = []
    for seed in SEEDS[block::4]:
        variant = generate(w, seed)
        data = json.loads(render_json(variant))
        view = build_view(w, variant)
        for exercise in variant_exercises():
            done = render_exercise(exercise, view, "teacher")
            parts = (done.prompt, done.solution, done.key, done.teacher_notes)
            text = "\n\n".join(p for p in parts if p)
            problems += check(text, data, f"{exercise.id} {variant.code}")
        if len(problems) > 20:
            break
    assert problems == []
