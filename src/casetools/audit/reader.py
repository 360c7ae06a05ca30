"""Turn one variant's JSON and rendered Markdown into plain facts, as a reader sees them.

This module is the only place that knows the shape of ``casetools variant CODE
--format json`` and ``--format md``. The invariants read :class:`Facts` only, so
when the generator's output changes (new JSON fields such as per-person scores,
new headings), this file is updated and the invariants stay as they are.

The reader prefers what a student reads (the Markdown) and uses the JSON for what
the text does not say explicitly (a partner's gender, ages as numbers). It never
looks at the case world's YAML or the generator's rules: an audit that asks the
generator what it meant would only confirm what the generator does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


class ReaderError(ValueError):
    """The variant's output does not have the shape the reader knows."""


@dataclass(frozen=True, slots=True)
class Member:
    """One member of the household: JSON facts plus the line that introduces them."""

    index: int
    given: str
    family: str
    gender: str
    role: str
    age: int
    line: str
    nationality: str | None = None

    @property
    def full(self) -> str:
        """Given name and family name, as the text prints them."""
        return f"{self.given} {self.family}".strip()

    @property
    def is_minor(self) -> bool:
        """Under 18."""
        return self.age < ADULT_AGE


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency as the text presents it."""

    id: str
    name: str
    professional: str
    demand: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reaction:
    """One professional's reaction to the wrong referral."""

    agency: Agency | None
    line: str


@dataclass(frozen=True, slots=True)
class Referral:
    """Who asked what, where it was sent, and who reacted."""

    sentence: str
    asker: Member | None
    asked: str
    source: Agency | None
    target: Agency | None
    target_phrase: str
    involved: frozenset[str]
    reactions: tuple[Reaction, ...]


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the invariants may read about one variant."""

    code: str
    fictional_flag: bool
    markdown: str
    lines: tuple[str, ...]
    text: str
    lower: str
    line_starts: tuple[int, ...]
    sections: Mapping[str, tuple[str, ...]]
    members: tuple[Member, ...]
    situation: tuple[str, ...]
    income_sentence: str
    on_social_assistance: bool
    migrated: bool
    scores: Mapping[str, int]
    person_scores: Mapping[int, Mapping[str, int]]
    score_lines: Mapping[str, str]
    agencies: tuple[Agency, ...]
    conflict_lines: tuple[str, ...]
    wish_holder: Member | None
    wish_sentence: str
    factor_lines: tuple[str, ...]
    referral: Referral
    barrier_lines: tuple[str, ...]
    unknown: Mapping[str, Any] = field(default_factory=dict)

    def line_at(self, offset: int) -> int:
        """The index in :attr:`lines` of the line holding ``offset`` of :attr:`text`."""
        return bisect_right(self.line_starts, offset) - 1

    @property
    def children(self) -> tuple[Member, ...]:
        """Minor children living at home."""
        return tuple(m for m in self.members if m.role == "child")

    @property
    def client(self) -> Member:
        """The adult who visits the professionals."""
        return next(m for m in self.members if m.role == "client")

    @property
    def household_lines(self) -> tuple[str, ...]:
        """Lines that speak about this household (not the agencies' general rules)."""
        keys = ("members", "situation", "wish", "referral_text", "barrier_effect")
        return tuple(line for key in keys for line in self.sections.get(key, ()))


ADULT_AGE = 18

# ZRM 2017 domain names as the Dutch text prints them (the audit's own table).
DOMAIN_NAMES = {
    "finances": "Financiën",
    "work_education": "Werk & opleiding",
    "housing": "Huisvesting",
    "domestic_relations": "Huiselijke relaties",
    "mental_health": "Geestelijke gezondheid",
    "social_network": "Sociaal netwerk",
}

# Headings of the Markdown, recognised by a word in them.
_HEADINGS = (
    (re.compile(r"\bwonen\b", re.IGNORECASE), "members"),
    (re.compile(r"\bsituatie\b", re.IGNORECASE), "situation"),
    (re.compile(r"\bleefgebied", re.IGNORECASE), "scores"),
    (re.compile(r"\binstanties\b", re.IGNORECASE), "agencies"),
    (re.compile(r"\bbotsen\b|\beisen\b", re.IGNORECASE), "conflicts"),
    (re.compile(r"\bwil\b|\bwensen?\b", re.IGNORECASE), "wish"),
    (re.compile(r"\bverwijzing\b", re.IGNORECASE), "referral"),
    (re.compile(r"\bknelpunt\b", re.IGNORECASE), "barrier"),
)

_NON_WORD = re.compile(r"[^\wÀ-ÿ]+")
_STOP = {"de", "het", "een", "van", "en", "in", "op", "voor", "bij", "team", "afdeling"}
_ASKED = re.compile(
    r"^(?P<asker>[^.]+?) vroeg (?:aan |bij )?(?:de |het |een )?(?P<source>.+?) om "
    r"(?P<asked>.+?)\.(?:\s|$)"
)
_TARGET = re.compile(
    r"(?:doorverwezen|verwezen|verwees(?: \w+)? door|stuurde(?: \w+)? door) naar "
    r"(?P<target>[^.,;]+)[.,;]"
)
_REACTION = re.compile(r"^- (?:De |de |Het |het )?(?P<who>[^:\"]+?) ?: [\"“]")
_AGENCY_HEAD = re.compile(r"^\*\*(?P<name>.+?)\*\*:?\s*(?P<professional>.*)$")


def split_sections(lines: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Group non-empty, stripped lines under each level-2 heading, keyed by what they hold."""
    sections: dict[str, list[str]] = {"preamble": []}
    current = sections["preamble"]
    for line in lines:
        if line.startswith("## "):
            title = line[3:]
            key = next((key for rx, key in _HEADINGS if rx.search(title)), f"other:{title}")
            current = sections.setdefault(key, [])
        else:
            current.append(line)
    return {k: tuple(v) for k, v in sections.items()}


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    """Content words of a phrase (cached: agency names recur in every variant)."""
    return frozenset(w for w in _NON_WORD.split(text.lower()) if w and w not in _STOP)


def _members(data: Mapping[str, Any], lines: Sequence[str]) -> tuple[Member, ...]:
    members = []
    for i, raw in enumerate(data["household"]["members"]):
        given, family = str(raw["given_name"]), str(raw["family_name"])
        needle = f"**{given} {family}**"
        line = next((ln for ln in lines if needle in ln), "")
        members.append(
            Member(
                index=i,
                given=given,
                family=family,
                gender=str(raw["gender"]),
                role=str(raw["role"]),
                age=int(raw["age"]),
                line=line,
                nationality=raw.get("nationality"),
            )
        )
    return tuple(members)


def _agencies(ids: Sequence[str], lines: Sequence[str]) -> tuple[Agency, ...]:
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith("**") and _AGENCY_HEAD.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    if len(blocks) != len(ids):
        msg = f"{len(ids)} agencies in the JSON but {len(blocks)} agency blocks in the text"
        raise ReaderError(msg)
    agencies = []
    for agency_id, block in zip(ids, blocks, strict=True):
        head = _AGENCY_HEAD.match(block[0])
        assert head is not None  # checked above
        demand = next((ln for ln in block if ln.startswith("- Vraagt")), "")
        agencies.append(
            Agency(agency_id, head["name"], head["professional"].strip(), demand, tuple(block))
        )
    return tuple(agencies)


def _by_professional(text: str, agencies: Sequence[Agency]) -> Agency | None:
    wanted = text.strip().lower()
    exact = [a for a in agencies if a.professional.lower() == wanted]
    return exact[0] if exact else _by_words(text, agencies)


def _by_words(text: str, agencies: Sequence[Agency]) -> Agency | None:
    """The present agency whose name and professional share most words with ``text``."""
    words = _tokens(text)
    scored = [(len(words & _tokens(f"{a.name} {a.professional}")), a) for a in agencies]
    best = max((s for s, _ in scored), default=0)
    winners = [a for s, a in scored if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _member_by_name(name: str, members: Sequence[Member]) -> Member | None:
    name = name.strip()
    return next((m for m in members if name in (m.given, m.full)), None)


def _referral(
    data: Mapping[str, Any],
    lines: Sequence[str],
    members: Sequence[Member],
    agencies: Sequence[Agency],
) -> tuple[Referral, tuple[str, ...]]:
    narrative = tuple(ln for ln in lines if not ln.startswith("- "))
    text = " ".join(narrative)
    asked = _ASKED.search(text)
    target = _TARGET.search(text)
    source = _by_professional(asked["source"], agencies) if asked else None
    target_agency = _by_words(target["target"], agencies) if target else None
    raw = data.get("referral", {})
    by_id = {a.id: a for a in agencies}
    involved = {a.id for a in (source, target_agency) if a is not None}
    for key in ("source", "target", "better"):
        if isinstance(raw.get(key), str):
            involved.add(raw[key])
    involved.update(str(x) for x in raw.get("involved", ()) or ())
    # An agency the story itself names (beyond the reactions) is involved for a reader.
    mentioned = _tokens(text)
    involved.update(
        a.id
        for a in agencies
        if (a.professional and _tokens(a.professional) <= mentioned) or _tokens(a.name) <= mentioned
    )
    json_reactions = [str(r.get("agency", "")) for r in raw.get("reactions", ())]
    reaction_lines = [ln for ln in lines if _REACTION.match(ln.replace("**", ""))]
    reactions = []
    for i, line in enumerate(reaction_lines):
        who = _REACTION.match(line.replace("**", ""))
        agency = _by_professional(who["who"], agencies) if who else None
        if agency is None and i < len(json_reactions):
            agency = by_id.get(json_reactions[i])
        reactions.append(Reaction(agency, line))
    sentence = asked.group(0).strip() if asked else (narrative[0] if narrative else "")
    if target:
        sentence = f"{sentence} … {target.group(0)}"
    asker = _member_by_name(asked["asker"], members) if asked else None
    if asker is None and isinstance(raw.get("asker"), int) and raw["asker"] < len(members):
        asker = members[raw["asker"]]
    referral = Referral(
        sentence=sentence,
        asker=asker,
        asked=asked["asked"] if asked else "",
        source=source,
        target=target_agency,
        target_phrase=target["target"] if target else "",
        involved=frozenset(involved),
        reactions=tuple(reactions),
    )
    return referral, narrative


def _scores(
    data: Mapping[str, Any], members: Sequence[Member]
) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    """Household scores, and per-person scores where the JSON gives them."""
    household: dict[str, int] = {}
    person: dict[int, dict[str, int]] = {}
    profile = data.get("profile", {})
    scored = profile.get("person")  # schema 2: the profile scores one member
    for entry in profile.get("scores", ()):
        level = int(entry["level"])
        who = entry.get("member", entry.get("person", scored))
        if isinstance(who, int):
            person.setdefault(who, {})[entry["domain"]] = level
        household[entry["domain"]] = min(level, household.get(entry["domain"], level))
    for m, raw in zip(members, data["household"]["members"], strict=True):
        for entry in raw.get("scores", ()) or ():
            person.setdefault(m.index, {})[entry["domain"]] = int(entry["level"])
            household[entry["domain"]] = min(int(entry["level"]), household.get(entry["domain"], 5))
    return household, person


def read(variant_json: Mapping[str, Any], markdown: str) -> Facts:
    """Read one variant's JSON (as a dict) and its Dutch Markdown into :class:`Facts`."""
    try:
        return _read(variant_json, markdown)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ReaderError):
            raise
        msg = f"variant {variant_json.get('code', '?')}: unexpected output shape ({exc!r})"
        raise ReaderError(msg) from exc


def _line_starts(lines: Sequence[str]) -> tuple[int, ...]:
    """Where each line starts in the lines joined by newlines (for :meth:`Facts.line_at`)."""
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return tuple(starts)


def _read(data: Mapping[str, Any], markdown: str) -> Facts:
    lines = tuple(line for raw in markdown.splitlines() if (line := raw.strip()))
    sections = split_sections(lines)
    members = _members(data, sections.get("members", ()))
    situation = sections.get("situation", ())
    sentences = [s for line in situation for s in re.split(r"(?<=\.)\s+", line)]
    income = next((s for s in sentences if "leeft van" in s or "inkomen" in s.lower()), "")
    agencies = _agencies([str(a) for a in data["agencies"]], sections.get("agencies", ()))
    referral, narrative = _referral(data, sections.get("referral", ()), members, agencies)
    wish_lines = sections.get("wish", ())
    wish_sentence = wish_lines[0] if wish_lines else ""
    holder_name = wish_sentence.split(" wil ", 1)[0] if " wil " in wish_sentence else ""
    holder = _member_by_name(holder_name, members)
    if holder is None and isinstance(data.get("wish", {}).get("holder"), int):
        holder = members[data["wish"]["holder"]]
    household, person = _scores(data, members)
    score_lines = {}
    for domain, name in DOMAIN_NAMES.items():
        row = next((ln for ln in sections.get("scores", ()) if ln.startswith(f"| {name} |")), "")
        score_lines[domain] = row
    barrier = sections.get("barrier", ())
    full_sections = dict(sections)
    full_sections["referral_text"] = narrative
    full_sections["barrier_effect"] = barrier
    years = data.get("household", {}).get("years_in_nl")
    return Facts(
        code=str(data["code"]),
        fictional_flag=bool(data.get("fictional", False)),
        markdown=markdown,
        lines=lines,
        text="\n".join(lines),
        lower="\n".join(line.lower() for line in lines),
        line_starts=_line_starts(lines),
        sections=full_sections,
        members=members,
        situation=situation,
        income_sentence=income,
        on_social_assistance="bijstand" in income.lower(),
        migrated=years is not None or "naar Nederland" in " ".join(situation),
        scores=household,
        person_scores=person,
        score_lines=score_lines,
        agencies=agencies,
        conflict_lines=tuple(ln for ln in sections.get("conflicts", ()) if ln.startswith("- ")),
        wish_holder=holder,
        wish_sentence=wish_sentence,
        factor_lines=tuple(ln for ln in wish_lines if ln.startswith("- ")),
        referral=referral,
        barrier_lines=barrier,
    )
