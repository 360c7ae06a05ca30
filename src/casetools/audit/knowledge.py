"""The audit's own knowledge: names per culture and gender, EU member states, age limits.

Loaded from ``names.yaml`` next to this module, never from the case world: the
audit judges the generator's output with a judgement made apart from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

KNOWLEDGE_FILE = Path(__file__).resolve().parent / "names.yaml"

# Polish surnames in -ski/-cki/-dzki are adjectives: -ska/-cka/-dzka for women and girls.
POLISH_MASCULINE = re.compile(r"(?:sk|ck|dzk)i$")
POLISH_FEMININE = re.compile(r"(?:sk|ck|dzk)a$")


@dataclass(frozen=True, slots=True)
class Culture:
    """One culture's names, as the audit knows them."""

    id: str
    country: str
    eu: bool
    female: frozenset[str]
    male: frozenset[str]
    unisex: frozenset[str]
    family: frozenset[str]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """All that the audit knows about names, states and ages."""

    cultures: tuple[Culture, ...]
    eu_adjectives: frozenset[str]
    childcare_below: int
    school_ages: tuple[int, int]
    cost_sharer_from: int

    def cultures_of_family(self, family: str) -> tuple[Culture, ...]:
        """The cultures a surname belongs to (Polish also by its -ski/-ska ending)."""
        found = [c for c in self.cultures if family in c.family]
        if POLISH_MASCULINE.search(family) or POLISH_FEMININE.search(family):
            found += [c for c in self.cultures if c.id == "pl" and c not in found]
        return tuple(found)

    def gender_of(self, given: str, family: str) -> str | None:
        """``female``/``male`` if the name is clearly one gender in its culture, else None.

        The surname decides the culture; an unknown surname falls back to every
        culture. A name that any of those cultures lists as unisex, or that one
        lists as female and another as male, is not judged.
        """
        cultures = self.cultures_of_family(family) or self.cultures
        genders = set()
        for c in cultures:
            if given in c.unisex:
                return None
            if given in c.female:
                genders.add("female")
            if given in c.male:
                genders.add("male")
        return genders.pop() if len(genders) == 1 else None

    def knows_given(self, given: str) -> bool:
        """Whether any culture lists the name (for the 'unjudged names' count)."""
        return any(given in c.female | c.male | c.unisex for c in self.cultures)

    def is_dutch_family(self, family: str) -> bool:
        """A surname on the audit's list of typically Dutch surnames."""
        return any(c.id == "nl" and family in c.family for c in self.cultures)

    def eu_origin(self, given: str, family: str) -> Culture | None:
        """The EU culture (other than Dutch) a person's names point to, if unambiguous."""
        by_family = [c for c in self.cultures_of_family(family) if c.id != "nl"]
        if by_family:
            return by_family[0] if all(c.eu for c in by_family) else None
        by_given = [c for c in self.cultures if given in c.female | c.male]
        if by_given and all(c.eu and c.id != "nl" for c in by_given):
            return by_given[0]
        return None


@cache
def knowledge() -> Knowledge:
    """Load ``names.yaml`` once."""
    data = yaml.safe_load(KNOWLEDGE_FILE.read_text(encoding="utf-8"))
    cultures = tuple(
        Culture(
            id=cid,
            country=str(raw["country"]),
            eu=bool(raw["eu"]),
            female=frozenset(raw["female"]),
            male=frozenset(raw["male"]),
            unisex=frozenset(raw["unisex"]),
            family=frozenset(raw["family"]),
        )
        for cid, raw in data["cultures"].items()
    )
    ages = data["ages"]
    return Knowledge(
        cultures=cultures,
        eu_adjectives=frozenset(data["eu_member_states"].values()),
        childcare_below=int(ages["childcare_below"]),
        school_ages=(int(ages["school"][0]), int(ages["school"][1])),
        cost_sharer_from=int(ages["cost_sharer_from"]),
    )
