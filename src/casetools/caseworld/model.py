"""The variant: a fictional household's case world, as language-neutral data.

A :class:`Variant` holds ids and numbers only; every sentence comes from the
casebook texts and the per-language templates. That is what lets one code give
the same household in Dutch and, later, in English. All classes are frozen:
a variant is a value, shared safely between pages, handouts and keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["client", "partner", "child", "adult_child", "grandparent"]
ReactionTag = Literal["single_loop", "double_loop", "defensive"]
FactorKind = Literal["personal", "social", "environmental"]

SCHEMA_VERSION = 2
MINOR_AGE = 18
SCHOOL_AGE = (4, 17)
COST_SHARER_AGE = 27  # Participatiewet art. 22a, since 1 January 2023
CONSENT_AGE = 16  # a child of 16 or 17 must consent to co-naturalisation
CHILDCARE_AGE = 12  # kinderopvang (incl. buitenschoolse opvang) is for children under 12
AOW_AGE = 67
NONBINARY_MIN_AGE = MINOR_AGE  # children are described by their parents as daughter or son


@dataclass(frozen=True, slots=True)
class Person:
    """One member of the household."""

    role: Role
    given_name: str
    family_name: str
    gender: str
    age: int


@dataclass(frozen=True, slots=True)
class Household:
    """Who lives together, and the context they live in."""

    composition: str
    name_pool: str
    members: tuple[Person, ...]
    migration: str
    years_in_nl: int | None
    income: str
    trade: int

    @property
    def client(self) -> Person:
        """The adult who visits the professionals (Ansaj's place in the case)."""
        return self.members[0]

    @property
    def partner(self) -> Person | None:
        """The client's partner, if there is one."""
        return next((m for m in self.members if m.role == "partner"), None)

    @property
    def children(self) -> tuple[Person, ...]:
        """Children under 18."""
        return tuple(m for m in self.members if m.role == "child")

    @property
    def adults(self) -> tuple[Person, ...]:
        """Everyone aged 18 or over."""
        return tuple(m for m in self.members if m.age >= MINOR_AGE)


@dataclass(frozen=True, slots=True)
class DomainScore:
    """One life domain of the ZRM 2017 with its level (1 acute ... 5 fully self-reliant)."""

    domain: str
    level: int


@dataclass(frozen=True, slots=True)
class Profile:
    """The household's life-domain profile and how its problems drive each other."""

    scores: tuple[DomainScore, ...]
    links: tuple[str, ...]
    person: int = 0  # index into Household.members: the ZRM scores one named person

    def level(self, domain: str) -> int:
        """Return the level of one domain."""
        return next(s.level for s in self.scores if s.domain == domain)

    @property
    def problem_domains(self) -> tuple[str, ...]:
        """Domains at level 1-3: where the household is not (fully) self-reliant."""
        return tuple(s.domain for s in self.scores if s.level <= 3)  # noqa: PLR2004


@dataclass(frozen=True, slots=True)
class Wish:
    """What one adult wants, what is offered instead, and what stands in between."""

    wish: str
    holder: int  # index into Household.members
    offer: str
    factors: tuple[str, ...]  # one personal, one social, one environmental


@dataclass(frozen=True, slots=True)
class Reaction:
    """A professional's reaction when told about the wrong referral."""

    reaction: str
    agency: str


@dataclass(frozen=True, slots=True)
class Referral:
    """The wrong referral and the reactions to it."""

    referral: str
    reactions: tuple[Reaction, ...]
    asker: int = 0  # index into Household.members: who asked the question that was misreferred


@dataclass(frozen=True, slots=True)
class Variant:
    """A complete case world, reproducible from its code."""

    code: str
    seed: int
    household: Household
    profile: Profile
    agencies: tuple[str, ...]
    conflicts: tuple[str, ...]
    wish: Wish
    referral: Referral
    barrier: str
    fictional: bool = True
    schema: int = SCHEMA_VERSION
