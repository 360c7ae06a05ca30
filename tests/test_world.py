"""Loading the case world: the real casebook loads, and every broken file is located.

Each error case copies ``casebook/world`` into ``tmp_path``, breaks one file in
one place and checks that the message names that file, that line and that key,
so a teacher can jump straight to the mistake.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casetools.caseworld.world import FILES, World, load_world
from casetools.errors import ContentError

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "casebook" / "world"


def copy_world(tmp_path: Path) -> Path:
    root = tmp_path / "world"
    shutil.copytree(WORLD, root)
    return root


def edit(root: Path, name: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in ``<name>.yaml``; return the new text."""
    path = root / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}.yaml"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str, after: str = "", occurrence: int = 1) -> int:
    """The 1-based line of the n-th ``needle`` (after the first ``after``, if given)."""
    position = text.index(after) if after else 0
    for _ in range(occurrence):
        position = text.index(needle, position) + 1
    return text.count("\n", 0, position - 1) + 1


def load_error(root: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_world(root)
    return info.value


def assert_located(error: ContentError, file: Path, line: int, key: str, fragment: str) -> None:
    assert error.path == file
    assert error.line == line
    assert error.key == key
    assert fragment in error.message
    location = f"{file}:{line}: {key}:" if key else f"{file}:{line}:"
    assert str(error) == f"{location} {error.message}"


@pytest.fixture(scope="module")
def world() -> World:
    return load_world(WORLD)


def test_the_real_casebook_loads(world: World) -> None:
    assert world.root == WORLD
    assert len(world.domains) == 13
    assert [d.id for d in world.domains][:2] == ["finances", "work_education"]
    assert set(world.scale) == {1, 2, 3, 4, 5}
    assert {g.id for g in world.genders} == {"female", "male", "nonbinary"}
    assert {c.extra_adult for c in world.compositions} == {"none", "adult_child", "grandparent"}
    assert len(world.agencies) >= 4
    assert all(len(c.between) == 2 for c in world.conflicts)
    assert all(any(r.fit == "primary" for r in b.fits) for b in world.barriers)
    assert [p.name for p in world.files()] == [f"{name}.yaml" for name in FILES]
    assert all(p.is_file() for p in world.files())


def test_lookups_by_id(world: World) -> None:
    assert world.agency("wmo").professional["nl"] == "Wmo-consulent"
    assert world.domain("justice").name["nl"] == "Justitie"
    assert world.gender("nonbinary").subject["nl"] == "hen"
    with pytest.raises(KeyError, match="unknown id 'nope'"):
        world.agency("nope")


def test_loaded_texts_are_read_only(world: World) -> None:
    with pytest.raises(TypeError):
        world.agency("wmo").name["nl"] = "iets anders"  # type: ignore[index]


def test_broken_yaml_syntax(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    bad = "    law: nl: Wet maatschappelijke ondersteuning 2015"
    text = edit(root, "agencies", "    law: {nl: Wet maatschappelijke ondersteuning 2015}", bad)
    error = load_error(root)
    assert_located(
        error, root / "agencies.yaml", line_of(text, bad), "", "invalid YAML: mapping values"
    )


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    text = edit(root, "agencies", "  - id: wmo\n", "  - id: wmo\n    id: wmo2\n")
    error = load_error(root)
    line = line_of(text, "    id: wmo2")
    assert_located(error, root / "agencies.yaml", line, "agencies[1].id", "duplicate key")


def test_unknown_key(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    text = edit(root, "agencies", "  - id: wmo\n", "  - id: wmo\n    colour: blue\n")
    error = load_error(root)
    assert_located(
        error, root / "agencies.yaml", line_of(text, "colour:"), "agencies[1].colour", "unknown key"
    )
    assert "allowed: " in error.message
    assert "goal" in error.message


def test_missing_required_key(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    goal = (
        '    goal: {nl: "zelfredzaamheid en participatie ondersteunen, '
        'zodat mensen thuis kunnen blijven wonen"}\n'
    )
    text = edit(root, "agencies", goal, "")
    error = load_error(root)
    assert_located(
        error, root / "agencies.yaml", line_of(text, "  - id: wmo"), "agencies[1]", "'goal'"
    )
    assert error.message == "missing key 'goal'"


@pytest.mark.parametrize(
    ("value", "found"),
    [("12", "found int 12 (put it in quotes)"), ("no", "found bool False (put it in quotes)")],
)
def test_non_text_where_text_is_required(tmp_path: Path, value: str, found: str) -> None:
    root = copy_world(tmp_path)
    goal = (
        '    goal: {nl: "zelfredzaamheid en participatie ondersteunen, '
        'zodat mensen thuis kunnen blijven wonen"}\n'
    )
    text = edit(root, "agencies", goal, f"    goal: {{nl: {value}}}\n")
    error = load_error(root)
    line = line_of(text, f"goal: {{nl: {value}}}")
    assert_located(error, root / "agencies.yaml", line, "agencies[1].goal.nl", found)
    assert error.message == f"expected text, {found}"


def test_unknown_agency_in_a_conflict(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    bad = "    between: [work_income, youth_carre]"
    text = edit(root, "conflicts", "    between: [work_income, youth_care]", bad)
    error = load_error(root)
    assert_located(
        error,
        root / "conflicts.yaml",
        line_of(text, bad),
        "conflicts[0].between[1]",
        "unknown agency 'youth_carre'",
    )


def test_unknown_condition_in_requires(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    bad = '    requires: ["problem:finance"]'
    text = edit(root, "agencies", '    requires: ["problem:finances"]', bad)
    error = load_error(root)
    assert_located(
        error,
        root / "agencies.yaml",
        line_of(text, bad),
        "agencies[3].requires[0]",
        "unknown condition 'problem:finance' (known: ",
    )
    assert "problem:<domain>" in error.message


def test_duplicate_id(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    text = edit(root, "agencies", "  - id: wmo\n", "  - id: district_team\n")
    error = load_error(root)
    assert_located(
        error,
        root / "agencies.yaml",
        line_of(text, "  - id: district_team", occurrence=2),
        "agencies[1].id",
        "id 'district_team' is used twice",
    )


def test_unknown_placeholder_in_a_wish(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    bad = 'wish: {nl: "betaald werk in het eigen vak, als {foo}"}'
    text = edit(root, "wishes", 'wish: {nl: "betaald werk in het eigen vak, als {trade}"}', bad)
    error = load_error(root)
    assert_located(
        error,
        root / "wishes.yaml",
        line_of(text, bad),
        "wishes[0].wish.nl",
        "unknown placeholder {foo} (allowed: {trade}, {child}, {elder})",
    )


def test_barrier_without_a_primary_route(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    old = 'escalate: {fit: primary, why: {nl: "De norm staat in de wet'
    text = edit(root, "barriers", old, old.replace("primary", "possible"))
    error = load_error(root)
    assert_located(
        error,
        root / "barriers.yaml",
        line_of(text, "    routes:", after="  - id: cost_sharing_norm"),
        "barriers[0].routes",
        "needs at least one route with fit: primary",
    )


def test_unknown_domain_in_a_link(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    text = edit(
        root,
        "domains",
        "    from: finances\n    to: mental_health\n",
        "    from: money\n    to: mental_health\n",
    )
    error = load_error(root)
    assert_located(
        error,
        root / "domains.yaml",
        line_of(text, "from: money"),
        "links[0].from",
        "unknown domain 'money'",
    )


def test_missing_file(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    (root / "barriers.yaml").unlink()
    error = load_error(root)
    assert error.path == root / "barriers.yaml"
    assert error.line is None
    assert "cannot read file" in str(error)


def test_missing_folder(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nowhere")
    assert str(error) == f"{tmp_path / 'nowhere'}: case-world folder not found"


def test_too_few_wordings(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    third = '        - "Jeugdhulp rekent erop dat de ouder wekelijks overdag komt praten;'
    text = (root / "conflicts.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith(third))
    text = edit(root, "conflicts", line + "\n", "")
    error = load_error(root)
    assert_located(
        error,
        root / "conflicts.yaml",
        line_of(text, "      nl:", after="  - id: jobsearch_vs_parent_sessions"),
        "conflicts[0].reason.nl",
        "needs at least 3 wordings, found 2",
    )


def test_a_name_listed_for_two_genders(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    old = "      male: [Bas, Ruud,"
    text = edit(root, "household", old, "      male: [Sanne, Ruud,")
    error = load_error(root)
    assert error.path == root / "household.yaml"
    assert error.key == "name_pools[0].given"
    assert error.line == line_of(text, "    given:")
    assert error.message == "names in two lists: Sanne"


def test_a_migration_context_must_name_known_regions(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    text = edit(root, "household", "    regions: [eu]\n", "    regions: [europe]\n")
    error = load_error(root)
    assert error.key == "migration_contexts[1].regions[0]"
    assert error.line == line_of(text, "    regions: [europe]")
    assert "'europe' is not one of" in error.message


def test_a_wish_without_a_social_factor_every_household_can_have(tmp_path: Path) -> None:
    root = copy_world(tmp_path)
    old = "    factors: [language, diploma, discrimination, employer_demands, transport, distance_school]\n"
    new = "    factors: [language, diploma, no_childcare_network, transport, distance_school]\n"
    text = edit(root, "wishes", old, new)
    error = load_error(root)
    assert error.key == "wishes[2].factors"
    assert error.line == line_of(text, new.strip())
    assert error.message == (
        "needs at least one social factor that every household with this wish can have"
    )


def test_feminine_surnames(world: World) -> None:
    pool = world.pool("pl")
    assert pool.family_form("Kowalski", "female") == "Kowalska"
    assert pool.family_form("Kowalski", "male") == "Kowalski"
    assert pool.family_form("Nowak", "female") == "Nowak"
    assert world.pool("nl").family_form("de Vries", "female") == "de Vries"
