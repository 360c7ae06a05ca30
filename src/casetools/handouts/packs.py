r"""Handout packs as data: what a Typst template needs to print a pack, as JSON.

A pack is what a trainer prints for a session: the role-play kit, worksheets
or answer keys, for a list of variant codes. This module checks the request
and turns it into one JSON document: the case views of the variants, the
handout texts of the language, and the exercise texts converted from MyST
Markdown to Typst markup by :mod:`casetools.handouts.myst` (every text token
escaped). The Typst templates in ``templates/<lang>/handouts/`` read that
JSON with ``json()``; names are never spliced into markup, so a name with
``<``, ``#`` or ``\`` prints literally. This module imports no PDF library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from casetools.caseworld import lasso
from casetools.caseworld.lasso import lasso_svg
from casetools.caseworld.model import Variant
from casetools.caseworld.render import render_view_markdown
from casetools.caseworld.views import TEMPLATES, AgencyView, CaseView, build_view
from casetools.caseworld.world import World
from casetools.errors import UsageError
from casetools.handouts.myst import Bibliography, to_typst
from casetools.library.exercises import MODULES, Exercise, Library
from casetools.library.render import Audience, render_exercise
from casetools.yamlsource import load_source

PACKS: Mapping[str, str] = {
    "roleplay": "role-play kit per variant: client card, role cards, observer and facilitator sheets",
    "worksheet": "the chosen exercises per variant, with room to write (needs --exercise)",
    "answer-key": "keys and rubrics per variant (teacher), with the role-play debrief key",
}
# Pages of a role-play kit besides one role card per agency: the client card (2),
# the observer sheet (2) and the facilitator sheet (3). Every sheet fits one page.
ROLEPLAY_FIXED_PAGES = 7
MAIN_TEMPLATE = "main.typ"


@cache
def handout_labels(lang: str) -> Mapping[str, Any]:
    """The handout texts of one language (``templates/<lang>/handouts.yaml``)."""
    return MappingProxyType(load_source(TEMPLATES / lang / "handouts.yaml").data)


def template_dir(lang: str) -> Path:
    """Where the Typst templates of one language live (the Typst project root)."""
    return TEMPLATES / lang / "handouts"


def without_title(markdown: str) -> str:
    """Drop the leading ``# title`` line: the sheet head already carries it."""
    first, _, rest = markdown.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else markdown


def role_priority(case: CaseView) -> tuple[AgencyView, ...]:
    """Agencies ordered by how many conflicts they are in (most first), then as listed."""
    count = {a.id: 0 for a in case.agencies}
    for c in case.conflicts:
        count[c.first.id] += 1
        count[c.second.id] += 1
    return tuple(sorted(case.agencies, key=lambda a: -count[a.id]))


def lasso_alt(case: CaseView) -> str:
    """What the lasso picture shows, in words: the image's text alternative in the PDF.

    Issue 13 gives :mod:`casetools.caseworld.lasso` a ``lasso_text`` (the same
    words the site shows); once it is there it is used, so site and paper say
    the same. Until then the sentence below says who throws which lasso and
    which demands clash.
    """
    describe = getattr(lasso, "lasso_text", None)
    if callable(describe):
        return " ".join(str(describe(case)).splitlines())
    demands = "; ".join(f"{a.name} vraagt: {a.demand}" for a in case.agencies)
    clashes = "; ".join(
        f"{n}. {c.first.name} botst met {c.second.name} ({c.kind_label})"
        for n, c in enumerate(case.conflicts, start=1)
    )
    return (
        f"Lassotekening van casusvariant {case.code}: {len(case.agencies)} instanties "
        f"gooien elk een lus om {case.client.full_name}. {demands}. "
        f"Botsende eisen: {clashes or 'geen'}."
    )


def _plain(value: Any) -> Any:
    """A view or record as JSON-ready data (tuples become lists, properties are left out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):  # the exercise metadata (rubrics) are pydantic models
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Mapping):
        return {str(k): _plain(x) for k, x in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(x) for x in value]
    return value


@dataclass(frozen=True, slots=True)
class VariantInput:
    """One variant of a pack, as its view."""

    case: CaseView


@dataclass(frozen=True)
class Pack:
    """A checked request for one pack: which variants, which exercises, which language."""

    name: str
    lang: str
    variants: tuple[VariantInput, ...]
    exercises: tuple[Exercise, ...]
    bibliography: Bibliography

    @property
    def codes(self) -> tuple[str, ...]:
        """The variant codes, in pack order."""
        return tuple(item.case.code for item in self.variants)

    @property
    def title(self) -> str:
        """The pack's title (also the PDF title)."""
        return str(handout_labels(self.lang)["packs"][self.name]["title"])

    def planned_pages(self, item: VariantInput) -> int | None:
        """The page count of a variant's document when it is fixed by design (role play)."""
        if self.name == "roleplay":
            return len(item.case.agencies) + ROLEPLAY_FIXED_PAGES
        return None

    def variant_data(self, item: VariantInput) -> dict[str, Any]:
        """Everything the templates print for one variant, as JSON-ready data."""
        case = item.case
        data: dict[str, Any] = {
            "code": case.code,
            "case": _plain(case),
            "priority": [a.id for a in role_priority(case)],
        }
        if self.name == "roleplay":
            data["lasso"] = lasso_svg(case)
            data["lasso_alt"] = lasso_alt(case)
        if self.name == "worksheet":
            data["description"] = to_typst(
                without_title(render_view_markdown(case)), self.bibliography
            )
        if self.name in ("worksheet", "answer-key"):
            audience: Audience = "student" if self.name == "worksheet" else "teacher"
            data["items"] = [self._exercise(ex, case, audience) for ex in self.exercises]
        return data

    def document_data(self, variants: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The whole pack as one JSON-ready document: the input of ``main.typ``.

        ``variants`` are the :meth:`variant_data` of the pack's variants when the
        caller made them already (one at a time, to show progress).
        """
        if variants is None:
            variants = [self.variant_data(item) for item in self.variants]
        return {
            "pack": self.name,
            "lang": self.lang,
            "title": self.title,
            "codes": list(self.codes),
            "t": _plain(handout_labels(self.lang)),
            "modules": [[k, title] for k, title in MODULES.items()],
            "exercises": [
                {"id": e.id, "title": e.title, "duration": e.duration} for e in self.exercises
            ],
            "variants": list(variants),
        }

    def _exercise(self, ex: Exercise, case: CaseView, audience: Audience) -> dict[str, Any]:
        r = render_exercise(ex, case, audience)

        # Under the sheet head (level 1) on a worksheet; under "Uitwerking" (level 3) in a key.
        level = 2 if audience == "student" else 4

        def markup(text: str | None) -> str | None:
            return to_typst(text, self.bibliography, level=level) if text else None

        return {
            "id": ex.id,
            "title": ex.title,
            "kind": ex.kind,
            "meta": r.meta,
            "prompt": markup(r.prompt) or "",
            "solution": markup(r.solution),
            "key": markup(r.key),
            "teacher_notes": markup(r.teacher_notes),
            "rubric": _plain(ex.rubric) if r.rubric and ex.rubric else None,
        }


def _exercises(
    library: Library | Callable[[], Library], exercise_ids: Sequence[str]
) -> list[Exercise]:
    """The exercises asked for, in order, without repeats (the library is loaded only if needed)."""
    if not exercise_ids:
        return []
    lib = library() if callable(library) else library
    exercises = []
    for ex_id in dict.fromkeys(exercise_ids):
        try:
            exercises.append(lib.get(ex_id))
        except KeyError:
            known = ", ".join(e.id for e in lib.exercises)
            msg = f"unknown exercise {ex_id!r} (known: {known})"
            raise UsageError(msg) from None
    return exercises


def make_pack(
    name: str,
    world: World,
    variants: Sequence[Variant],
    library: Library | Callable[[], Library],
    exercise_ids: Sequence[str],
    *,
    lang: str = "nl",
    bibliography: Bibliography | None = None,
) -> Pack:
    """Check a pack request and build the views; every refusal is a :class:`UsageError`.

    ``library`` may be a function that loads it: a pack without exercises (the
    role-play kit, the debrief key) then never parses the exercise files.
    """
    if name not in PACKS:
        msg = f"unknown pack {name!r} (known: {', '.join(PACKS)})"
        raise UsageError(msg)
    if not variants:
        msg = "a pack needs at least one variant"
        raise UsageError(msg)
    exercises = _exercises(library, exercise_ids)
    if name == "roleplay" and exercises:
        msg = "the roleplay pack takes no --exercise (use the worksheet or answer-key pack)"
        raise UsageError(msg)
    if name == "worksheet" and not exercises:
        msg = "the worksheet pack needs at least one --exercise (see casetools exercises)"
        raise UsageError(msg)
    items = tuple(VariantInput(build_view(world, variant, lang)) for variant in variants)
    return Pack(name, lang, items, tuple(exercises), bibliography or {})
