"""Read-only views of a variant in one language: what templates and keys see.

A :class:`~casetools.caseworld.model.Variant` holds ids; a :class:`CaseView` resolves
them against the case world into names and sentences in one language. Every
template (the case description, exercises, answer keys, handouts) reads the
same view, so all outputs of one code tell the same story.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casetools.caseworld.model import AOW_AGE, SCHOOL_AGE, Person, Variant
from casetools.caseworld.world import World
from casetools.yamlsource import load_source

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def labels(lang: str) -> Mapping[str, Any]:
    """Load the label file of one language (cached: it never changes during a run)."""
    src = load_source(TEMPLATES / lang / "labels.yaml")
    return MappingProxyType(src.data)


@dataclass(frozen=True, slots=True)
class MemberView:
    """A household member with words ready for sentences."""

    given_name: str
    family_name: str
    full_name: str
    role: str
    role_label: str
    age: int
    gender: str
    subject: str
    possessive: str
    object: str


@dataclass(frozen=True, slots=True)
class DomainView:
    """One scored life domain."""

    id: str
    name: str
    about: str
    level: int
    label: str
    is_problem: bool


@dataclass(frozen=True, slots=True)
class LinkView:
    """How one problem domain drives another."""

    id: str
    source: DomainView
    target: DomainView
    mechanism: str


@dataclass(frozen=True, slots=True)
class AgencyView:
    """An agency with its logic."""

    id: str
    name: str
    definite: str
    professional: str
    professional_definite: str
    law: str
    goal: str
    demand: str
    conditions: str
    success: str
    blind_spot: str


@dataclass(frozen=True, slots=True)
class ConflictView:
    """Two clashing demands."""

    id: str
    first: AgencyView
    second: AgencyView
    kind: str
    kind_label: str
    reason: str


@dataclass(frozen=True, slots=True)
class FactorView:
    """A conversion factor."""

    id: str
    kind: str
    kind_label: str
    text: str


@dataclass(frozen=True, slots=True)
class WishView:
    """The wish against the offer."""

    id: str
    holder: MemberView
    wish: str
    functioning: str
    capability: int
    capability_name: str
    offer: str
    offer_nature: str
    offer_nature_label: str
    offer_basis: str
    factors: tuple[FactorView, ...]
    topic: str
    domain: DomainView | None  # the ZRM domain the wish mostly falls under


@dataclass(frozen=True, slots=True)
class ReactionView:
    """What one professional said about the wrong referral."""

    id: str
    agency: AgencyView
    text: str
    tag: str
    tag_label: str
    why: str


@dataclass(frozen=True, slots=True)
class ReferralView:
    """The wrong referral."""

    id: str
    source: AgencyView
    target: AgencyView
    better: AgencyView
    better_present: bool
    asked: str
    why_wrong: str
    reactions: tuple[ReactionView, ...]
    asker: MemberView
    sent_for: str
    better_is_source: bool


@dataclass(frozen=True, slots=True)
class RouteView:
    """A route to raise the barrier, with its fit."""

    id: str
    name: str
    level: str
    level_label: str
    about: str
    fit: str
    fit_label: str
    why: str


@dataclass(frozen=True, slots=True)
class BarrierView:
    """The systemic barrier and its routes."""

    id: str
    name: str
    rule: str
    effect: str
    routes: tuple[RouteView, ...]

    @property
    def primary(self) -> tuple[RouteView, ...]:
        """The routes that fit best."""
        return tuple(r for r in self.routes if r.fit == "primary")


@dataclass(frozen=True, slots=True)
class CaseView:
    """Everything a template may read about one variant, in one language."""

    code: str
    seed: int
    lang: str
    fictional: str
    composition: str
    members: tuple[MemberView, ...]
    client: MemberView
    partner: MemberView | None
    children: tuple[MemberView, ...]
    other_adults: tuple[MemberView, ...]
    migration: str
    migration_id: str
    years_in_nl: int | None
    income: str
    income_id: str
    trade: str
    domains: tuple[DomainView, ...]
    problems: tuple[DomainView, ...]
    links: tuple[LinkView, ...]
    agencies: tuple[AgencyView, ...]
    conflicts: tuple[ConflictView, ...]
    wish: WishView
    referral: ReferralView
    barrier: BarrierView
    scored: MemberView  # the person whose ZRM scores the case gives
    pensioner: MemberView | None  # a co-resident grandparent who receives AOW
    recent_migration: bool

    def agency(self, agency_id: str) -> AgencyView:
        """Return a present agency by id (templates use this for keys)."""
        for a in self.agencies:
            if a.id == agency_id:
                return a
        msg = f"agency {agency_id!r} is not present in variant {self.code}"
        raise KeyError(msg)


def wording(seed: int, key: str, options: tuple[str, ...]) -> str:
    """One of several wordings, fixed by seed and key (stable across runs and machines)."""
    digest = hashlib.sha256(f"casetools/wording/{seed}/{key}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def count_nl(n: int, one: str, many: str) -> str:
    """``één kind`` / ``drie kinderen``: number in words below twenty, noun by count."""
    return f"{number_nl(n)} {one if n == 1 else many}"


NUMBERS_NL = [
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
]


def number_nl(n: int) -> str:
    """Numbers below twenty in words, as Dutch running text writes them."""
    return NUMBERS_NL[n] if 0 <= n < len(NUMBERS_NL) else str(n)


def build_view(world: World, variant: Variant, lang: str = "nl") -> CaseView:
    """Resolve every id of ``variant`` into ``lang`` text."""
    lab = labels(lang)
    hh = variant.household
    trade = world.trades[hh.trade][lang]
    seed = variant.seed

    def member(p: Person) -> MemberView:
        g = world.gender(p.gender)
        return MemberView(
            p.given_name, p.family_name, f"{p.given_name} {p.family_name}", p.role,
            lab["roles"][p.role][p.gender], p.age, p.gender, g.subject[lang], g.possessive[lang], g.object[lang],
        )  # fmt: skip

    def agency(agency_id: str) -> AgencyView:
        a = world.agency(agency_id)
        return AgencyView(
            a.id, a.name[lang], a.definite[lang], a.professional[lang], a.professional_definite[lang],
            a.law[lang], a.goal[lang], wording(seed, f"demand/{a.id}", a.demand[lang]),
            a.conditions[lang], a.success[lang], a.blind_spot[lang],
        )  # fmt: skip

    order = {"client": 0, "partner": 1, "child": 2, "adult_child": 2, "grandparent": 3}
    ranked = sorted(
        range(len(hh.members)), key=lambda i: (order[hh.members[i].role], -hh.members[i].age, i)
    )
    members_by_index = {i: member(hh.members[i]) for i in ranked}
    members = tuple(members_by_index[i] for i in ranked)
    domains = tuple(
        DomainView(d.id, d.name[lang], d.about[lang], lv, world.scale[lv][lang], lv <= 3)  # noqa: PLR2004
        for d, lv in ((world.domain(s.domain), s.level) for s in variant.profile.scores)
    )
    by_domain = {d.id: d for d in domains}
    links = tuple(
        LinkView(link.id, by_domain[link.source], by_domain[link.target], link.mechanism[lang])
        for link in world.links
        if link.id in variant.profile.links
    )
    agencies = {a: agency(a) for a in variant.agencies}
    conflicts = tuple(
        ConflictView(
            c.id,
            agencies[c.between[0]],
            agencies[c.between[1]],
            c.kind,
            lab["conflict_kinds"][c.kind],
            wording(seed, f"conflict/{c.id}", c.reason[lang]),
        )
        for c in world.conflicts
        if c.id in variant.conflicts
    )
    minors = sorted((m for m in members if m.role == "child"), key=lambda m: -m.age)
    school_age = [m for m in minors if SCHOOL_AGE[0] <= m.age <= SCHOOL_AGE[1]]
    child = (school_age or minors or [members[0]])[0].given_name
    client = members[0]
    elders = [m for m in members if m.role == "grandparent"]
    elder = ""
    if elders:
        word = world.gender(elders[0].gender).parent[lang]
        elder = (
            f"{elders[0].given_name}, {word} van {client.given_name}"
            if client.gender == "nonbinary"
            else f"{client.possessive} {word} {elders[0].given_name}"
        )

    def fill(text: str) -> str:
        return text.replace("{trade}", trade).replace("{child}", child).replace("{elder}", elder)

    wish_data = next(w for w in world.wishes if w.id == variant.wish.wish)
    offer = next(o for o in world.offers if o.id == variant.wish.offer)
    factor_data = {f.id: f for f in world.factors}
    wish = WishView(
        wish_data.id, members_by_index[variant.wish.holder], fill(wish_data.wish[lang]),
        fill(wish_data.functioning[lang]), wish_data.capability,
        lab["capabilities"][str(wish_data.capability)], offer.label[lang], offer.nature,
        lab["offer_natures"][offer.nature], offer.basis[lang],
        tuple(
            FactorView(f, factor_data[f].kind, lab["factor_kinds"][factor_data[f].kind], factor_data[f].text[lang])
            for f in variant.wish.factors
        ),
        wish_data.topic, by_domain.get(wish_data.zrm_domain or ""),
    )  # fmt: skip
    ref = next(r for r in world.referrals if r.id == variant.referral.referral)
    reaction_data = {r.id: r for r in world.reactions}
    referral = ReferralView(
        ref.id, agencies[ref.source], agencies[ref.target], agencies.get(ref.better) or agency(ref.better),
        ref.better in agencies, fill(ref.asked[lang]), fill(ref.why_wrong[lang]),
        tuple(
            ReactionView(
                r.reaction, agencies[r.agency],
                wording(seed, f"reaction/{r.reaction}/{r.agency}", reaction_data[r.reaction].text[lang]),
                reaction_data[r.reaction].tag,
                lab["reaction_tags"][reaction_data[r.reaction].tag], reaction_data[r.reaction].why[lang],
            )
            for r in variant.referral.reactions
        ),
        members_by_index[variant.referral.asker], fill(ref.sent_for[lang]), ref.better == ref.source,
    )  # fmt: skip
    bar = next(b for b in world.barriers if b.id == variant.barrier)
    routes = {r.id: r for r in world.routes}
    others = [m for m in members if m.role in ("adult_child", "grandparent")]
    coresident = f"de {others[0].role_label} {others[0].given_name}" if others else ""
    barrier = BarrierView(
        bar.id, bar.name[lang], bar.rule[lang], bar.effect[lang].replace("{coresident}", coresident),
        tuple(
            RouteView(
                f.route, routes[f.route].name[lang], routes[f.route].level, lab["route_levels"][routes[f.route].level],
                routes[f.route].about[lang], f.fit, lab["fits"][f.fit], f.why[lang],
            )
            for f in bar.fits
        ),
    )  # fmt: skip
    migration = next(m for m in world.migration_contexts if m.id == hh.migration)
    income = next(i for i in world.incomes if i.id == hh.income)
    composition = next(c for c in world.compositions if c.id == hh.composition)
    kids = count_nl(len(minors), "kind", "kinderen")
    pensioner = next((m for m in elders if m.age >= AOW_AGE), None)
    return CaseView(
        code=variant.code, seed=variant.seed, lang=lang, fictional=lab["fictional"],
        composition=composition.label[lang].replace("{children}", kids), members=members, client=members[0],
        partner=next((m for m in members if m.role == "partner"), None),
        children=tuple(m for m in members if m.role == "child"), other_adults=tuple(others),
        migration=migration.label[lang], migration_id=migration.id, years_in_nl=hh.years_in_nl,
        income=income.label[lang], income_id=income.id, trade=trade, domains=domains,
        problems=tuple(d for d in domains if d.is_problem), links=links,
        agencies=tuple(agencies.values()), conflicts=conflicts, wish=wish, referral=referral, barrier=barrier,
        scored=members_by_index[variant.profile.person], pensioner=pensioner,
        recent_migration=migration.recent,
    )  # fmt: skip
