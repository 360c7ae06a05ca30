"""``casetools handouts``: print-ready PDF packs for trainers and teachers.

Everything a user can get wrong is checked before any page is rendered: the
pack (or the lesson's module), the codes or count, the exercises, and whether
the output folder can be written. Then the pack is rendered (with a progress
bar on stderr for more than a few variants) and written atomically to
``DIR/<pack>.pdf``; ``casetools handouts lesson MODULE`` writes the lesson kit
``DIR/lesmap-<module>.pdf``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from casetools.atomic import writable_folder
from casetools.caseworld import codes
from casetools.errors import UsageError

if TYPE_CHECKING:
    from casetools.handouts.packs import Pack
    from casetools.library.exercises import Library

MAX_COUNT = 500
LESSON = "lesson"  # casetools handouts lesson MODULE: the lesson kit of one module
PROGRESS_FROM = 4  # show a progress bar for packs of more than three variants
FIRST_SEED = 1  # the variant gallery's first seed (casetools_gallery_first_seed)


def seeds_from(count: int | None, code_list: str | None) -> list[int]:
    """The seeds asked for: ``--count N`` (gallery seeds) or ``--codes`` (checked codes)."""
    if (count is None) == (code_list is None):
        msg = "give either --count N or --codes C1,C2,... (exactly one of them)"
        raise UsageError(msg)
    if count is not None:
        if not 1 <= count <= MAX_COUNT:
            msg = f"--count must be between 1 and {MAX_COUNT}, not {count}"
            raise UsageError(msg)
        return list(range(FIRST_SEED, FIRST_SEED + count))
    assert code_list is not None
    items = [c.strip() for c in code_list.split(",") if c.strip()]
    if not items:
        msg = "--codes is empty: give one or more variant codes separated by commas"
        raise UsageError(msg)
    if len(items) > MAX_COUNT:
        msg = f"--codes lists {len(items)} codes; at most {MAX_COUNT} fit in one pack"
        raise UsageError(msg)
    return list(dict.fromkeys(codes.decode(c) for c in items))


def cmd_handouts(args: argparse.Namespace) -> int:
    """Check the request, render the pack and write ``DIR/<pack>.pdf`` (or the lesson kit)."""
    from casetools.caseworld.generate import generate
    from casetools.caseworld.world import load_world
    from casetools.handouts.packs import PACKS, make_pack
    from casetools.library.citations import bibliography
    from casetools.paths import course_root, world_dir

    lesson = args.pack == LESSON
    if not lesson and args.pack not in PACKS:
        msg = f"unknown pack {args.pack!r} (known: {', '.join([*PACKS, LESSON])})"
        raise UsageError(msg)
    if lesson and not args.module:
        msg = "give the module of the lesson: casetools handouts lesson MODULE --count N --out DIR"
        raise UsageError(msg)
    if not lesson and args.module:
        msg = f"the {args.pack} pack takes no module (only: casetools handouts lesson MODULE)"
        raise UsageError(msg)
    if lesson and args.exercise:
        msg = "a lesson kit takes no --exercise: the lesson plan names its exercises"
        raise UsageError(msg)
    seeds = seeds_from(args.count, args.codes)
    root = course_root()
    bib_path = root / "course" / "references.bib"
    needs_bib = bib_path.exists() and (args.exercise or lesson)
    bib = bibliography(bib_path) if needs_bib else {}
    world = load_world(world_dir(root))
    variants = [generate(world, s) for s in seeds]
    pack: Pack

    def library() -> Library:  # imported and parsed only when the pack has exercises
        from casetools.cli.exercises import library

        return library()

    if lesson:
        from casetools.handouts.lessons import find_lesson, make_lesson_kit

        lib = library()
        plan = find_lesson(root, args.module, lib)
        pack = make_lesson_kit(plan, world, variants, lib, lang=args.lang, bibliography=bib)
        name = f"lesmap-{args.module}.pdf"
    else:
        pack = make_pack(
            args.pack, world, variants, library, args.exercise, lang=args.lang, bibliography=bib
        )
        name = f"{args.pack}.pdf"
    target = writable_folder(Path(args.out)) / name
    return _write(pack, target, args.pack)


def _write(pack: Pack, target: Path, label: str) -> int:
    """Typeset ``pack`` to ``target`` with a progress bar for more than a few variants."""
    from casetools.handouts.pdf import write_pack

    if len(pack.variants) < PROGRESS_FROM:
        result = write_pack(pack, target)
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        columns = (
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(),
        )  # fmt: skip
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(f"{label}: varianten", total=len(pack.variants))
            result = write_pack(
                pack,
                target,
                lambda _code: bar.advance(task),
                lambda: bar.update(task, description=f"{label}: opmaak (Typst)"),
            )
    for warning in result.warnings:
        print(f"casetools: warning: Typst: {warning}", file=sys.stderr)  # noqa: T201
    if result.overflows:
        print(  # noqa: T201
            f"casetools: warning: a sheet runs over its page in {', '.join(result.overflows)}; "
            "the page numbers are right, but a card no longer fits on one page",
            file=sys.stderr,
        )
    shown = ", ".join(pack.codes[:6]) + (", ..." if len(pack.codes) > 6 else "")  # noqa: PLR2004
    print(  # noqa: T201
        f"{result.path}: {result.total_pages} pagina's, {len(pack.codes)} varianten ({shown})",
        file=sys.stderr,
    )
    return 0
