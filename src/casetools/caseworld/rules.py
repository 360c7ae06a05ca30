"""Coherence rules: what no variant may contain, checked on finished variants.

The generator avoids impossible combinations by construction, using the
vocabulary in :mod:`casetools.caseworld.conditions`; this module checks the
result with the same vocabulary and the conditions stated in the casebook,
so ``casetools check`` and the property tests catch a generator bug. Where a
rule finds two statements of a variant that contradict each other, its
message quotes both (``'Ozan is moeder' <> 'Ozan is a male name'``). The
independent, reader-side audit lives apart from these rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from casetools.caseworld import codes
from casetools.caseworld import conditions as cond
from casetools.caseworld.conditions import Facts
from casetools.caseworld.generate import AGENCY_COUNT, CONFLICT_COUNT, PROBLEM_COUNT, involvement
from casetools.caseworld.model import MINOR_AGE, NONBINARY_MIN_AGE, Person, Variant
from casetools.caseworld.world import World

Rule = Callable[[World, Variant], Iterator[str]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Register a rule; its docstring is the rule's statement."""
    RULES.append(fn)
    return fn


def violations(world: World, variant: Variant) -> list[str]:
    """Return every broken rule as ``rule name: detail`` (empty when coherent)."""
    return [f"{fn.__name__}: {msg}" for fn in RULES for msg in fn(world, variant)]


def clash(first: str, second: str) -> str:
    """Two statements of one variant that cannot both be true."""
    return f"'{first}' <> '{second}'"


def _facts(variant: Variant) -> Facts:
    return Facts(variant.household, variant.profile, frozenset(variant.agencies))


@rule
def code_matches_seed(world: World, variant: Variant) -> Iterator[str]:
    """The code decodes to the seed."""
    if codes.decode(variant.code) != variant.seed:
        yield f"{variant.code} does not decode to {variant.seed}"


@rule
def ages_are_consistent(world: World, variant: Variant) -> Iterator[str]:
    """Children are under 18 and 18-44 years younger than each parent; other adults fit too."""
    hh = variant.household
    parents = [m for m in hh.members if m.role in ("client", "partner")]
    gap_low, gap_high = world.ages.parent_gap
    for m in hh.members:
        if m.role == "child" and not 0 <= m.age < MINOR_AGE:
            yield f"child {m.given_name} is {m.age}"
        if m.role in ("client", "partner", "adult_child", "grandparent") and m.age < MINOR_AGE:
            yield f"{m.role} {m.given_name} is a minor ({m.age})"
        if m.role in ("child", "adult_child"):
            for p in parents:
                if not gap_low <= p.age - m.age <= gap_high:
                    yield f"{p.given_name} ({p.age}) cannot be a parent of {m.given_name} ({m.age})"
        if m.role == "grandparent" and m.age - hh.client.age < world.ages.grandparent_gap[0]:
            yield f"grandparent {m.given_name} ({m.age}) is too close in age to {hh.client.given_name}"


@rule
def names_are_distinct(world: World, variant: Variant) -> Iterator[str]:
    """No two household members share a given name."""
    names = [m.given_name for m in variant.household.members]
    if len(set(names)) != len(names):
        yield f"given names repeat: {names}"


@rule
def nationality_question_can_arise(world: World, variant: Variant) -> Iterator[str]:
    """Children lack Dutch nationality only where no parent is Dutch (descent, RWN art. 3)."""
    context = next(m for m in world.migration_contexts if m.id == variant.household.migration)
    if not context.parents_dutch and not variant.household.children:
        yield "a nationality question without children"
    if context.parents_dutch and "naturalisation" in variant.agencies:
        yield "naturalisation present although the parents are Dutch"
    if (context.years_in_nl is None) != (variant.household.years_in_nl is None):
        yield "years in the Netherlands do not match the migration context"


@rule
def profile_is_multiproblem(world: World, variant: Variant) -> Iterator[str]:
    """Every domain is scored once, 1-5, with 3-5 domains at level 1-3, linked to each other."""
    scored = [s.domain for s in variant.profile.scores]
    if scored != [d.id for d in world.domains]:
        yield "the profile does not score each domain once, in order"
    if any(not 1 <= s.level <= 5 for s in variant.profile.scores):  # noqa: PLR2004
        yield "a level outside 1-5"
    n = len(variant.profile.problem_domains)
    if not PROBLEM_COUNT[0] <= n <= PROBLEM_COUNT[1]:
        yield f"{n} domains at level 1-3"
    links = {link.id: link for link in world.links}
    if not variant.profile.links:
        yield "no links between problem domains"
    for link_id in variant.profile.links:
        link = links[link_id]
        if not {link.source, link.target} <= set(variant.profile.problem_domains):
            yield f"link {link_id} touches a domain that is not a problem"


@rule
def agencies_fit_the_household(world: World, variant: Variant) -> Iterator[str]:
    """Each agency can be present; each triggered agency is present; 4-6 agencies."""
    facts = _facts(variant)
    if not AGENCY_COUNT[0] <= len(variant.agencies) <= AGENCY_COUNT[1]:
        yield f"{len(variant.agencies)} agencies"
    if len(set(variant.agencies)) != len(variant.agencies):
        yield "an agency appears twice"
    for agency in world.agencies:
        if agency.id in variant.agencies and not cond.all_hold(agency.requires, facts):
            yield clash(
                f"{agency.id} is present", f"its requirements {agency.requires} do not hold"
            )
        triggered = cond.all_hold(agency.requires, facts) and any(
            cond.holds(t, facts) for t in agency.triggers
        )
        if triggered and agency.id not in variant.agencies:
            yield f"{agency.id} is required here but absent"


@rule
def conflicts_are_between_present_agencies(world: World, variant: Variant) -> Iterator[str]:
    """Conflicts only between agencies that are present, two or three of them."""
    by_id = {c.id: c for c in world.conflicts}
    if not CONFLICT_COUNT[0] <= len(variant.conflicts) <= CONFLICT_COUNT[1]:
        yield f"{len(variant.conflicts)} conflicts"
    for conflict_id in variant.conflicts:
        if not set(by_id[conflict_id].between) <= set(variant.agencies):
            yield f"conflict {conflict_id} involves an absent agency"


@rule
def wish_fits(world: World, variant: Variant) -> Iterator[str]:
    """The wish can arise, its holder is an adult, the offer and factors belong to it."""
    wish = next(w for w in world.wishes if w.id == variant.wish.wish)
    if not cond.all_hold(wish.requires, _facts(variant)):
        yield f"wish {wish.id} cannot arise in this household"
    holder = variant.household.members[variant.wish.holder]
    if holder.age < MINOR_AGE:
        yield "the wish is held by a child"
    if holder.role not in wish.holders:
        yield clash(
            f"{holder.given_name} ({holder.role}) holds the wish",
            f"{wish.id} is for {wish.holders}",
        )
    if variant.wish.offer not in wish.offers:
        yield f"offer {variant.wish.offer} does not belong to wish {wish.id}"
    kinds = {f.id: f.kind for f in world.factors}
    if [kinds[f] for f in variant.wish.factors] != ["personal", "social", "environmental"]:
        yield "the factors are not one personal, one social and one environmental"
    if not set(variant.wish.factors) <= set(wish.factors):
        yield "a factor does not belong to the wish"
    for factor in world.factors:
        if factor.id in variant.wish.factors and not cond.all_hold(
            factor.requires, _facts(variant)
        ):
            yield f"factor {factor.id} cannot arise in this household"


@rule
def referral_fits(world: World, variant: Variant) -> Iterator[str]:
    """The referral is between present agencies; each agency involved reacts once, no other does."""
    referral = next(r for r in world.referrals if r.id == variant.referral.referral)
    if not cond.all_hold(referral.requires, _facts(variant)):
        yield f"referral {referral.id} cannot arise here"
    if not {referral.source, referral.target} <= set(variant.agencies):
        yield "the referral involves an absent agency"
    tags = [
        next(x.tag for x in world.reactions if x.id == r.reaction)
        for r in variant.referral.reactions
    ]
    if len(set(tags)) != len(tags):
        yield "two reactions carry the same tag"
    speakers = [r.agency for r in variant.referral.reactions]
    if not set(speakers) <= set(variant.agencies) or len(set(speakers)) != len(speakers):
        yield "a reaction comes from an absent or repeated agency"
    involved = {referral.source, referral.target, referral.better}
    for agency in speakers:
        if agency not in involved:
            yield clash(
                f"{agency} explains the referral from {referral.source} to {referral.target}",
                f"{agency} was not involved in it",
            )
    for agency in (referral.source, referral.target):
        if agency not in speakers:
            yield clash(f"{agency} was involved in the wrong referral", f"{agency} does not react")
    by_id = {r.id: r for r in world.reactions}
    for r in variant.referral.reactions:
        allowed = by_id[r.reaction].speakers
        if allowed and r.agency not in allowed:
            yield clash(f"{r.agency} says {r.reaction}", f"{r.reaction} is only for {allowed}")
        role = involvement(referral, r.agency)
        if role not in by_id[r.reaction].roles:
            yield clash(f"{r.agency} ({role}) says {r.reaction}",
                        f"{r.reaction} is for {by_id[r.reaction].roles}")  # fmt: skip


@rule
def barrier_can_arise(world: World, variant: Variant) -> Iterator[str]:
    """The systemic barrier can arise in this household."""
    barrier = next(b for b in world.barriers if b.id == variant.barrier)
    if not cond.all_hold(barrier.requires, _facts(variant)):
        yield f"barrier {barrier.id} cannot arise here"


def _member(variant: Variant, index: int) -> Person:
    return variant.household.members[index]


def _label(world: World, p: Person) -> str:
    return f"{p.given_name} is {p.role}, {world.gender(p.gender).label['nl']}"


@rule
def names_fit_gender_and_language(world: World, variant: Variant) -> Iterator[str]:
    """A given name is one the culture uses for that gender; surnames take their gendered form."""
    for p in variant.household.members:
        lists = [pool.given for pool in world.name_pools]
        if p.gender == "female":
            ok = any(p.given_name in (*g.female, *g.unisex) for g in lists)
        elif p.gender == "male":
            ok = any(p.given_name in (*g.male, *g.unisex) for g in lists)
        else:
            ok = p.age >= NONBINARY_MIN_AGE
        if not ok:
            yield clash(_label(world, p), f"{p.given_name} is not listed as a {p.gender} name")
        for pool in world.name_pools:
            for base in pool.family:
                if p.family_name == base and pool.family_form(base, p.gender) != base:
                    yield clash(_label(world, p), f"the surname {base} has a female form")


@rule
def legal_status_follows_origin(world: World, variant: Variant) -> Iterator[str]:
    """The migration context fits the name pool's region (no EU household with a permit)."""
    hh = variant.household
    pool = world.pool(hh.name_pool)
    context = next(m for m in world.migration_contexts if m.id == hh.migration)
    if pool.region not in context.regions:
        yield clash(f"names from pool {pool.id} ({pool.region})", f"migration context {context.id}")


@rule
def scores_follow_income_and_links(world: World, variant: Variant) -> Iterator[str]:
    """The scored person's ZRM levels lie in the income's ranges; every link's conditions hold."""
    hh = variant.household
    income = next(i for i in world.incomes if i.id == hh.income)
    if not cond.all_hold(income.requires, _facts(variant)):
        yield f"income {income.id} cannot arise in this household"
    for domain, (low, high) in income.scores.items():
        level = variant.profile.level(domain)
        if not low <= level <= high:
            yield clash(f"income {income.id}", f"{domain} scored {level}")
    links = {link.id: link for link in world.links}
    for link_id in variant.profile.links:
        if not cond.all_hold(links[link_id].requires, _facts(variant)):
            yield clash(f"link {link_id}", f"its conditions {links[link_id].requires} do not hold")
    if variant.profile.person != 0:
        yield "the ZRM scores someone other than the client who visits the professionals"


@rule
def the_asker_fits_the_wish(world: World, variant: Variant) -> Iterator[str]:
    """Who asked the misreferred question fits who holds which wish."""
    wish = next(w for w in world.wishes if w.id == variant.wish.wish)
    referral = next(r for r in world.referrals if r.id == variant.referral.referral)
    holder = _member(variant, variant.wish.holder)
    asker = _member(variant, variant.referral.asker)
    if asker.role not in ("client", "partner") or (
        referral.asker == "client" and asker.role != "client"
    ):
        yield clash(
            f"{asker.given_name} ({asker.role}) asked",
            f"{referral.id} is asked by a {referral.asker}",
        )
    if referral.topic == wish.topic and asker != holder:
        yield clash(
            f"{holder.given_name} wants {wish.id} ({wish.topic})",
            f"{asker.given_name} asked about {referral.topic}",
        )
    if (
        referral.topic == wish.topic
        and referral.fits_wishes
        and wish.id not in referral.fits_wishes
    ):
        yield clash(
            f"{holder.given_name} wants {wish.id}", f"{asker.given_name} asked: {referral.id}"
        )
    if referral.topic in wish.excludes and asker == holder:
        yield clash(
            f"{holder.given_name} wants {wish.id}",
            f"{holder.given_name} asked about {referral.topic}",
        )
