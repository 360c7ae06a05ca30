"""Rendering variants: golden files, the fictional notice, JSON, and names taken literally.

The golden files in ``tests/golden/variants`` were written from these seeds
(schema 2) and read by hand. They cover every household composition, every
migration context and income, a grandparent under the kostendelersnorm,
nonbinary adults and a same-gender couple. A change to the generator, the data or the
template that alters a published variant shows up here as a diff to review.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from casetools.caseworld.codes import SEED_LIMIT, decode
from casetools.caseworld.generate import generate
from casetools.caseworld.render import (
    list_nl,
    make_environment,
    markdown_literal,
    render_json,
    render_markdown,
    upfirst,
)
from casetools.caseworld.views import build_view
from casetools.caseworld.world import World, load_world

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "casebook" / "world"
GOLDEN = Path(__file__).resolve().parent / "golden" / "variants"

GOLDEN_CODES = {
    "EM5K9NPM": "seed 7: single mother of 24 with three young daughters, bijstand, work referral",
    "RSJU8DZP": "Polish EU citizens, nonbinary parent and adult child, low wage, three reactions",
    "JHKBFAA3": "two fathers, a grandmother on AOW: kostendelersnorm, care conflict",
    "RWYQ6EQB": "nonbinary client, small business, residence permit, parenting referral",
    "3TZFJKF6": "seed 1: single mother, grandparent on AOW, wage and pension",
    "983HE53G": "seed 4: single mother of four, low wage, residence permit",
    "NSVZ3Q6K": "seed 11: two parents and an adult child at home, bijstand, three reactions",
}


@cache
def real_world() -> World:
    return load_world(WORLD)


@pytest.fixture
def world() -> World:
    return real_world()


def test_the_golden_folder_holds_exactly_the_listed_variants() -> None:
    names = sorted(p.name for p in GOLDEN.iterdir())
    assert names == sorted(f"{code}.{ext}" for code in GOLDEN_CODES for ext in ("md", "json"))


@pytest.mark.parametrize("code", sorted(GOLDEN_CODES))
def test_markdown_matches_the_golden_file(world: World, code: str) -> None:
    variant = generate(world, decode(code))
    assert render_markdown(world, variant).encode("utf-8") == (GOLDEN / f"{code}.md").read_bytes()


@pytest.mark.parametrize("code", sorted(GOLDEN_CODES))
def test_json_matches_the_golden_file(world: World, code: str) -> None:
    variant = generate(world, decode(code))
    assert render_json(variant).encode("utf-8") == (GOLDEN / f"{code}.json").read_bytes()


def test_the_golden_files_cover_what_they_claim(world: World) -> None:
    variants = [generate(world, decode(code)) for code in GOLDEN_CODES]
    assert {v.household.composition for v in variants} == {c.id for c in world.compositions}
    assert {v.household.migration for v in variants} == {m.id for m in world.migration_contexts}
    assert {v.household.income for v in variants} == {i.id for i in world.incomes}
    assert any(
        v.barrier == "cost_sharing_norm"
        and any(m.role == "grandparent" for m in v.household.members)
        for v in variants
    )
    assert any(v.household.client.gender == "nonbinary" for v in variants)
    assert any(m.gender == "nonbinary" for v in variants for m in v.household.members[1:])
    assert any(
        v.household.partner is not None and v.household.partner.gender == v.household.client.gender
        for v in variants
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=SEED_LIMIT - 1))
def test_every_description_is_complete(seed: int) -> None:
    # the world is not a fixture here: Hypothesis would print all of it on a failure
    world = real_world()
    variant = generate(world, seed)
    text = render_markdown(world, variant)
    assert text.startswith(f"# Casusvariant {variant.code}\n")
    assert "**Fictief.**" in text
    assert f"(variantcode {variant.code})" in text
    assert not re.search(r"\{[a-z_]*\}", text), "a placeholder was left in the text"
    assert not re.search(r"^-\s*$", text, flags=re.MULTILINE), "an empty bullet"
    assert "None" not in text
    assert not re.search(r"\S  +\S", text), "a double space: something was left out"
    assert not re.search(r" +$", text, flags=re.MULTILINE), "trailing spaces"
    for member in variant.household.members:
        age = f"{member.age} jaar" if member.age else "nog geen jaar oud"
        assert f"**{member.given_name} {member.family_name}** ({age})" in text
    assert text.endswith(".\n")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=SEED_LIMIT - 1))
def test_json_has_code_seed_and_the_fictional_flag(seed: int) -> None:
    variant = generate(real_world(), seed)
    data = json.loads(render_json(variant))
    assert data["code"] == variant.code
    assert data["seed"] == seed
    assert data["fictional"] is True
    assert data["schema"] == 2
    assert len(data["household"]["members"]) == len(variant.household.members)


def test_a_nonbinary_client_is_named_not_hen(world: World) -> None:
    view = build_view(world, generate(world, decode("RWYQ6EQB")))
    assert (view.client.gender, view.client.role_label) == ("nonbinary", "ouder")
    text = render_markdown(world, generate(world, decode("RWYQ6EQB")))
    assert "Hen " not in text
    assert f"{view.client.given_name} werd doorverwezen" in text


def test_the_coresident_is_named_in_the_kostendelersnorm(world: World) -> None:
    text = render_markdown(world, generate(world, decode("JHKBFAA3")))
    assert "Doordat de grootmoeder Marieke in huis woont, daalt de uitkering" in text
    assert "Marieke ontvangt AOW." in text


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=SEED_LIMIT - 1))
def test_no_answers_and_no_digits_in_running_text(seed: int) -> None:
    world = real_world()
    variant = generate(world, seed)
    text = render_markdown(world, variant)
    running = "\n".join(
        line for line in text.splitlines() if not line.startswith(("|", "# ", "- **", "> ", "⚑"))
    )
    assert not re.search(r"(?<![\w-])([0-9]|1[0-9])(?![0-9])(?! jaar\))", running), running
    for label in ("hetzelfde geld", "dezelfde uren", "wie gaat eerst", "botsende doelen"):
        assert f"({label})" not in text
    for label in ("persoonlijk", "sociaal", "omgeving", "single-loop", "double-loop", "defensief"):
        assert f"({label})" not in text
    children = len(variant.household.children)
    first = text.split("\n\n")[3]
    assert ("één kind" in first) == (children == 1)


def test_special_characters_in_a_name_are_kept_literally(world: World, tmp_path: Path) -> None:
    name = "Sa<m&\\%"
    client = generate(world, 7).household.client
    root = tmp_path / "world"
    shutil.copytree(WORLD, root)
    household = root / "household.yaml"
    text, replaced = re.subn(
        rf"\b{re.escape(client.given_name)}\b",
        "'" + name + "'",  # single-quoted YAML: the backslash stays a backslash
        household.read_text(encoding="utf-8"),
    )
    assert replaced == 1
    household.write_text(text, encoding="utf-8")

    odd = load_world(root)
    variant = generate(odd, 7)
    assert variant.household.client.given_name == name
    markdown = render_markdown(odd, variant)
    # The Markdown escapes what a renderer would swallow (the backslash before %, the
    # "<m" that looks like a tag); rendered, the name reads exactly as written.
    assert f"**{markdown_literal(name)} {client.family_name}**" in markdown
    rendered = MarkdownIt("commonmark").render(markdown)
    assert f"<strong>{html.escape(name, quote=False)} {client.family_name}</strong>" in rendered
    assert f"{html.escape(name, quote=False)} werd doorverwezen" in rendered
    assert json.loads(render_json(variant))["household"]["members"][0]["given_name"] == name


def test_rendering_does_not_depend_on_earlier_renders(world: World) -> None:
    first = render_markdown(world, generate(world, 7))
    for seed in range(20):
        render_markdown(world, generate(world, seed))
    assert render_markdown(world, generate(world, 7)) == first


@pytest.mark.parametrize(
    ("items", "joined"),
    [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")],
)
def test_list_nl(items: list[str], joined: str) -> None:
    assert list_nl(items) == joined


def test_list_nl_with_another_last_word() -> None:
    assert list_nl(["thee", "koffie"], last="of") == "thee of koffie"


def test_upfirst_keeps_the_rest() -> None:
    assert upfirst("gemeente, team Wmo") == "Gemeente, team Wmo"
    assert upfirst("") == ""


def test_templates_refuse_undefined_names() -> None:
    import jinja2

    env = make_environment(jinja2.DictLoader({"t": "{{ missing }}"}))
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("t").render()
