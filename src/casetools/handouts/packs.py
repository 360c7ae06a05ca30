"""Handout packs as HTML: one document per variant, plus a cover that names the codes.

A pack is what a trainer prints for a session: the role-play kit, worksheets
or answer keys, for a list of variant codes. Every variant becomes its own
HTML document (so its pages can be numbered "pagina x van y" on their own);
the cover lists the codes and where each one starts. The HTML comes from
Jinja templates in ``templates/<lang>/handouts/`` with autoescaping on, so a
name with ``<`` or ``&`` prints literally; exercise texts (MyST Markdown) see
names escaped for Markdown (unless the project's Markdown templates already
escape inserted values), so a backslash or ``*`` in a name prints literally too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from casetools import validate as v
from casetools.caseworld.lasso import lasso_svg
from casetools.caseworld.model import Variant
from casetools.caseworld.render import make_environment, render_view_markdown
from casetools.caseworld.views import TEMPLATES, AgencyView, CaseView, build_view, labels
from casetools.caseworld.world import World
from casetools.errors import ContentError, UsageError
from casetools.handouts.myst import Bibliography, to_html
from casetools.library.exercises import MODULES, Exercise, Library
from casetools.library.render import Audience, RenderedExercise, render_exercise
from casetools.yamlsource import load_source

PACKS: Mapping[str, str] = {
    "roleplay": "role-play kit per variant: client card, role cards, observer and facilitator sheets",
    "worksheet": "the chosen exercises per variant, with room to write (needs --exercise)",
    "answer-key": "keys and rubrics per variant (teacher), with the role-play debrief key",
}
# Pages of a role-play kit besides one role card per agency: the client card (2),
# the observer sheet (2) and the facilitator sheet (3). Every sheet fits one page.
ROLEPLAY_FIXED_PAGES = 7
STYLESHEET = "print.css"


@cache
def handout_labels(lang: str) -> Mapping[str, Any]:
    """The handout texts of one language (``templates/<lang>/handouts.yaml``)."""
    return v.frozen(load_source(TEMPLATES / lang / "handouts.yaml").data)


def template_dir(lang: str) -> Path:
    """Where the handout templates and the print stylesheet of one language live."""
    return TEMPLATES / lang / "handouts"


@cache
def _environment(folder: Path) -> jinja2.Environment:
    env = make_environment(jinja2.FileSystemLoader(folder), sandboxed=False)
    # HTML, not Markdown: autoescaping escapes every value that is not marked
    # safe, and no Markdown escaping may touch the HTML (set before any template
    # is compiled, as both settings are read at compile time).
    env.autoescape = True
    env.finalize = None
    env.filters["lower_first"] = lower_first
    return env


def lower_first(text: Any) -> str:
    """Lower-case the first letter only, to continue a sentence with a stored text."""
    value = str(text)
    return value[:1].lower() + value[1:]


def _unbroken_code(html: Markup, code: str | None) -> Markup:
    """Keep the variant code in one piece: never hyphenated at the end of a line."""
    if not code:
        return html
    return Markup(str(html).replace(code, f'<span class="code">{code}</span>'))


def _without_title(markdown: str) -> str:
    """Drop the leading ``# title`` line: the sheet head already carries it."""
    first, _, rest = markdown.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else markdown


@dataclass(frozen=True, slots=True)
class VariantInput:
    """One variant of a pack, as its view.

    Names in it need no escaping of their own: the Markdown templates print
    every inserted value literally (:func:`casetools.caseworld.render.markdown_literal`).
    """

    case: CaseView


@dataclass(frozen=True, slots=True)
class ExerciseParts:
    """A rendered exercise with its Markdown parts already turned into HTML."""

    rendered: RenderedExercise
    prompt: Markup
    solution: Markup | None
    key: Markup | None
    teacher_notes: Markup | None


def role_priority(case: CaseView) -> tuple[AgencyView, ...]:
    """Agencies ordered by how many conflicts they are in (most first), then as listed."""
    count = {a.id: 0 for a in case.agencies}
    for c in case.conflicts:
        count[c.first.id] += 1
        count[c.second.id] += 1
    return tuple(sorted(case.agencies, key=lambda a: -count[a.id]))


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

    def variant_html(self, item: VariantInput) -> str:
        """The HTML document of one variant."""
        case = item.case
        context: dict[str, Any] = {"case": case, "priority": role_priority(case)}
        if self.name == "roleplay":
            context["lasso"] = Markup(lasso_svg(case))  # the lasso escapes its own text
        if self.name == "worksheet":
            context["description"] = _unbroken_code(
                to_html(_without_title(render_view_markdown(item.case)), self.bibliography),
                case.code,
            )
        if self.name in ("worksheet", "answer-key"):
            audience: Audience = "student" if self.name == "worksheet" else "teacher"
            context["items"] = [self._exercise(ex, item, audience) for ex in self.exercises]
        return self._render(f"{self.name}.html.j2", code=case.code, **context)

    def cover_html(self, starts: Sequence[int], pages: Sequence[int]) -> str:
        """The cover: what the pack holds, and the first page and length of every code."""
        rows = list(zip((item.case for item in self.variants), starts, pages, strict=True))
        return self._render("cover.html.j2", code=None, rows=rows)

    def _exercise(self, ex: Exercise, item: VariantInput, audience: Audience) -> ExerciseParts:
        r = render_exercise(ex, item.case, audience)

        def html(text: str | None) -> Markup | None:
            return _unbroken_code(to_html(text, self.bibliography), r.code) if text else None

        return ExerciseParts(r, html(r.prompt) or Markup(), html(r.solution), html(r.key),
                             html(r.teacher_notes))  # fmt: skip

    def _render(self, name: str, *, code: str | None, **context: Any) -> str:
        folder = template_dir(self.lang)
        try:
            return _environment(folder).get_template(name).render(
                pack=self.name, lang=self.lang, code=code, codes=self.codes, title=self.title,
                t=handout_labels(self.lang), labels=labels(self.lang), modules=MODULES,
                exercises=self.exercises, **context,
            )  # fmt: skip
        except jinja2.TemplateSyntaxError as exc:
            where = Path(exc.filename) if exc.filename else folder / name
            raise ContentError(where, exc.lineno, "", f"template error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise ContentError(folder / str(exc.name), None, "", "template not found") from None
        except jinja2.TemplateError as exc:
            where, line = _template_frame(exc, folder / name)
            raise ContentError(where, line, "", f"template error: {exc.message}") from None


def _template_frame(exc: BaseException, default: Path) -> tuple[Path, int | None]:
    """The innermost template file and line in a traceback (Jinja maps them for us)."""
    where, line = default, None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where, line = Path(filename), tb.tb_lineno
        tb = tb.tb_next
    return where, line


def make_pack(
    name: str,
    world: World,
    variants: Sequence[Variant],
    library: Library,
    exercise_ids: Sequence[str],
    *,
    lang: str = "nl",
    bibliography: Bibliography | None = None,
) -> Pack:
    """Check a pack request and build the views; every refusal is a :class:`UsageError`."""
    if name not in PACKS:
        msg = f"unknown pack {name!r} (known: {', '.join(PACKS)})"
        raise UsageError(msg)
    if not variants:
        msg = "a pack needs at least one variant"
        raise UsageError(msg)
    exercises = []
    for ex_id in dict.fromkeys(exercise_ids):
        try:
            exercises.append(library.get(ex_id))
        except KeyError:
            known = ", ".join(e.id for e in library.exercises)
            msg = f"unknown exercise {ex_id!r} (known: {known})"
            raise UsageError(msg) from None
    if name == "roleplay" and exercises:
        msg = "the roleplay pack takes no --exercise (use the worksheet or answer-key pack)"
        raise UsageError(msg)
    if name == "worksheet" and not exercises:
        msg = "the worksheet pack needs at least one --exercise (see casetools exercises)"
        raise UsageError(msg)
    items = tuple(
        VariantInput(build_view(world, variant, lang))
        for variant in variants
    )  # fmt: skip
    return Pack(name, lang, items, tuple(exercises), bibliography or {})
