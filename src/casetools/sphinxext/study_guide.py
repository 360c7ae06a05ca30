"""The ``study-guide`` and ``assessment-plan`` directives: the studiewijzer page from data.

Usage in MyST::

    ```{study-guide}
    ```

    ```{assessment-plan}
    ```

Both render ``course/studiewijzer.yaml`` and ``course/toetsplan.yaml`` (see
:mod:`casetools.library.studyguide`) as tables, in both editions: students must
know how they are assessed. Goal texts are read from the module pages, so a
reworded goal shows up here without editing the plan.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from casetools.errors import CasetoolsError
from casetools.library.exercises import MODULES, Library
from casetools.library.lessons import LESSONS_DIR, load_lessons
from casetools.library.studyguide import (
    ASSESSMENT_PLAN,
    MODULE_PAGES,
    STATUS_LABELS,
    STUDY_GUIDE,
    AssessmentPlan,
    StudyGuide,
    check_goal_counts,
    load_assessment_plan,
    load_study_guide,
    module_goals,
    module_workload,
)
from casetools.sphinxext.resources import course_root, resources
from casetools.sphinxext.warnings import Subtype

logger = logging.getLogger(__name__)
DASH = "\N{EN DASH}"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _module_link(slug: str) -> str:
    number = list(MODULES).index(slug)
    return f"{{doc}}`{number}. {MODULES[slug]} </{MODULE_PAGES.as_posix()}/{slug}>`"


def _exercise_link(library: Library, ex_id: str) -> str:
    return f"{{ref}}`{_one_line(library.get(ex_id).title)} <ex-{ex_id}>`"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".replace(".", ",")


def study_guide_myst(root: Path, guide: StudyGuide, library: Library) -> str:
    """Study load per module, prior knowledge, the weekly schedule and exercise statuses."""
    lessons = load_lessons(root, library)
    lines = [
        (
            f"**Studielast.** De cursus is {guide.ec} EC, dat is {guide.total_hours} uur "
            f"({guide.hours_per_ec} uur per EC). De tabel telt per module wat verplicht is: de les, "
            "de leestijd uit het lesplan en de kern- en toetsopgaven buiten de les (in uren). "
            "Wat overblijft, is ruimte voor keuzeopgaven, de aanvullende toetsvragen, herhalen "
            "en de primaire bronnen."
        ),
        "",
        "| module | week | studie-uren | les | lezen | opgaven | verplicht samen | ruimte |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    totals = {"contact": 0, "reading": 0, "exercises": 0}
    for slug in MODULES:
        load = guide.modules[slug]
        work = module_workload(slug, guide, library, lessons[slug])
        for k in totals:
            totals[k] += work[k]
        used = sum(work.values())
        weeks = ", ".join(str(w) for w in load.weeks)
        lines.append(
            f"| {_module_link(slug)} | {weeks} | {load.hours} | {_hours(work['contact'])} "
            f"| {_hours(work['reading'])} | {_hours(work['exercises'])} | {_hours(used)} "
            f"| {_hours(load.hours * 60 - used)} |"
        )
    used = sum(totals.values())
    lines += [
        (
            f"| **totaal** | 1{DASH}10 | **{guide.total_hours}** | {_hours(totals['contact'])} "
            f"| {_hours(totals['reading'])} | {_hours(totals['exercises'])} | {_hours(used)} "
            f"| {_hours(guide.total_hours * 60 - used)} |"
        ),
        "",
        "**Voorkennis.**",
        "",
        *(f"- {_one_line(p)}" for p in guide.prior_knowledge),
        "",
        "**Weekschema.**",
        "",
        "| week | module | wat er gebeurt | inleveren |",
        "| --- | --- | --- | --- |",
    ]
    for week in guide.weeks:
        mods = ", ".join(_module_link(m) for m in week.modules) or DASH
        deadlines = _one_line(week.deadlines) if week.deadlines else DASH
        lines.append(f"| {week.week} | {mods} | {_one_line(week.plan)} | {deadlines} |")
    lines += [
        "",
        "**Voorbereiding per les.** Wat je vóór de les leest of maakt; de les bouwt erop voort.",
        "",
        "| les | wat je vooraf doet | minuten |",
        "| --- | --- | --- |",
    ]
    for slug in MODULES:
        for prep in lessons[slug].preparation:
            what = _one_line(prep.what)
            if prep.sections:
                quoted = ", ".join(f"*{_one_line(x)}*" for x in prep.sections)
                page = f" op {{doc}}`/{prep.page}`" if prep.page else ""
                what += f" Secties: {quoted}{page}."
            lines.append(f"| {_module_link(slug)} | {what} | {prep.minutes} |")
    lines += [
        "",
        (
            "**Opgaven per module.** *Kern* maakt iedereen (in de les of als voorbereiding), "
            "*getoetst* telt mee voor het cijfer, *keuze* is extra oefening. Tussen haakjes "
            "staat de tijd in minuten uit de opgave zelf."
        ),
        "",
        "| module | kern | getoetst | keuze |",
        "| --- | --- | --- | --- |",
    ]
    for slug in MODULES:
        cells = []
        for status in ("kern", "toets", "keuze"):
            items = [
                f"{_exercise_link(library, e.id)} ({e.duration})"
                for e in library.select(module=slug)
                if guide.exercises[e.id] == status
            ]
            cells.append("; ".join(items) or DASH)
        lines.append(f"| {_module_link(slug)} | {' | '.join(cells)} |")
    lines.append("")
    return "\n".join(lines)


def assessment_plan_myst(
    root: Path, plan: AssessmentPlan, guide: StudyGuide, library: Library
) -> str:
    """The assessments with their rules, and every goal mapped to practice and assessment."""
    lines = [
        "| toets | vorm | weging | wanneer | opdrachten |",
        "| --- | --- | --- | --- | --- |",
    ]
    for a in plan.assessments:
        exercises = "; ".join(_exercise_link(library, e) for e in a.exercises)
        lines.append(
            f"| **{_one_line(a.name)}** | {_one_line(a.form)} | {a.weight}% "
            f"| {_one_line(a.when)} | {exercises} |"
        )
    lines += ["", f"**Cursus gehaald.** {_one_line(plan.course_pass_rule)}", ""]
    for a in plan.assessments:
        lines += [
            f"**{_one_line(a.name)}**",
            "",
            f"- *Beoordeling.* {_one_line(a.grading)}",
            f"- *Voldoende.* {_one_line(a.pass_rule)}",
            f"- *Herkansing.* {_one_line(a.resit)}",
        ]
        if a.group_work:
            lines.append(f"- *Groepswerk en individueel cijfer.* {_one_line(a.group_work)}")
        lines.append("")
    status = {e: STATUS_LABELS[s] for e, s in guide.exercises.items()}
    lines += [
        (
            "**Leerdoelen, oefening en toetsing.** Elk leerdoel van elke module, met de opgaven "
            "waarin je het oefent en de toets waarin het meetelt."
        ),
        "",
        "| module | doel | geoefend in | getoetst in | toelichting |",
        "| --- | --- | --- | --- | --- |",
    ]
    for slug in MODULES:
        goals = module_goals(root, slug)
        for n, (goal, link) in enumerate(zip(goals, plan.goals[slug], strict=True), start=1):
            practised = "; ".join(
                f"{_exercise_link(library, e)} ({status[e]})" for e in link.practised
            )
            assessed = "; ".join(_exercise_link(library, e) for e in link.assessed)
            note = _one_line(link.note) if link.note else DASH
            lines.append(
                f"| {_module_link(slug)} | {n}. {_one_line(goal)} | {practised} "
                f"| {assessed} | {note} |"
            )
    lines.append("")
    return "\n".join(lines)


class _DataDirective(SphinxDirective):
    has_content = False

    def _load(self) -> tuple[Path, Library, StudyGuide, AssessmentPlan]:
        root = course_root(self.env.app)
        for path in (
            root / STUDY_GUIDE,
            root / ASSESSMENT_PLAN,
            *sorted((root / LESSONS_DIR).glob("*.yaml")),
            *sorted((root / MODULE_PAGES).glob("*.md")),
        ):
            self.env.note_dependency(str(path))
        library = resources(self.env.app).library
        guide = load_study_guide(root, library)
        plan = load_assessment_plan(root, library, guide)
        check_goal_counts(root, plan)
        return root, library, guide, plan

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning(
            message, location=self.get_location(), type="casetools", subtype=Subtype.CONTENT.value
        )
        return []


class StudyGuideDirective(_DataDirective):
    """Render the study load, prior knowledge, weekly schedule and exercise statuses."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated MyST into the page."""
        try:
            root, library, guide, _plan = self._load()
            text = study_guide_myst(root, guide, library)
        except CasetoolsError as exc:
            return self._warn(str(exc))
        container = nodes.container(classes=["casetools-study-guide"])
        container += self.parse_text_to_nodes(text)
        return [container]


class AssessmentPlanDirective(_DataDirective):
    """Render the toetsplan: assessments, rules and the goal mapping."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated MyST into the page."""
        try:
            root, library, guide, plan = self._load()
            text = assessment_plan_myst(root, plan, guide, library)
        except CasetoolsError as exc:
            return self._warn(str(exc))
        container = nodes.container(classes=["casetools-assessment-plan"])
        container += self.parse_text_to_nodes(text)
        return [container]
