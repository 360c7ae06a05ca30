"""The case world: the pools and rules in ``casebook/world/*.yaml``, loaded and checked.

Loading validates every field and every cross-reference (an agency named in
a conflict must exist, a condition must be known), so a broken data file is
reported with its file, line and key before any variant is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from casetools import validate as v
from casetools.caseworld import conditions as cond
from casetools.caseworld.conditions import Condition
from casetools.errors import ContentError
from casetools.yamlsource import KeyPath, Source, load_source


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)

FILES = ("domains", "household", "agencies", "conflicts", "wishes", "referrals", "barriers")
Text = v.Text


@dataclass(frozen=True, slots=True)
class Domain:
    """A ZRM 2017 life domain."""

    id: str
    name: Text
    about: Text
    weight: int


@dataclass(frozen=True, slots=True)
class DomainLink:
    """Trouble in one domain driving trouble in another."""

    id: str
    source: str
    target: str
    mechanism: Text


@dataclass(frozen=True, slots=True)
class Gender:
    """A gender with its Dutch pronouns and kinship words."""

    id: str
    label: Text
    subject: Text
    possessive: Text
    object: Text
    parent: Text
    child: Text
    partner: Text


@dataclass(frozen=True, slots=True)
class NamePool:
    """Given names per gender (plus neutral ones) and family names."""

    id: str
    label: Text
    given: Mapping[str, tuple[str, ...]]
    family: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Composition:
    """A household shape."""

    id: str
    label: Text
    partner: bool
    children: tuple[int, int]
    extra_adult: str


@dataclass(frozen=True, slots=True)
class Weighted:
    """An option drawn with an integer weight (migration context, income)."""

    id: str
    label: Text
    weight: int


@dataclass(frozen=True, slots=True)
class MigrationContext:
    """Residence and nationality context of the household."""

    id: str
    label: Text
    parents_dutch: bool
    years_in_nl: tuple[int, int] | None
    weight: int


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency and its logic: its strand of the lasso."""

    id: str
    name: Text
    definite: Text
    professional: Text
    law: Text
    goal: Text
    demand: Text
    conditions: Text
    success: Text
    blind_spot: Text
    requires: tuple[Condition, ...]
    triggers: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two agencies whose demands cannot both be met, and why."""

    id: str
    between: tuple[str, str]
    kind: str
    reason: Text


@dataclass(frozen=True, slots=True)
class Offer:
    """What an agency offers instead of what was wished."""

    id: str
    label: Text
    nature: str
    basis: Text


@dataclass(frozen=True, slots=True)
class Factor:
    """A conversion factor (Robeyns): personal, social or environmental."""

    id: str
    kind: str
    text: Text
    requires: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Wish:
    """A valued functioning, the offers that miss it and the factors in play."""

    id: str
    wish: Text
    functioning: Text
    capability: int
    offers: tuple[str, ...]
    factors: tuple[str, ...]
    requires: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Referral:
    """A wrong referral: asked, sent where, and what would have fitted."""

    id: str
    source: str
    target: str
    better: str
    asked: Text
    why_wrong: Text
    requires: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Reaction:
    """A professional's reaction, tagged single-loop, double-loop or defensive."""

    id: str
    tag: str
    text: Text
    why: Text


@dataclass(frozen=True, slots=True)
class Route:
    """A route to raise a systemic barrier."""

    id: str
    name: Text
    level: str
    about: Text


@dataclass(frozen=True, slots=True)
class RouteFit:
    """How well one route fits one barrier, and why."""

    route: str
    fit: str
    why: Text


@dataclass(frozen=True, slots=True)
class Barrier:
    """A rule or financing boundary no single professional can solve."""

    id: str
    name: Text
    rule: Text
    effect: Text
    requires: tuple[Condition, ...]
    routes: tuple[RouteFit, ...]


@dataclass(frozen=True, slots=True)
class World:
    """Everything variants are drawn from."""

    root: Path
    scale: Mapping[int, Text]
    domains: tuple[Domain, ...]
    links: tuple[DomainLink, ...]
    genders: tuple[Gender, ...]
    gender_weights: Mapping[str, int]
    name_pools: tuple[NamePool, ...]
    compositions: tuple[Composition, ...]
    ages: Mapping[str, tuple[int, int]]
    migration_contexts: tuple[MigrationContext, ...]
    incomes: tuple[Weighted, ...]
    trades: tuple[Text, ...]
    agencies: tuple[Agency, ...]
    conflicts: tuple[Conflict, ...]
    offers: tuple[Offer, ...]
    factors: tuple[Factor, ...]
    wishes: tuple[Wish, ...]
    referrals: tuple[Referral, ...]
    reactions: tuple[Reaction, ...]
    routes: tuple[Route, ...]
    barriers: tuple[Barrier, ...]

    def domain(self, domain_id: str) -> Domain:
        """Look up a domain by id."""
        return _by_id(self.domains, domain_id)

    def agency(self, agency_id: str) -> Agency:
        """Look up an agency by id."""
        return _by_id(self.agencies, agency_id)

    def gender(self, gender_id: str) -> Gender:
        """Look up a gender by id."""
        return _by_id(self.genders, gender_id)

    def files(self) -> tuple[Path, ...]:
        """The data files this world was loaded from (for rebuild dependencies)."""
        return tuple(self.root / f"{name}.yaml" for name in FILES)


def _by_id(items: tuple[_T, ...], item_id: str) -> _T:
    for item in items:
        if item.id == item_id:
            return item
    msg = f"unknown id {item_id!r}"
    raise KeyError(msg)


AGENCY_FIELDS = (
    "name",
    "definite",
    "professional",
    "law",
    "goal",
    "demand",
    "conditions",
    "success",
    "blind_spot",
)
REACTION_TAGS = ("single_loop", "double_loop", "defensive")
FACTOR_KINDS = ("personal", "social", "environmental")
FITS = ("primary", "possible", "unsuitable")


def load_world(root: Path) -> World:
    """Load and check every file in ``root`` (``casebook/world``)."""
    if not root.is_dir():
        raise ContentError(root, None, "", "case-world folder not found")
    src = {name: load_source(root / f"{name}.yaml") for name in FILES}
    return _Builder(root, src).build()


class _Builder:
    """Reads the sources in dependency order, checking references as it goes."""

    def __init__(self, root: Path, src: dict[str, Source]) -> None:
        self.root = root
        self.src = src
        self.domain_ids: list[str] = []
        self.agency_ids: list[str] = []

    def top(self, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
        s = self.src[name]
        return v.obj(s, (), s.data if s.data is not None else {}, required=keys)

    def ids(self, s: Source, path: KeyPath, entries: list[Any]) -> list[str]:
        found = [
            v.ident(
                s,
                (*path, i, "id"),
                v.obj(
                    s,
                    (*path, i),
                    e,
                    required=("id",),
                    optional=e.keys() if isinstance(e, dict) else (),
                )["id"],
            )
            for i, e in enumerate(entries)
        ]
        v.unique_ids(s, path, found)
        return found

    def conditions(self, s: Source, path: KeyPath, value: Any) -> tuple[Condition, ...]:
        if not isinstance(value, list):
            raise s.error(path, "expected a list of conditions")
        result = []
        for i, item in enumerate(value):
            try:
                result.append(
                    cond.parse(v.string(s, (*path, i), item), self.domain_ids, self.agency_ids)
                )
            except ValueError as exc:
                raise s.error((*path, i), str(exc)) from None
        return tuple(result)

    def ref(self, s: Source, path: KeyPath, value: Any, known: list[str], what: str) -> str:
        item = v.string(s, path, value)
        if item not in known:
            raise s.error(path, f"unknown {what} {item!r}")
        return item

    def build(self) -> World:
        domains, links, scale = self.domains()
        household = self.household()
        agencies = self.agencies()
        conflicts = self.conflicts()
        offers, factors, wishes = self.wishes()
        referrals, reactions = self.referrals()
        routes, barriers = self.barriers()
        return World(
            root=self.root, scale=scale, domains=domains, links=links, agencies=agencies,
            conflicts=conflicts, offers=offers, factors=factors, wishes=wishes,
            referrals=referrals, reactions=reactions, routes=routes, barriers=barriers,
            **household,
        )  # fmt: skip

    def domains(self) -> tuple[tuple[Domain, ...], tuple[DomainLink, ...], Mapping[int, Text]]:
        s = self.src["domains"]
        data = self.top("domains", ("scale", "domains", "links"))
        scale: dict[int, Text] = {}
        for i, e in enumerate(v.items(s, ("scale",), data["scale"], 5)):
            e = v.obj(s, ("scale", i), e, required=("level", "label"))
            scale[v.integer(s, ("scale", i, "level"), e["level"], 1, 5)] = v.text(
                s, ("scale", i, "label"), e["label"]
            )
        if sorted(scale) != [1, 2, 3, 4, 5]:
            raise s.error(("scale",), "needs exactly the levels 1 to 5")
        entries = v.items(s, ("domains",), data["domains"], 13)
        self.domain_ids = self.ids(s, ("domains",), entries)
        domains = []
        for i, e in enumerate(entries):
            p: KeyPath = ("domains", i)
            e = v.obj(s, p, e, required=("id", "name", "about", "weight"))
            domains.append(Domain(
                e["id"], v.text(s, (*p, "name"), e["name"]), v.text(s, (*p, "about"), e["about"]),
                v.integer(s, (*p, "weight"), e["weight"], 1, 1000),
            ))  # fmt: skip
        link_entries = v.items(s, ("links",), data["links"])
        self.ids(s, ("links",), link_entries)
        links = []
        for i, e in enumerate(link_entries):
            p = ("links", i)
            e = v.obj(s, p, e, required=("id", "from", "to", "mechanism"))
            links.append(DomainLink(
                e["id"], self.ref(s, (*p, "from"), e["from"], self.domain_ids, "domain"),
                self.ref(s, (*p, "to"), e["to"], self.domain_ids, "domain"),
                v.text(s, (*p, "mechanism"), e["mechanism"]),
            ))  # fmt: skip
        return tuple(domains), tuple(links), v.frozen(scale)

    def household(self) -> dict[str, Any]:
        s = self.src["household"]
        keys = (
            "genders",
            "gender_weights",
            "name_pools",
            "compositions",
            "ages",
            "migration_contexts",
            "incomes",
            "trades",
        )
        data = self.top("household", keys)
        g_entries = v.items(s, ("genders",), data["genders"], 2)
        gender_ids = self.ids(s, ("genders",), g_entries)
        fields = ("label", "subject", "possessive", "object", "parent", "child", "partner")
        genders = []
        for i, e in enumerate(g_entries):
            e = v.obj(s, ("genders", i), e, required=("id", *fields))
            genders.append(Gender(e["id"], *(v.text(s, ("genders", i, f), e[f]) for f in fields)))
        weights = v.obj(s, ("gender_weights",), data["gender_weights"], required=gender_ids)
        gender_weights = {
            g: v.integer(s, ("gender_weights", g), weights[g], 0, 1000) for g in gender_ids
        }
        pools = []
        p_entries = v.items(s, ("name_pools",), data["name_pools"], 2)
        self.ids(s, ("name_pools",), p_entries)
        for i, e in enumerate(p_entries):
            p: KeyPath = ("name_pools", i)
            e = v.obj(s, p, e, required=("id", "label", "given", "family"))
            given = v.obj(
                s,
                (*p, "given"),
                e["given"],
                required=(*[g for g in gender_ids if g != "nonbinary"], "neutral"),
            )
            pools.append(NamePool(
                e["id"], v.text(s, (*p, "label"), e["label"]),
                v.frozen({k: v.strings(s, (*p, "given", k), given[k], 2) for k in given}),
                v.strings(s, (*p, "family"), e["family"], 2),
            ))  # fmt: skip
        comps = []
        c_entries = v.items(s, ("compositions",), data["compositions"])
        self.ids(s, ("compositions",), c_entries)
        for i, e in enumerate(c_entries):
            p = ("compositions", i)
            e = v.obj(s, p, e, required=("id", "label", "partner", "children", "extra_adult"))
            comps.append(Composition(
                e["id"], v.text(s, (*p, "label"), e["label"]), v.boolean(s, (*p, "partner"), e["partner"]),
                v.int_range(s, (*p, "children"), e["children"], 1, 8),
                v.choice(s, (*p, "extra_adult"), e["extra_adult"], ("none", "adult_child", "grandparent")),
            ))  # fmt: skip
        age_keys = ("client", "partner_offset", "parent_gap", "grandparent_gap")
        ages_data = v.obj(s, ("ages",), data["ages"], required=age_keys)
        ages = {k: v.int_range(s, ("ages", k), ages_data[k], -30, 120) for k in age_keys}
        migrations = []
        m_entries = v.items(s, ("migration_contexts",), data["migration_contexts"])
        self.ids(s, ("migration_contexts",), m_entries)
        for i, e in enumerate(m_entries):
            p = ("migration_contexts", i)
            e = v.obj(s, p, e, required=("id", "label", "parents_dutch", "years_in_nl", "weight"))
            years = (
                None
                if e["years_in_nl"] is None
                else v.int_range(s, (*p, "years_in_nl"), e["years_in_nl"], 0, 80)
            )
            migrations.append(MigrationContext(
                e["id"], v.text(s, (*p, "label"), e["label"]), v.boolean(s, (*p, "parents_dutch"), e["parents_dutch"]),
                years, v.integer(s, (*p, "weight"), e["weight"], 1, 10_000),
            ))  # fmt: skip
        if not any(m.id == "dutch_nationals" for m in migrations):
            raise s.error(("migration_contexts",), "needs the context 'dutch_nationals'")
        incomes = []
        i_entries = v.items(s, ("incomes",), data["incomes"])
        self.ids(s, ("incomes",), i_entries)
        for i, e in enumerate(i_entries):
            p = ("incomes", i)
            e = v.obj(s, p, e, required=("id", "label", "weight"))
            label = v.text(s, (*p, "label"), e["label"])
            incomes.append(
                Weighted(e["id"], label, v.integer(s, (*p, "weight"), e["weight"], 1, 10_000))
            )
        trades = tuple(
            v.text(s, ("trades", i), t)
            for i, t in enumerate(v.items(s, ("trades",), data["trades"]))
        )
        return {
            "genders": tuple(genders), "gender_weights": v.frozen(gender_weights), "name_pools": tuple(pools),
            "compositions": tuple(comps), "ages": v.frozen(ages), "migration_contexts": tuple(migrations),
            "incomes": tuple(incomes), "trades": trades,
        }  # fmt: skip

    def agencies(self) -> tuple[Agency, ...]:
        s = self.src["agencies"]
        data = self.top("agencies", ("agencies",))
        entries = v.items(s, ("agencies",), data["agencies"], 4)
        self.agency_ids = self.ids(s, ("agencies",), entries)
        result = []
        for i, e in enumerate(entries):
            p: KeyPath = ("agencies", i)
            e = v.obj(s, p, e, required=("id", *AGENCY_FIELDS, "requires", "triggers"))
            tx = {f: v.text(s, (*p, f), e[f]) for f in AGENCY_FIELDS}
            result.append(Agency(
                id=e["id"], name=tx["name"], definite=tx["definite"], professional=tx["professional"],
                law=tx["law"], goal=tx["goal"], demand=tx["demand"], conditions=tx["conditions"],
                success=tx["success"], blind_spot=tx["blind_spot"],
                requires=self.conditions(s, (*p, "requires"), e["requires"]),
                triggers=self.conditions(s, (*p, "triggers"), e["triggers"]),
            ))  # fmt: skip
        return tuple(result)

    def conflicts(self) -> tuple[Conflict, ...]:
        s = self.src["conflicts"]
        data = self.top("conflicts", ("conflicts",))
        entries = v.items(s, ("conflicts",), data["conflicts"])
        self.ids(s, ("conflicts",), entries)
        result = []
        for i, e in enumerate(entries):
            p: KeyPath = ("conflicts", i)
            e = v.obj(s, p, e, required=("id", "between", "kind", "reason"))
            pair = v.strings(s, (*p, "between"), e["between"], 2)
            if len(pair) != 2:  # noqa: PLR2004
                raise s.error((*p, "between"), "names exactly two agencies")
            a = self.ref(s, (*p, "between", 0), pair[0], self.agency_ids, "agency")
            b = self.ref(s, (*p, "between", 1), pair[1], self.agency_ids, "agency")
            kind = v.choice(s, (*p, "kind"), e["kind"], ("time", "money", "sequence", "goal"))
            result.append(Conflict(e["id"], (a, b), kind, v.text(s, (*p, "reason"), e["reason"])))
        return tuple(result)

    def wishes(self) -> tuple[tuple[Offer, ...], tuple[Factor, ...], tuple[Wish, ...]]:
        s = self.src["wishes"]
        data = self.top("wishes", ("offers", "factors", "wishes"))
        o_entries = v.items(s, ("offers",), data["offers"])
        offer_ids = self.ids(s, ("offers",), o_entries)
        offers = []
        for i, e in enumerate(o_entries):
            p: KeyPath = ("offers", i)
            e = v.obj(s, p, e, required=("id", "label", "nature", "basis"))
            nature = v.choice(
                s, (*p, "nature"), e["nature"], ("voluntary", "imposed", "obligation")
            )
            offers.append(
                Offer(
                    e["id"],
                    v.text(s, (*p, "label"), e["label"]),
                    nature,
                    v.text(s, (*p, "basis"), e["basis"]),
                )
            )
        f_entries = v.items(s, ("factors",), data["factors"])
        factor_ids = self.ids(s, ("factors",), f_entries)
        factors = []
        for i, e in enumerate(f_entries):
            p = ("factors", i)
            e = v.obj(s, p, e, required=("id", "kind", "text"), optional=("requires",))
            kind = v.choice(s, (*p, "kind"), e["kind"], FACTOR_KINDS)
            requires = self.conditions(s, (*p, "requires"), e.get("requires", []))
            factors.append(Factor(e["id"], kind, v.text(s, (*p, "text"), e["text"]), requires))
        kinds = {f.id: f.kind for f in factors}
        factor_requires = {f.id: set(f.requires) for f in factors}
        w_entries = v.items(s, ("wishes",), data["wishes"])
        self.ids(s, ("wishes",), w_entries)
        wishes = []
        for i, e in enumerate(w_entries):
            p = ("wishes", i)
            e = v.obj(
                s,
                p,
                e,
                required=(
                    "id",
                    "wish",
                    "functioning",
                    "capability",
                    "offers",
                    "factors",
                    "requires",
                ),
            )
            w_offers = tuple(
                self.ref(s, (*p, "offers", j), o, offer_ids, "offer")
                for j, o in enumerate(v.strings(s, (*p, "offers"), e["offers"]))
            )
            w_factors = tuple(
                self.ref(s, (*p, "factors", j), f, factor_ids, "factor")
                for j, f in enumerate(v.strings(s, (*p, "factors"), e["factors"], 3))
            )
            w_requires = set(self.conditions(s, (*p, "requires"), e["requires"]))
            # a factor is always drawable for this wish when the wish already requires what it requires
            missing = set(FACTOR_KINDS) - {
                kinds[f] for f in w_factors if factor_requires[f] <= w_requires
            }
            if missing:
                raise s.error(
                    (*p, "factors"),
                    f"needs at least one {' and one '.join(sorted(missing))} factor that every household with this wish can have",
                )
            wishes.append(Wish(
                e["id"], v.text(s, (*p, "wish"), e["wish"], ("trade",)),
                v.text(s, (*p, "functioning"), e["functioning"], ("trade",)),
                v.integer(s, (*p, "capability"), e["capability"], 1, 10), w_offers, w_factors,
                self.conditions(s, (*p, "requires"), e["requires"]),
            ))  # fmt: skip
        return tuple(offers), tuple(factors), tuple(wishes)

    def referrals(self) -> tuple[tuple[Referral, ...], tuple[Reaction, ...]]:
        s = self.src["referrals"]
        data = self.top("referrals", ("referrals", "reactions"))
        r_entries = v.items(s, ("referrals",), data["referrals"])
        self.ids(s, ("referrals",), r_entries)
        referrals = []
        for i, e in enumerate(r_entries):
            p: KeyPath = ("referrals", i)
            e = v.obj(
                s, p, e, required=("id", "from", "to", "better", "asked", "why_wrong", "requires")
            )
            source, target, better = (
                self.ref(s, (*p, k), e[k], self.agency_ids, "agency")
                for k in ("from", "to", "better")
            )
            if source == target:
                raise s.error((*p, "to"), "a referral must go to another agency")
            referrals.append(Referral(
                e["id"], source, target, better, v.text(s, (*p, "asked"), e["asked"]),
                v.text(s, (*p, "why_wrong"), e["why_wrong"]), self.conditions(s, (*p, "requires"), e["requires"]),
            ))  # fmt: skip
        x_entries = v.items(s, ("reactions",), data["reactions"], 3)
        self.ids(s, ("reactions",), x_entries)
        reactions = []
        for i, e in enumerate(x_entries):
            p = ("reactions", i)
            e = v.obj(s, p, e, required=("id", "tag", "text", "why"))
            tag = v.choice(s, (*p, "tag"), e["tag"], REACTION_TAGS)
            reactions.append(
                Reaction(
                    e["id"],
                    tag,
                    v.text(s, (*p, "text"), e["text"]),
                    v.text(s, (*p, "why"), e["why"]),
                )
            )
        for tag in REACTION_TAGS:
            if sum(r.tag == tag for r in reactions) < 2:  # noqa: PLR2004
                raise s.error(("reactions",), f"needs at least two reactions tagged {tag}")
        return tuple(referrals), tuple(reactions)

    def barriers(self) -> tuple[tuple[Route, ...], tuple[Barrier, ...]]:
        s = self.src["barriers"]
        data = self.top("barriers", ("routes", "barriers"))
        r_entries = v.items(s, ("routes",), data["routes"])
        route_ids = self.ids(s, ("routes",), r_entries)
        routes = []
        for i, e in enumerate(r_entries):
            p: KeyPath = ("routes", i)
            e = v.obj(s, p, e, required=("id", "name", "level", "about"))
            level = v.choice(
                s, (*p, "level"), e["level"], ("case", "organisation", "policy", "national")
            )
            routes.append(
                Route(
                    e["id"],
                    v.text(s, (*p, "name"), e["name"]),
                    level,
                    v.text(s, (*p, "about"), e["about"]),
                )
            )
        b_entries = v.items(s, ("barriers",), data["barriers"])
        self.ids(s, ("barriers",), b_entries)
        barriers = []
        for i, e in enumerate(b_entries):
            p = ("barriers", i)
            e = v.obj(s, p, e, required=("id", "name", "rule", "effect", "requires", "routes"))
            fits_data = v.obj(s, (*p, "routes"), e["routes"], required=route_ids)
            fits = []
            for rid in route_ids:
                fp: KeyPath = (*p, "routes", rid)
                fe = v.obj(s, fp, fits_data[rid], required=("fit", "why"))
                fits.append(
                    RouteFit(
                        rid,
                        v.choice(s, (*fp, "fit"), fe["fit"], FITS),
                        v.text(s, (*fp, "why"), fe["why"]),
                    )
                )
            if not any(f.fit == "primary" for f in fits):
                raise s.error((*p, "routes"), "needs at least one route with fit: primary")
            barriers.append(Barrier(
                e["id"], v.text(s, (*p, "name"), e["name"]), v.text(s, (*p, "rule"), e["rule"]),
                v.text(s, (*p, "effect"), e["effect"], ("coresident",)),
                self.conditions(s, (*p, "requires"), e["requires"]), tuple(fits),
            ))  # fmt: skip
        return tuple(routes), tuple(barriers)
