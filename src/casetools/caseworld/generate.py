"""Seed -> variant: draw a coherent case world from the casebook.

Each part of the variant reads its own :class:`~casetools.caseworld.draw.Stream`, so a
new part added later never changes the parts that exist. Where a draw turns
out infeasible (no child age fits both parents, too many agencies), the part
is drawn again from a stream with the attempt number in its name: still a
pure function of the seed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from itertools import count
from typing import TypeVar

from casetools.caseworld import codes
from casetools.caseworld import conditions as cond
from casetools.caseworld.conditions import Facts
from casetools.caseworld.draw import Stream
from casetools.caseworld.model import (
    MINOR_AGE,
    DomainScore,
    Household,
    Person,
    Profile,
    Reaction,
    Referral,
    Role,
    Variant,
    Wish,
)
from casetools.caseworld.world import NamePool, World
from casetools.caseworld.world import Referral as WorldReferral

T = TypeVar("T")

AGENCY_COUNT = (4, 6)
PROBLEM_COUNT = (3, 5)
CONFLICT_COUNT = (2, 3)
MAX_LINKS = 4
MAX_ATTEMPTS = 200
PROBLEM_LEVELS = ((1, 15), (2, 45), (3, 40))
OK_LEVELS = ((4, 60), (5, 40))


class Infeasible(Exception):  # noqa: N818 - internal control flow, never shown to users
    """This attempt cannot give a coherent part; draw again."""


def retry(seed: int, field: str, draw: Callable[[Stream], T]) -> T:
    """Draw ``field`` until it is feasible, each attempt from its own stream."""
    for attempt in count():
        if attempt >= MAX_ATTEMPTS:
            msg = f"no coherent {field} for seed {seed} after {MAX_ATTEMPTS} attempts"
            raise RuntimeError(msg)
        try:
            return draw(Stream(seed, field if attempt == 0 else f"{field}#{attempt}"))
        except Infeasible:
            continue
    raise AssertionError("unreachable")


def generate(world: World, seed: int) -> Variant:
    """Return the variant for ``seed``."""
    code = codes.encode(seed)
    household = retry(seed, "household", lambda s: draw_household(world, s))
    profile, agencies = retry(seed, "lasso", lambda s: draw_lasso(world, household, s))
    facts = Facts(household, profile, frozenset(agencies))
    wish, referral = retry(seed, "wish", lambda s: _wish_and_referral(world, facts, s))
    return Variant(
        code=code,
        seed=seed,
        household=household,
        profile=profile,
        agencies=agencies,
        conflicts=draw_conflicts(world, facts, Stream(seed, "conflicts")),
        wish=wish,
        referral=referral,
        barrier=draw_barrier(world, facts, Stream(seed, "barrier")),
    )


def _wish_and_referral(world: World, facts: Facts, s: Stream) -> tuple[Wish, Referral]:
    wish = draw_wish(world, facts, s)
    return wish, draw_referral(world, facts, wish, s)


def _weighted_gender(world: World, s: Stream) -> str:
    gender_ids = list(world.gender_weights)
    return s.weighted(gender_ids, [world.gender_weights[g] for g in gender_ids])


def _partner_gender(world: World, s: Stream, client_gender: str) -> str:
    """Same-gender couples at the rate the casebook states, not as a side effect."""
    if client_gender == "nonbinary":
        return _weighted_gender(world, s)
    if s.chance(world.gender_weights.get("nonbinary", 0)):
        return "nonbinary"
    other = "male" if client_gender == "female" else "female"
    return client_gender if s.chance(world.same_gender_couples) else other


def draw_household(world: World, s: Stream) -> Household:
    """Draw the members, their names and ages, and the household's context."""
    comp = s.weighted(world.compositions, [c.weight for c in world.compositions])
    pools = world.name_pools
    pool = s.weighted(pools, [p.weight for p in pools])
    used: set[str] = set()
    regions: set[str] = set()  # of every member's name pool: the residence context must fit all

    def given(gender: str, from_pool: NamePool) -> str:
        names = from_pool.given
        if gender == "female":
            options = [*names.female, *names.unisex]
        elif gender == "male":
            options = [*names.male, *names.unisex]
        else:  # a non-binary adult: a unisex name where the culture has one
            options = list(names.unisex) or [*names.female, *names.male]
        free = [n for n in options if n not in used]
        if not free:
            raise Infeasible
        name = s.choice(free)
        used.add(name)
        return name

    def person(role: Role, gender: str, from_pool: NamePool, family: str, age: int) -> Person:
        name = given(gender, from_pool)
        regions.add(from_pool.region)
        return Person(role, name, from_pool.family_form(family, gender), gender, age)

    family = s.choice(pool.family)
    low, high = world.ages.client
    if comp.extra_adult == "adult_child":
        low = max(low, 2 * MINOR_AGE)
    client_age = s.between(low, high)
    gender = _weighted_gender(world, s)
    members = [person("client", gender, pool, family, client_age)]
    parent_ages = [client_age]
    if comp.partner:
        partner_pool = pool if s.chance(800) else s.weighted(pools, [p.weight for p in pools])
        p_gender = _partner_gender(world, s, gender)
        p_age = client_age + s.between(*world.ages.partner_offset)
        if p_age < MINOR_AGE + 2:
            raise Infeasible
        members.append(
            person("partner", p_gender, partner_pool, s.choice(partner_pool.family), p_age)
        )
        parent_ages.append(p_age)
    gap_low, gap_high = world.ages.parent_gap
    child_low = max(0, max(parent_ages) - gap_high)
    child_high = min(MINOR_AGE - 1, min(parent_ages) - gap_low)
    if child_low > child_high:
        raise Infeasible
    for _ in range(s.between(*comp.children)):
        c_gender = "female" if s.chance(500) else "male"
        members.append(person("child", c_gender, pool, family, s.between(child_low, child_high)))
    extra = _extra_adult(world, s, comp.extra_adult, parent_ages, pool, family)
    if extra is not None:
        role, gender, ex_family, age = extra
        members.append(person(role, gender, pool, ex_family, age))
    draft = Household(comp.id, pool.id, tuple(members), "", None, "", 0)
    return _context(world, s, regions, draft)


def _extra_adult(
    world: World, s: Stream, kind: str, parent_ages: list[int], pool: NamePool, family: str
) -> tuple[Role, str, str, int] | None:
    """Role, gender, family name and age of the co-resident adult who is not a partner."""
    gap_low, gap_high = world.ages.parent_gap
    if kind == "adult_child":
        a_high = min(parent_ages) - gap_low
        a_low = max(MINOR_AGE, max(parent_ages) - gap_high)
        if a_low > a_high:
            raise Infeasible
        return "adult_child", _weighted_gender(world, s), family, s.between(a_low, a_high)
    if kind == "grandparent":
        gender = "female" if s.chance(500) else "male"
        age = parent_ages[0] + s.between(*world.ages.grandparent_gap)
        g_family = family if gender == "male" and s.chance(500) else s.choice(pool.family)
        return "grandparent", gender, g_family, age
    return None


def _context(world: World, s: Stream, regions: set[str], draft: Household) -> Household:
    """Residence (fitting the regions of both parents' name pools), income (following the members), trade.

    A couple from two regions (an EU partner beside a non-EU client) only fits a context that
    lists both, so such a household is never said to live on a residence permit.
    """
    client_age = draft.client.age
    contexts = [m for m in world.migration_contexts if regions <= set(m.regions)]
    migration = s.weighted(contexts, [m.weight for m in contexts])
    years = None
    if migration.years_in_nl is not None:
        years_high = min(migration.years_in_nl[1], client_age - MINOR_AGE)
        if years_high < migration.years_in_nl[0]:  # the client is too young for this context
            raise Infeasible
        years = s.between(migration.years_in_nl[0], years_high)
    draft = dataclasses.replace(draft, migration=migration.id, years_in_nl=years)
    facts = Facts(draft)
    incomes = [i for i in world.incomes if cond.all_hold(i.requires, facts)]
    income = s.weighted(incomes, [i.weight for i in incomes])
    return dataclasses.replace(draft, income=income.id, trade=s.below(len(world.trades)))


def draw_lasso(world: World, household: Household, s: Stream) -> tuple[Profile, tuple[str, ...]]:
    """Draw the client's domain profile and the agencies it brings; both must fit together.

    The income sets ranges for some domains (no paid work: Werk & opleiding at
    most 3); a domain whose range lies below 4 is always a problem domain, one
    whose range lies above 3 never is.
    """
    income = next(i for i in world.incomes if i.id == household.income)
    ranges = dict(income.scores)
    forced = [d.id for d in world.domains if d.id in ranges and ranges[d.id][1] <= 3]  # noqa: PLR2004
    open_ids = [
        d.id
        for d in world.domains
        if d.id not in forced and ranges.get(d.id, (1, 5))[0] <= 3  # noqa: PLR2004
    ]
    weights = {d.id: d.weight for d in world.domains}
    problems: list[str] = list(forced)
    for _ in range(s.between(*PROBLEM_COUNT) - len(problems)):
        pick = s.weighted(open_ids, [weights[d] for d in open_ids])
        problems.append(pick)
        open_ids.remove(pick)
    levels = {}
    for d in world.domains:
        table = PROBLEM_LEVELS if d.id in problems else OK_LEVELS
        low, high = ranges.get(d.id, (1, 5))
        options = [(lv, w) for lv, w in table if low <= lv <= high]
        if not options:
            raise Infeasible
        levels[d.id] = s.weighted([lv for lv, _ in options], [w for _, w in options])
    scores = tuple(DomainScore(d.id, levels[d.id]) for d in world.domains)
    draft = Facts(household, Profile(scores, ()))
    links = [
        link.id
        for link in world.links
        if link.source in problems
        and link.target in problems
        and cond.all_hold(link.requires, draft)
    ]
    if not links:
        raise Infeasible
    if len(links) > MAX_LINKS:
        chosen = set(s.sample(links, MAX_LINKS))
        links = [link for link in links if link in chosen]
    profile = Profile(scores, tuple(links), person=0)
    facts = Facts(household, profile)
    eligible = [a for a in world.agencies if cond.all_hold(a.requires, facts)]
    mandatory = [a.id for a in eligible if any(cond.holds(t, facts) for t in a.triggers)]
    optional = [a.id for a in eligible if a.id not in mandatory]
    low = max(AGENCY_COUNT[0], len(mandatory))
    high = min(AGENCY_COUNT[1], len(mandatory) + len(optional))
    if low > high:
        raise Infeasible
    target = s.between(low, high)
    present = set(mandatory) | set(s.sample(optional, target - len(mandatory)))
    agencies = tuple(a.id for a in world.agencies if a.id in present)
    full = Facts(household, profile, frozenset(agencies))
    conflicts = _available_conflicts(world, full)
    has_referral = any(_referral_possible(r, full) for r in world.referrals)
    has_wish = any(cond.all_hold(w.requires, full) for w in world.wishes)
    has_barrier = any(cond.all_hold(b.requires, full) for b in world.barriers)
    if len(conflicts) < CONFLICT_COUNT[0] or not (has_referral and has_wish and has_barrier):
        raise Infeasible
    return profile, agencies


def _available_conflicts(world: World, facts: Facts) -> list[str]:
    return [
        c.id
        for c in world.conflicts
        if set(c.between) <= facts.agencies and cond.all_hold(c.requires, facts)
    ]


def _referral_possible(referral: WorldReferral, facts: Facts) -> bool:
    return {referral.source, referral.target} <= facts.agencies and cond.all_hold(
        referral.requires, facts
    )


def draw_conflicts(world: World, facts: Facts, s: Stream) -> tuple[str, ...]:
    """Pick two or three conflicts between agencies that are present."""
    available = _available_conflicts(world, facts)
    chosen = set(s.sample(available, min(len(available), s.between(*CONFLICT_COUNT))))
    return tuple(c for c in available if c in chosen)


def draw_wish(world: World, facts: Facts, s: Stream) -> Wish:
    """Pick the wish, the adult who holds it, the offer and one factor of each kind."""
    wish = s.choice([w for w in world.wishes if cond.all_hold(w.requires, facts)])
    members = facts.household.members
    holders = [i for i, m in enumerate(members) if m.role in wish.holders]
    holder = s.choice(holders)
    usable = {f.id: f.kind for f in world.factors if cond.all_hold(f.requires, facts)}
    factors = tuple(
        s.choice([f for f in wish.factors if usable.get(f) == kind])
        for kind in ("personal", "social", "environmental")
    )
    return Wish(wish=wish.id, holder=holder, offer=s.choice(wish.offers), factors=factors)


def askers(world: World, facts: Facts, wish: Wish, referral: WorldReferral) -> list[int]:
    """Who can have asked the misreferred question, given who holds which wish.

    A question in the wish's own life area was asked by the wish holder; a
    question in an area the wish excludes (who wants rest first did not ask
    for paid work) was asked by someone else.
    """
    members = facts.household.members
    spec = next(w for w in world.wishes if w.id == wish.wish)
    roles = ("client",) if referral.asker == "client" else ("client", "partner")
    able = [i for i, m in enumerate(members) if m.role in roles]
    if referral.topic == spec.topic:
        if referral.fits_wishes and wish.wish not in referral.fits_wishes:
            return []
        return [wish.holder] if wish.holder in able else []
    if referral.topic in spec.excludes:
        return [i for i in able if i != wish.holder]
    return able


def speakers(referral: WorldReferral, agencies: frozenset[str]) -> list[str]:
    """The agencies involved: referring, receiving, and the better one if it is present."""
    involved = [referral.source, referral.target]
    if referral.better not in involved and referral.better in agencies:
        involved.append(referral.better)
    return involved


def involvement(referral: WorldReferral, agency: str) -> str:
    """How an agency was involved: it referred, it received, or it would have fitted."""
    if agency == referral.source:
        return "referrer"
    return "receiver" if agency == referral.target else "better"


def draw_referral(world: World, facts: Facts, wish: Wish, s: Stream) -> Referral:
    """Pick the wrong referral, who asked, and one reaction from each agency involved.

    The reactions carry different tags; with three agencies involved all three
    tags (single-loop, double-loop, defensive) appear.
    """
    options = [
        r for r in world.referrals if _referral_possible(r, facts) and askers(world, facts, wish, r)
    ]
    if not options:
        raise Infeasible
    referral = s.weighted(options, [r.weight for r in options])
    asker = s.choice(askers(world, facts, wish, referral))
    voices = speakers(referral, facts.agencies)
    tags = s.sample(["single_loop", "double_loop", "defensive"], len(voices))
    reactions = []
    for agency, tag in zip(voices, tags, strict=True):
        role = involvement(referral, agency)
        fitting = [
            r
            for r in world.reactions
            if r.tag == tag and role in r.roles and (not r.speakers or agency in r.speakers)
        ]
        reactions.append(Reaction(s.choice(fitting).id, agency))
    return Referral(referral.id, tuple(s.shuffled(reactions)), asker)


def draw_barrier(world: World, facts: Facts, s: Stream) -> str:
    """Pick a systemic barrier that can arise in this household."""
    options = [b for b in world.barriers if cond.all_hold(b.requires, facts)]
    return s.weighted(options, [b.weight for b in options]).id
