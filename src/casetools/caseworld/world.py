"""The case world: the pools and rules in ``casebook/world/*.yaml``, as typed models.

Each YAML section is one pydantic model class; loading checks every field,
every cross-reference (an agency named in a conflict must exist, a condition
must be known) and the rules that span entries, and reports a broken file
with its file, line and key before any variant is drawn. Adding a section
means adding a model class, not a validator block.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, Field, StrictBool, StrictInt, model_validator

from casetools.caseworld.conditions import Condition
from casetools.caseworld.schema import (
    AgencyRef,
    ConditionField,
    DomainRef,
    Entry,
    FactorRef,
    Id,
    OfferRef,
    RouteRef,
    Str,
    Text,
    Wordings,
    fail,
    raw_ids,
    unique_ids,
    validate,
)
from casetools.errors import ContentError
from casetools.yamlsource import load_source

FILES = ("domains", "household", "agencies", "conflicts", "wishes", "referrals", "barriers")
FACTOR_KINDS = ("personal", "social", "environmental")
REACTION_TAGS = ("single_loop", "double_loop", "defensive")
Roles = Literal["client", "partner", "adult_child"]


def _range(value: tuple[int, int]) -> tuple[int, int]:
    if value[0] > value[1]:
        raise fail("range", "range [{a}, {b}] is empty", a=value[0], b=value[1])
    return value


Range = Annotated[tuple[StrictInt, StrictInt], AfterValidator(_range)]
Conditions = tuple[ConditionField, ...]


# -- domains.yaml ---------------------------------------------------------------


class ScaleLevel(Entry):
    """One level of the ZRM scale with its label."""

    level: Annotated[StrictInt, Field(ge=1, le=5)]
    label: Text


class Domain(Entry):
    """A ZRM 2017 life domain."""

    id: Id
    weight: Annotated[StrictInt, Field(ge=1, le=1000)]
    name: Text
    about: Text


class DomainLink(Entry):
    """Trouble in one domain driving trouble in another, where its conditions hold."""

    id: Id
    source: DomainRef = Field(alias="from")
    target: DomainRef = Field(alias="to")
    mechanism: Text
    requires: Conditions = ()


class DomainsFile(Entry):
    """``domains.yaml``."""

    scale: Annotated[tuple[ScaleLevel, ...], Field(min_length=5)]
    domains: Annotated[list[Domain], Field(min_length=13), AfterValidator(unique_ids)]
    links: Annotated[list[DomainLink], Field(min_length=1), AfterValidator(unique_ids)]

    @model_validator(mode="after")
    def _five_levels(self) -> DomainsFile:
        if sorted(s.level for s in self.scale) != [1, 2, 3, 4, 5]:
            raise fail("scale", "needs exactly the levels 1 to 5", ("scale",))
        return self


# -- household.yaml -------------------------------------------------------------


class Gender(Entry):
    """A gender with its Dutch pronouns and kinship words."""

    id: Id
    label: Text
    subject: Text
    possessive: Text
    object: Text
    parent: Text
    child: Text
    partner: Text


class GivenNames(Entry):
    """Given names as the culture uses them: female, male, and only truly unisex names."""

    female: Annotated[tuple[Str, ...], Field(min_length=4)]
    male: Annotated[tuple[Str, ...], Field(min_length=4)]
    unisex: tuple[Str, ...] = ()

    @model_validator(mode="after")
    def _disjoint(self) -> GivenNames:
        for key in ("female", "male", "unisex"):
            names: tuple[str, ...] = getattr(self, key)
            if len(set(names)) != len(names):
                raise fail("duplicate", "contains duplicates", (key,))
        both = (set(self.female) | set(self.male)) & set(self.unisex) | set(self.female) & set(
            self.male
        )
        if both:
            raise fail("duplicate", "names in two lists: {names}", names=", ".join(sorted(both)))
        return self


class NamePool(Entry):
    """Names common in one culture, and where that culture sits legally (nl, eu, non_eu)."""

    id: Id
    label: Text
    region: Literal["nl", "eu", "non_eu"]
    weight: Annotated[StrictInt, Field(ge=1, le=10_000)]
    given: GivenNames
    family: Annotated[tuple[Str, ...], Field(min_length=4)]
    feminine: tuple[tuple[Str, Str], ...] = ()  # (male ending, female ending), e.g. ski -> ska

    def family_form(self, family: str, gender: str) -> str:
        """The surname in the form the language uses for a woman or girl."""
        if gender != "female":
            return family
        for male, female in self.feminine:
            if family.endswith(male):
                return family[: -len(male)] + female
        return family


class Composition(Entry):
    """A household shape, drawn with a weight."""

    placeholders = {"label": ("children",)}  # noqa: RUF012

    id: Id
    label: Text
    partner: StrictBool
    children: Range
    extra_adult: Literal["none", "adult_child", "grandparent"]
    weight: Annotated[StrictInt, Field(ge=1, le=10_000)] = 100


class Ages(Entry):
    """Age ranges: the client, partner offset, parent-child gap, grandparent gap."""

    client: Range
    partner_offset: Range
    parent_gap: Range
    grandparent_gap: Range


class MigrationContext(Entry):
    """Residence and nationality; ``regions`` lists the name-pool regions it fits."""

    id: Id
    label: Text
    parents_dutch: StrictBool
    years_in_nl: Range | None
    weight: Annotated[StrictInt, Field(ge=1, le=10_000)]
    regions: tuple[Literal["nl", "eu", "non_eu"], ...]
    recent: StrictBool = False


class Income(Entry):
    """The household's main income and the ZRM ranges it implies for the client."""

    id: Id
    label: Text
    weight: Annotated[StrictInt, Field(ge=1, le=10_000)]
    scores: Mapping[DomainRef, Range] = Field(default_factory=dict)
    requires: Conditions = ()


class HouseholdFile(Entry):
    """``household.yaml``."""

    genders: Annotated[list[Gender], Field(min_length=2), AfterValidator(unique_ids)]
    gender_weights: Mapping[Id, Annotated[StrictInt, Field(ge=0, le=1000)]]
    same_gender_couples: Annotated[StrictInt, Field(ge=0, le=1000)]
    name_pools: Annotated[list[NamePool], Field(min_length=2), AfterValidator(unique_ids)]
    compositions: Annotated[list[Composition], Field(min_length=1), AfterValidator(unique_ids)]
    ages: Ages
    migration_contexts: Annotated[
        list[MigrationContext], Field(min_length=1), AfterValidator(unique_ids)
    ]
    incomes: Annotated[list[Income], Field(min_length=1), AfterValidator(unique_ids)]
    trades: Annotated[tuple[Text, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _cross(self) -> HouseholdFile:
        genders = [g.id for g in self.genders]
        if sorted(self.gender_weights) != sorted(genders):
            raise fail("keys", "needs a weight for each gender: {g}", ("gender_weights",),
                       g=", ".join(genders))  # fmt: skip
        if not any(m.id == "dutch_nationals" for m in self.migration_contexts):
            raise fail("context", "needs the context 'dutch_nationals'", ("migration_contexts",))
        for region in ("nl", "eu", "non_eu"):
            pools = [p for p in self.name_pools if p.region == region]
            if pools and not any(region in m.regions for m in self.migration_contexts):
                raise fail("context", "no migration context fits the region {r}",
                           ("migration_contexts",), r=region)  # fmt: skip
        return self


# -- agencies.yaml, conflicts.yaml ----------------------------------------------


class Agency(Entry):
    """An agency and its logic: its strand of the lasso."""

    id: Id
    name: Text
    definite: Text
    professional: Text
    professional_definite: Text
    law: Text
    goal: Text
    demand: Wordings
    conditions: Text
    success: Text
    blind_spot: Text
    requires: Conditions
    triggers: Conditions


class AgenciesFile(Entry):
    """``agencies.yaml``."""

    agencies: Annotated[list[Agency], Field(min_length=4), AfterValidator(unique_ids)]


class Conflict(Entry):
    """Two agencies whose demands cannot both be met, and why (in several wordings)."""

    id: Id
    between: tuple[AgencyRef, AgencyRef]
    kind: Literal["time", "money", "sequence", "goal"]
    reason: Wordings
    requires: Conditions = ()


class ConflictsFile(Entry):
    """``conflicts.yaml``."""

    conflicts: Annotated[list[Conflict], Field(min_length=1), AfterValidator(unique_ids)]


# -- wishes.yaml ----------------------------------------------------------------


class Offer(Entry):
    """What an agency offers instead of what was wished."""

    id: Id
    label: Text
    nature: Literal["voluntary", "imposed", "obligation"]
    basis: Text
    requires: Conditions = ()


class Factor(Entry):
    """A conversion factor (Robeyns): personal, social or environmental."""

    id: Id
    kind: Literal["personal", "social", "environmental"]
    text: Text
    requires: Conditions = ()


class Wish(Entry):
    """A valued functioning in one life area, the offers that miss it and the factors."""

    placeholders = {"wish": ("trade", "child", "elder"), "functioning": ("trade",)}  # noqa: RUF012

    id: Id
    topic: Id
    zrm_domain: DomainRef | None
    wish: Text
    functioning: Text
    capability: Annotated[StrictInt, Field(ge=1, le=10)]
    holders: Annotated[tuple[Roles, ...], Field(min_length=1)]
    offers: Annotated[tuple[OfferRef, ...], Field(min_length=1)]
    factors: Annotated[tuple[FactorRef, ...], Field(min_length=3)]
    requires: Conditions
    excludes: tuple[Id, ...] = ()  # referral topics the holder cannot also have asked about


class WishesFile(Entry):
    """``wishes.yaml``."""

    offers: Annotated[list[Offer], Field(min_length=1), AfterValidator(unique_ids)]
    factors: Annotated[list[Factor], Field(min_length=3), AfterValidator(unique_ids)]
    wishes: Annotated[list[Wish], Field(min_length=1), AfterValidator(unique_ids)]

    @model_validator(mode="after")
    def _one_factor_of_each_kind(self) -> WishesFile:
        factors = {f.id: f for f in self.factors}
        for i, wish in enumerate(self.wishes):
            always = set(wish.requires)
            drawable = {factors[f].kind for f in wish.factors if set(factors[f].requires) <= always}
            missing = [k for k in FACTOR_KINDS if k not in drawable]
            if missing:
                raise fail("factors", "needs at least one {kinds} factor that every household "
                           "with this wish can have", ("wishes", i, "factors"),
                           kinds=" and one ".join(sorted(missing)))  # fmt: skip
        return self


# -- referrals.yaml -------------------------------------------------------------


class Referral(Entry):
    """A wrong referral: who asked what, sent where, and which agency would have fitted."""

    placeholders = {  # noqa: RUF012
        "asked": ("child", "elder"),
        "sent_for": ("child", "elder"),
        "why_wrong": ("child", "elder"),
    }

    id: Id
    topic: Id
    source: AgencyRef = Field(alias="from")
    target: AgencyRef = Field(alias="to")
    better: AgencyRef  # may be `from`: the referring agency should have kept the question
    asker: Literal["adult", "parent", "client"] = "adult"
    asked: Text
    sent_for: Text
    why_wrong: Text
    requires: Conditions
    weight: Annotated[StrictInt, Field(ge=1, le=1000)] = 100
    fits_wishes: tuple[Id, ...] = ()  # with a wish of the same topic: only these wishes

    @model_validator(mode="after")
    def _another_agency(self) -> Referral:
        if self.target in (self.source, self.better):
            raise fail("agencies", "a referral must go to another agency than `from` and "
                       "`better`", ("to",))  # fmt: skip
        return self


class Reaction(Entry):
    """A professional's reaction, tagged single-loop, double-loop or defensive."""

    id: Id
    tag: Literal["single_loop", "double_loop", "defensive"]
    text: Wordings
    why: Text
    speakers: tuple[AgencyRef, ...] = ()  # empty: any agency can say it
    roles: Annotated[tuple[Literal["referrer", "receiver", "better"], ...], Field(min_length=1)] = (
        "referrer",
        "receiver",
        "better",
    )


class ReferralsFile(Entry):
    """``referrals.yaml``."""

    referrals: Annotated[list[Referral], Field(min_length=1), AfterValidator(unique_ids)]
    reactions: Annotated[list[Reaction], Field(min_length=3), AfterValidator(unique_ids)]

    @model_validator(mode="after")
    def _tags(self) -> ReferralsFile:
        for tag in REACTION_TAGS:
            if sum(r.tag == tag for r in self.reactions) < 2:  # noqa: PLR2004
                raise fail("tags", "needs at least two reactions tagged {tag}", ("reactions",),
                           tag=tag)  # fmt: skip
            for role in ("referrer", "receiver", "better"):
                if not any(r.tag == tag and role in r.roles and not r.speakers
                           for r in self.reactions):  # fmt: skip
                    raise fail("tags", "needs a reaction tagged {tag} that any {role} can give",
                               ("reactions",), tag=tag, role=role)  # fmt: skip
        return self


# -- barriers.yaml --------------------------------------------------------------


class Route(Entry):
    """A route to raise a systemic barrier."""

    id: Id
    name: Text
    level: Literal["case", "organisation", "policy", "national"]
    about: Text


class Fit(Entry):
    """How well one route fits one barrier, and why."""

    fit: Literal["primary", "possible", "unsuitable"]
    why: Text


@dataclass(frozen=True, slots=True)
class RouteFit:
    """A fit together with the route it belongs to."""

    route: str
    fit: str
    why: Mapping[str, str]


class Barrier(Entry):
    """A rule or financing boundary no single professional can solve."""

    placeholders = {"effect": ("coresident",)}  # noqa: RUF012

    id: Id
    name: Text
    rule: Text
    effect: Text
    requires: Conditions
    routes: Mapping[RouteRef, Fit]
    weight: Annotated[StrictInt, Field(ge=1, le=1000)] = 100

    @property
    def fits(self) -> tuple[RouteFit, ...]:
        """The routes in file order with their fit."""
        return tuple(RouteFit(r, f.fit, f.why) for r, f in self.routes.items())


class BarriersFile(Entry):
    """``barriers.yaml``."""

    routes: Annotated[list[Route], Field(min_length=1), AfterValidator(unique_ids)]
    barriers: Annotated[list[Barrier], Field(min_length=1), AfterValidator(unique_ids)]

    @model_validator(mode="after")
    def _every_route(self) -> BarriersFile:
        route_ids = [r.id for r in self.routes]
        for i, barrier in enumerate(self.barriers):
            missing = [r for r in route_ids if r not in barrier.routes]
            if missing:
                raise fail("missing", "missing key {key!r}", ("barriers", i, "routes"),
                           key=missing[0])  # fmt: skip
            if not any(f.fit == "primary" for f in barrier.routes.values()):
                raise fail("primary", "needs at least one route with fit: primary",
                           ("barriers", i, "routes"))  # fmt: skip
        return self


# -- the world ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class World:
    """Everything variants are drawn from."""

    root: Path
    scale: Mapping[int, Mapping[str, str]]
    domains: tuple[Domain, ...]
    links: tuple[DomainLink, ...]
    genders: tuple[Gender, ...]
    gender_weights: Mapping[str, int]
    same_gender_couples: int
    name_pools: tuple[NamePool, ...]
    compositions: tuple[Composition, ...]
    ages: Ages
    migration_contexts: tuple[MigrationContext, ...]
    incomes: tuple[Income, ...]
    trades: tuple[Mapping[str, str], ...]
    agencies: tuple[Agency, ...]
    conflicts: tuple[Conflict, ...]
    offers: tuple[Offer, ...]
    factors: tuple[Factor, ...]
    wishes: tuple[Wish, ...]
    referrals: tuple[Referral, ...]
    reactions: tuple[Reaction, ...]
    routes: tuple[Route, ...]
    barriers: tuple[Barrier, ...]
    index: Mapping[tuple[str, str], Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        """Index the entries by id once: views look them up for every variant."""
        index = {}
        for name in ("domains", "agencies", "genders", "name_pools"):
            for item in getattr(self, name):
                index[(name, item.id)] = item
        object.__setattr__(self, "index", index)

    def _lookup(self, name: str, item_id: str) -> Any:
        try:
            return self.index[(name, item_id)]
        except KeyError:
            msg = f"unknown id {item_id!r}"
            raise KeyError(msg) from None

    def domain(self, domain_id: str) -> Domain:
        """Look up a domain by id."""
        return cast(Domain, self._lookup("domains", domain_id))

    def agency(self, agency_id: str) -> Agency:
        """Look up an agency by id."""
        return cast(Agency, self._lookup("agencies", agency_id))

    def gender(self, gender_id: str) -> Gender:
        """Look up a gender by id."""
        return cast(Gender, self._lookup("genders", gender_id))

    def pool(self, pool_id: str) -> NamePool:
        """Look up a name pool by id."""
        return cast(NamePool, self._lookup("name_pools", pool_id))

    def files(self) -> tuple[Path, ...]:
        """The data files this world was loaded from (for rebuild dependencies)."""
        return tuple(self.root / f"{name}.yaml" for name in FILES)


MODELS: Mapping[str, type[Entry]] = {
    "domains": DomainsFile,
    "household": HouseholdFile,
    "agencies": AgenciesFile,
    "conflicts": ConflictsFile,
    "wishes": WishesFile,
    "referrals": ReferralsFile,
    "barriers": BarriersFile,
}


def load_world(root: Path) -> World:
    """Load and check every file in ``root`` (``casebook/world``)."""
    if not root.is_dir():
        raise ContentError(root, None, "", "case-world folder not found")
    src = {name: load_source(root / f"{name}.yaml") for name in FILES}
    context: dict[str, Any] = {
        "domain": raw_ids(src["domains"].data, "domains"),
        "agency": raw_ids(src["agencies"].data, "agencies"),
        "offer": raw_ids(src["wishes"].data, "offers"),
        "factor": raw_ids(src["wishes"].data, "factors"),
        "route": raw_ids(src["barriers"].data, "routes"),
    }
    files: dict[str, Any] = {name: validate(MODELS[name], src[name], context) for name in FILES}
    d: DomainsFile = files["domains"]
    h: HouseholdFile = files["household"]
    w: WishesFile = files["wishes"]
    r: ReferralsFile = files["referrals"]
    b: BarriersFile = files["barriers"]
    return World(
        root=root,
        scale={s.level: s.label for s in d.scale},
        domains=tuple(d.domains),
        links=tuple(d.links),
        genders=tuple(h.genders),
        gender_weights=h.gender_weights,
        same_gender_couples=h.same_gender_couples,
        name_pools=tuple(h.name_pools),
        compositions=tuple(h.compositions),
        ages=h.ages,
        migration_contexts=tuple(h.migration_contexts),
        incomes=tuple(h.incomes),
        trades=h.trades,
        agencies=tuple(files["agencies"].agencies),
        conflicts=tuple(files["conflicts"].conflicts),
        offers=tuple(w.offers),
        factors=tuple(w.factors),
        wishes=tuple(w.wishes),
        referrals=tuple(r.referrals),
        reactions=tuple(r.reactions),
        routes=tuple(b.routes),
        barriers=tuple(b.barriers),
    )


__all__ = ["FILES", "Condition", "World", "load_world"]
