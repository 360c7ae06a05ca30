"""Lecturer invariants: what a reader of one variant would call a contradiction.

Each invariant is a function from :class:`~casetools.audit.reader.Facts` to a list
of :class:`Violation`. A violation names the variant code and quotes the two
statements that contradict each other, so a teacher can find them in the text.
The invariants are written from the reader's side and apart from the generator:
this module imports neither ``casetools.caseworld.rules`` nor ``conditions`` and
judges names with its own lists (``names.yaml``), never with the world's pools.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from casetools.audit.knowledge import POLISH_FEMININE, POLISH_MASCULINE, knowledge
from casetools.audit.reader import Facts, Member, read

QUOTE_MAX = 170
HIGH_SCORE = 4  # ZRM 4-5: "voldoende" or "volledig zelfredzaam"


@dataclass(frozen=True, slots=True)
class Violation:
    """Two statements in one variant that a reader would see contradict each other."""

    code: str
    invariant: str
    first: str
    second: str

    def __str__(self) -> str:
        """One line: code, invariant and both quotes."""
        return f'{self.code} {self.invariant}: "{self.first}" <-> "{self.second}"'


def quote(text: str) -> str:
    """A statement as a short, plain quote (Markdown emphasis and list marks removed)."""
    plain = text.strip().removeprefix("- ").replace("**", "")
    return plain if len(plain) <= QUOTE_MAX else plain[: QUOTE_MAX - 1] + "…"


def _v(facts: Facts, invariant: str, first: str, second: str) -> Violation:
    return Violation(facts.code, invariant, quote(first), quote(second))


def lines_with(facts: Facts, pattern: re.Pattern[str], needles: tuple[str, ...] = ()) -> list[str]:
    """The lines of the text where the lower-case ``pattern`` matches, each once, in order.

    One scan of the whole lower-cased text, not one per line, and none at all when
    none of the lower-case ``needles`` occurs: the audit runs over 100,000 variants
    in ``casetools check --stress``. (Each line is lower-cased on its own, so
    :attr:`Facts.lower` and :attr:`Facts.text` keep the same offsets.)
    """
    if needles and not any(n in facts.lower for n in needles):
        return []
    found = dict.fromkeys(facts.line_at(m.start()) for m in pattern.finditer(facts.lower))
    return [facts.lines[i] for i in found]


def _member_line(m: Member) -> str:
    return m.line or f"{m.full} ({m.age} jaar, {m.role}, {m.gender})"


# --- names, origin and legal status -------------------------------------------------


def name_fits_gender(facts: Facts) -> list[Violation]:
    """A clearly female name is not given to a man or boy, nor a male name to a woman or girl."""
    known = knowledge()
    out = []
    for m in facts.members:
        if m.gender not in ("female", "male"):
            continue
        judged = known.gender_of(m.given, m.family)
        if judged is not None and judged != m.gender:
            word = "vrouwennaam" if judged == "female" else "mannennaam"
            out.append(_v(facts, "name_fits_gender", _member_line(m), f"{m.given} is een {word}"))
    return out


def polish_surname_form(facts: Facts) -> list[Violation]:
    """Women and girls carry -ska/-cka/-dzka, men and boys -ski/-cki/-dzki."""
    out = []
    for m in facts.members:
        if m.gender == "female" and POLISH_MASCULINE.search(m.family):
            expected = m.family[:-1] + "a"
            out.append(
                _v(facts, "polish_surname_form", _member_line(m), f"vrouwelijke vorm is {expected}")
            )
        elif m.gender == "male" and POLISH_FEMININE.search(m.family):
            expected = m.family[:-1] + "i"
            out.append(
                _v(facts, "polish_surname_form", _member_line(m), f"mannelijke vorm is {expected}")
            )
    return out


_PERMIT = re.compile(r"verblijfsvergunning", re.IGNORECASE)
_NO_PERMIT = re.compile(
    r"geen verblijfsvergunning|zonder verblijfsvergunning|hoeft geen|niet nodig", re.IGNORECASE
)


def eu_no_residence_permit(facts: Facts) -> list[Violation]:
    """EU citizens live here without a residence permit; the text must not give them one."""
    known = knowledge()
    out = []
    sentences = [
        s for line in facts.situation for s in re.split(r"(?<=[.;])\s+", line) if _PERMIT.search(s)
    ]
    for sentence in sentences:
        if _NO_PERMIT.search(sentence):
            continue
        named = [m for m in facts.members if re.search(rf"\b{re.escape(m.given)}\b", sentence)]
        concerned = named or [m for m in facts.members if not m.is_minor]
        for m in concerned:
            eu_adjective = next((a for a in known.eu_adjectives if m.nationality == a), None)
            culture = known.eu_origin(m.given, m.family)
            if eu_adjective or culture:
                if eu_adjective:
                    origin = f"{eu_adjective} nationaliteit, EU"
                else:
                    origin = f"{culture.country}, EU-lidstaat" if culture else ""
                out.append(
                    _v(facts, "eu_no_residence_permit", sentence, f"{_member_line(m)} [{origin}]")
                )
                break
    return out


def migrated_not_dutch_names(facts: Facts) -> list[Violation]:
    """A household that came to the Netherlands does not carry only typically Dutch surnames."""
    if not facts.migrated:
        return []
    adults = [m for m in facts.members if not m.is_minor]
    if adults and all(knowledge().is_dutch_family(m.family) for m in adults):
        sentences = [s for line in facts.situation for s in re.split(r"(?<=[.;])\s+", line)]
        came = next((s for s in sentences if "Nederland" in s and "nationaliteit" not in s), None)
        came = came or next((s for s in sentences if "verblijfsvergunning" in s), sentences[0])
        names = ", ".join(m.full for m in adults)
        return [
            _v(facts, "migrated_not_dutch_names", came, f"alleen Nederlandse achternamen: {names}")
        ]
    return []


# --- scores against income, debts and agencies --------------------------------------

_PUSHES_WORK = re.compile(
    r"sollicit|re-integratie|arbeidsinschakeling|werk zoeken|aan het werk|"
    r"beschikbaar (?:zijn )?voor werk|traject naar werk"
)
_DEBT = re.compile(
    r"\bschulden\b|achterstand|aanmaning|betalingsregeling|aflossen|schuldeisers|"
    r"schuldregeling|leefgeld",
    re.IGNORECASE,
)


def _claimant_work_scores(facts: Facts) -> list[tuple[Member | None, int]]:
    claimants = [m for m in facts.members if m.role in ("client", "partner")]
    per_person = [(m, facts.person_scores[m.index].get("work_education")) for m in claimants
                  if m.index in facts.person_scores]  # fmt: skip
    if per_person:
        return [(m, s) for m, s in per_person if s is not None]
    level = facts.scores.get("work_education")
    return [] if level is None else [(None, level)]


def work_score_vs_assistance(facts: Facts) -> list[Violation]:
    """Werk & opleiding 4-5 does not go with bijstand while Werk en Inkomen pushes work."""
    if not facts.on_social_assistance or "ontheffing" in facts.lower:
        return []
    pusher = next((a for a in facts.agencies if _PUSHES_WORK.search(a.demand.lower())), None)
    if pusher is None:
        return []
    out = []
    for member, level in _claimant_work_scores(facts):
        if level >= HIGH_SCORE:
            row = facts.score_lines.get("work_education") or f"Werk & opleiding: {level}"
            who = f" ({member.given})" if member else ""
            out.append(
                _v(facts, "work_score_vs_assistance", f"{row}{who}",
                   f"{facts.income_sentence} {pusher.name}: {pusher.demand.removeprefix('- ')}"),
            )  # fmt: skip
    return out


def finances_score_vs_debts(facts: Facts) -> list[Violation]:
    """Financiën 4-5 does not go with debts, arrears or repayment demands."""
    level = facts.scores.get("finances")
    if level is None or level < HIGH_SCORE:
        return []
    candidates = [
        *(a.demand for a in facts.agencies),
        *facts.conflict_lines,
        facts.referral.sentence,
        *facts.barrier_lines,
    ]
    debt = next((line for line in candidates if _DEBT.search(line)), None)
    if debt is None:
        return []
    row = facts.score_lines.get("finances") or f"Financiën: {level}"
    return [_v(facts, "finances_score_vs_debts", row, debt)]


# --- the household's members against what the text says about them -----------------

_CHILDCARE = re.compile(
    r"kinderopvang|buitenschoolse opvang|\bbso\b|op de kinderen (?:kan |te )?passen|oppas"
)
_NETWORK = re.compile(r"niemand in het netwerk|op de kinderen (?:kan |te )?passen|geen oppas")


def _youngest_line(facts: Facts) -> str:
    kids = sorted(facts.children, key=lambda m: m.age)
    if not kids:
        return "geen minderjarige kinderen in huis"
    return "; ".join(f"{m.full} ({m.age} jaar)" for m in kids)


def childcare_needs_young_child(facts: Facts) -> list[Violation]:
    """Childcare or a babysitter is only a barrier with a child under 12 at home."""
    limit = knowledge().childcare_below
    if any(m.age < limit for m in facts.children):
        return []
    lines = lines_with(facts, _CHILDCARE, ("opvang", "bso", "passen", "oppas"))
    return (
        [_v(facts, "childcare_needs_young_child", lines[0], _youngest_line(facts))] if lines else []
    )


def network_vs_coresident_adult(facts: Facts) -> list[Violation]:
    """'Nobody in the network to mind the children' does not go with an adult living in."""
    adults = [
        m for m in facts.members if m.role in ("grandparent", "adult_child") and not m.is_minor
    ]
    if not adults:
        return []
    lines = lines_with(facts, _NETWORK, ("niemand", "passen", "oppas"))
    if not lines:
        return []
    return [_v(facts, "network_vs_coresident_adult", lines[0], _member_line(adults[0]))]


def plural_matches_children(facts: Facts) -> list[Violation]:
    """'Kinderen' is not used for a household with one child.

    The composition line counts the minor children (an adult child is named apart
    there); elsewhere 'de kinderen' may include an adult son or daughter at home.
    """
    minors = len(facts.children)
    at_home = minors + sum(m.role == "adult_child" for m in facts.members)
    composition = facts.sections.get("members", ())[:1]
    other = [
        *facts.situation,
        facts.wish_sentence,
        *facts.factor_lines,
        *facts.sections.get("referral_text", ()),
        *facts.conflict_lines,
        *(a.lines[0] for a in facts.agencies),
    ]
    hit = next((ln for ln in composition if minors == 1 and _KINDEREN.search(ln)), None)
    if hit is None and at_home == 1:
        hit = next((ln for ln in other if _KINDEREN.search(ln)), None)
    if hit is None:
        return []
    return [_v(facts, "plural_matches_children", hit, f"één kind: {_youngest_line(facts)}")]


_KINDEREN = re.compile(r"\bkinderen\b")


def cost_sharing_needs_adult_27(facts: Facts) -> list[Violation]:
    """The kostendelersnorm needs bijstand and a co-resident adult of 27 or older."""
    line = next((ln for ln in facts.barrier_lines if "kostendelersnorm" in ln.lower()), None)
    if line is None:
        return []
    limit = knowledge().cost_sharer_from
    sharers = [
        m for m in facts.members if m.role not in ("client", "partner", "child") and m.age >= limit
    ]
    if not facts.on_social_assistance:
        return [_v(facts, "cost_sharing_needs_adult_27", line, facts.income_sentence)]
    if not sharers:
        others = [m for m in facts.members if m.role in ("adult_child", "grandparent")]
        who = _member_line(others[0]) if others else "geen andere volwassene in huis"
        return [_v(facts, "cost_sharing_needs_adult_27", line, who)]
    return []


_SCHOOL_NAME = re.compile(r"\b[Ss]chool\b")


def school_needs_pupil(facts: Facts) -> list[Violation]:
    """A school is only involved when a child of school age lives at home."""
    low, high = knowledge().school_ages
    school = next((a for a in facts.agencies if _SCHOOL_NAME.search(a.name)), None)
    if school is None:
        return []
    pupils = [
        m for m in facts.members if m.role in ("child", "adult_child") and low <= m.age <= high
    ]
    if pupils:
        return []
    return [_v(facts, "school_needs_pupil", school.lines[0], _youngest_line(facts))]


_ASSISTANCE_LEVEL = re.compile(r"[Bb]ijstandsniveau|[Zz]onder betaald werk|[Bb]ijstandsuitkering")


def income_statements_agree(facts: Facts) -> list[Violation]:
    """A household living from work is not described as living at the level of bijstand."""
    if facts.on_social_assistance or not facts.income_sentence:
        return []
    lines = [*facts.sections.get("scores", ()), *facts.household_lines]
    hit = next((ln for ln in lines if _ASSISTANCE_LEVEL.search(ln)), None)
    if hit is None:
        return []
    return [_v(facts, "income_statements_agree", facts.income_sentence, hit)]


# --- who asked what, and who reacts -------------------------------------------------

# Questions that belong to one person (their own work, training or language). Debts, the
# home and a child's school are the household's: either adult may ask about them.
_PERSONAL_TOPICS = {
    "werk": re.compile(
        r"betaald werk|\bbaan\b|\bvak\b|meer uren|vast contract|opleiding|re-integratie|"
        r"solliciteren|werk zoeken|aan het werk"
    ),
    "taal": re.compile(r"taalcursus|nederlands leren|inburger"),
}
_DEFERS_WORK = re.compile(r"\beerst rust\b")


def _topics(text: str) -> set[str]:
    low = text.lower()
    return {topic for topic, rx in _PERSONAL_TOPICS.items() if rx.search(low)}


def _wish_clause(sentence: str) -> str:
    """'X wil ...' without the offer that follows it in the same line."""
    return re.split(r"(?<=\.)\s+", sentence, maxsplit=1)[0]


def wish_holder_asked(facts: Facts) -> list[Violation]:
    """The person with the wish asked the misreferred question, or the two are about other things.

    A question about one's own work or language, asked by one adult while the other
    holds the wish about work or language, leaves the reader guessing whose it is.
    An adult who wants rest first does not in the same story ask for paid work now.
    """
    ref = facts.referral
    holder = facts.wish_holder
    if holder is None or ref.asker is None:
        return []
    wish = _wish_clause(facts.wish_sentence)
    shared = _topics(wish) & _topics(ref.asked)
    if ref.asker.index != holder.index and shared:
        return [_v(facts, "wish_holder_asked", wish, ref.sentence)]
    defers_work = _DEFERS_WORK.search(wish) is not None
    if ref.asker.index == holder.index and defers_work and "werk" in _topics(ref.asked):
        return [_v(facts, "wish_holder_asked", wish, ref.sentence)]
    return []


def reactions_from_involved(facts: Facts) -> list[Violation]:
    """Only agencies involved in the referral react, and the receiving agency is among them."""
    ref = facts.referral
    out = [
        _v(facts, "reactions_from_involved", reaction.line, ref.sentence)
        for reaction in ref.reactions
        if reaction.agency is not None and reaction.agency.id not in ref.involved
    ]
    speakers = {r.agency.id for r in ref.reactions if r.agency is not None}
    if ref.target is not None and ref.target.id not in speakers:
        who = ", ".join(r.agency.professional for r in ref.reactions if r.agency) or "niemand"
        out.append(
            _v(facts, "reactions_from_involved", ref.sentence, f"reacties alleen van: {who}")
        )
    return out


_SCHOOL = re.compile(r"\bschool\b|mentor|intern begeleider|leerkracht", re.IGNORECASE)
_YOUTH_CARE = re.compile(r"jeugdhulp|jeugdzorg", re.IGNORECASE)


def school_not_to_youth_care(facts: Facts) -> list[Violation]:
    """A school does not refer to jeugdhulp directly (access runs via gemeente, huisarts, jeugdarts)."""
    ref = facts.referral
    if ref.source is None:
        return []
    source_text = f"{ref.source.name} {ref.source.professional}"
    if _SCHOOL.search(source_text) and _YOUTH_CARE.search(ref.target_phrase):
        return [_v(facts, "school_not_to_youth_care", ref.sentence, ref.source.lines[0])]
    return []


# --- Dutch and the student text -----------------------------------------------------

_DIGITS = re.compile(r"[0-9]+")
_NUMBER_OK_BEFORE = re.compile(
    r"(?:score|scoort|scores|niveau|artikel|art\.|lid|fase|nummer|nr\.|tot en met|stap)\s*$",
    re.IGNORECASE,
)
_AGE = re.compile(r"\((?:\d+ jaar|nog geen jaar oud)\)")
_NOT_RUNNING_TEXT = ("|", "#", "⚑", ">")
_NOT_A_COUNT_AROUND = set("._,:/-%") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
WORD_NUMBERS_BELOW = 20


def _small_count(text: str, match: re.Match[str]) -> bool:
    """A number below twenty that stands alone as a count (not in a code, date or score)."""
    if int(match.group(0)) >= WORD_NUMBERS_BELOW:
        return False
    start, end = match.span()
    if start > 0 and text[start - 1] in _NOT_A_COUNT_AROUND:
        return False
    if end < len(text) and text[end] in _NOT_A_COUNT_AROUND:
        return False
    return not _NUMBER_OK_BEFORE.search(text[max(0, start - 12) : start])


def numbers_in_words(facts: Facts) -> list[Violation]:
    """Numbers below twenty are written in words in running text (ages in brackets excepted)."""
    flagged: dict[int, str] = {}
    member_lines = {m.line for m in facts.members}  # a list of people, not running text
    for match in _DIGITS.finditer(facts.text):
        index = facts.line_at(match.start())
        line = facts.lines[index]
        if index in flagged or line.startswith(_NOT_RUNNING_TEXT) or line in member_lines:
            continue
        text = _AGE.sub("()", line)
        hit = next((m for m in _DIGITS.finditer(text) if _small_count(text, m)), None)
        flagged[index] = hit.group(0) if hit else ""
    return [
        _v(facts, "numbers_in_words", facts.lines[i], f"'{number}' in cijfers")
        for i, number in flagged.items()
        if number
    ]


# A capital Hen/Hun opens a sentence, a list item or a quote (headings start with '#').
_HEN = re.compile(r"(?:^|[.!?]\s+|^- |[:;]\s+[\"“])(?:Hen|Hun)\b")


def no_hen_at_sentence_start(facts: Facts) -> list[Violation]:
    """'Hen'/'Hun' does not open a sentence (readers take it for an error); the name is repeated."""
    return [
        _v(facts, "no_hen_at_sentence_start", line, "zin begint met hen/hun")
        for line in facts.lines
        if ("Hen" in line or "Hun" in line) and not line.startswith("#") and _HEN.search(line)
    ]


# The answer categories of the exercises, as the teacher material names them.
ANSWER_LABELS = (
    "(hetzelfde geld)",
    "(dezelfde uren)",
    "(wie gaat eerst)",
    "(botsende doelen)",
    "(persoonlijk)",
    "(sociaal)",
    "(omgeving)",
    "(defensief)",
    "single-loop",
    "double-loop",
)


_ANSWER_LABEL = re.compile("|".join(map(re.escape, ANSWER_LABELS)))


def no_answer_labels(facts: Facts) -> list[Violation]:
    """Conflict kinds, factor kinds and reaction tags are answers; the student text has none."""
    out = []
    for line in lines_with(facts, _ANSWER_LABEL):
        hit = _ANSWER_LABEL.search(line.lower())
        answer = f"'{hit.group(0) if hit else line}' is een antwoord uit de opgaven"
        out.append(_v(facts, "no_answer_labels", line, answer))
    return out


def two_people_as_two(facts: Facts) -> list[Violation]:
    """Two roles are two people: 'de mentor en de intern begeleider', not one speaker."""
    # Roles are lower-case nouns; a capital marks a proper name ("Werk en Inkomen").
    rx = re.compile(
        r"^- De (?P<a>[^:\"]*?\b[a-z][\w-]*) en (?!de |het |een )(?P<b>[a-z][^:\"]*?): [\"“]"
    )
    for r in facts.referral.reactions:
        hit = rx.match(r.line)
        if hit:
            return [_v(facts, "two_people_as_two", r.line, f"'{hit['b']}' zonder lidwoord")]
    return []


_HOUSEHOLD_SCORE = re.compile(r"(?:huishouden|gezin)\b[^.\n]*\bzelfredzaam")


def scores_belong_to_a_person(facts: Facts) -> list[Violation]:
    """The ZRM scores a person, not 'het huishouden'; the text says whose scores they are."""
    return [
        _v(facts, "scores_belong_to_a_person", line, "de ZRM scoort een persoon, geen huishouden")
        for line in lines_with(facts, _HOUSEHOLD_SCORE, ("zelfredzaam",))
    ]


TODDLER_AGE = 6


def toddler_not_called_kind(facts: Facts) -> list[Violation]:
    """A toddler is zoon or dochter; 'kind' beside 'zoon'/'dochter' reads as an error."""
    return [
        _v(facts, "toddler_not_called_kind", m.line, f"{m.given} is {m.age} jaar")
        for m in facts.children
        if m.age < TODDLER_AGE and m.line.rstrip(".").endswith(", kind")
    ]


def fictional_with_code(facts: Facts) -> list[Violation]:
    """Every variant says it is fictional and shows its code."""
    out = []
    said = "fictief" in facts.lower or "verzonnen" in facts.lower
    if not (said and facts.fictional_flag):
        out.append(
            _v(facts, "fictional_with_code", facts.markdown[:80], "geen vermelding 'fictief'")
        )
    if facts.code not in facts.markdown:
        out.append(
            _v(facts, "fictional_with_code", facts.markdown[:80], f"code {facts.code} ontbreekt")
        )
    return out


def text_readable(facts: Facts) -> list[Violation]:
    """The audit understood the text; otherwise its silence would mean nothing.

    When the generator's output changes shape, this invariant fails instead of
    every other invariant quietly finding nothing to check. The fix is then in
    ``casetools/audit/reader.py``, the one place that knows the shape.
    """
    ref = facts.referral
    missing = [
        *(f"de regel van {m.full}" for m in facts.members if not m.line),
        *(["de zin over het inkomen"] if not facts.income_sentence else []),
        *(f"de score {d}" for d in ("finances", "work_education") if d not in facts.scores),
        *(f"de regel met de score {d}" for d, row in facts.score_lines.items() if not row
          and d in ("finances", "work_education")),
        *(["de instanties"] if not facts.agencies else []),
        *(f"wat {a.name} vraagt" for a in facts.agencies if not a.demand),
        *(["wie de wens heeft"] if facts.wish_holder is None else []),
        *(["wie de vraag stelde"] if ref.asker is None else []),
        *(["de verwijzende instantie"] if ref.source is None else []),
        *(["de ontvangende instantie"] if ref.target is None else []),
        *(["de reacties"] if not ref.reactions else []),
        *(f"wie zei: {r.line[:60]}" for r in ref.reactions if r.agency is None),
    ]  # fmt: skip
    return [
        _v(facts, "text_readable", f"niet gevonden: {item}", "casetools/audit/reader.py bijwerken")
        for item in missing
    ]


Invariant = Callable[[Facts], list[Violation]]

INVARIANTS: dict[str, Invariant] = {
    f.__name__: f
    for f in (
        name_fits_gender,
        polish_surname_form,
        eu_no_residence_permit,
        migrated_not_dutch_names,
        work_score_vs_assistance,
        finances_score_vs_debts,
        childcare_needs_young_child,
        network_vs_coresident_adult,
        plural_matches_children,
        cost_sharing_needs_adult_27,
        school_needs_pupil,
        income_statements_agree,
        wish_holder_asked,
        reactions_from_involved,
        school_not_to_youth_care,
        numbers_in_words,
        no_hen_at_sentence_start,
        no_answer_labels,
        two_people_as_two,
        scores_belong_to_a_person,
        toddler_not_called_kind,
        fictional_with_code,
        text_readable,
    )
}


def check(facts: Facts) -> list[Violation]:
    """Run every invariant over already-read facts."""
    return [v for invariant in INVARIANTS.values() for v in invariant(facts)]


def audit(variant_json: Mapping[str, Any], markdown: str) -> list[Violation]:
    """Audit one variant from its JSON (parsed) and its Dutch Markdown."""
    return check(read(variant_json, markdown))
