"""The exercise commands of the CLI: ``casetools exercises`` and ``casetools render``."""

from __future__ import annotations

import argparse
import json
import sys
from html import escape

from rich.console import Console
from rich.table import Table

from casetools.caseworld import codes
from casetools.errors import UsageError
from casetools.library.citations import bibliography, plain_citations
from casetools.library.exercises import KINDS, MODULES, Exercise, Library, load_library
from casetools.library.render import render_exercise, to_markdown
from casetools.paths import course_root


def library() -> Library:
    """Load the course's exercise library."""
    return load_library(course_root() / "exercises")


def exercise_record(ex: Exercise) -> dict[str, object]:
    """The metadata of one exercise, as JSON-ready data."""
    return {
        "id": ex.id,
        "title": ex.title,
        "module": ex.module,
        "kind": ex.kind,
        "bloom": ex.bloom,
        "duration": ex.duration,
        "group_size": ex.group_size,
        "mode": ex.mode,
        "uses_variant": ex.uses_variant,
        "sources": list(ex.sources),
    }


def cmd_exercises(args: argparse.Namespace) -> int:
    """List exercises, filtered by module and kind."""
    if args.module is not None and args.module not in MODULES:
        msg = f"unknown module {args.module!r} (known: {', '.join(MODULES)})"
        raise UsageError(msg)
    if args.kind is not None and args.kind not in KINDS:
        msg = f"unknown kind {args.kind!r} (known: {', '.join(KINDS)})"
        raise UsageError(msg)
    selected = library().select(args.module, args.kind)
    if args.format == "json":
        sys.stdout.write(
            json.dumps([exercise_record(e) for e in selected], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    table = Table(title=f"{len(selected)} opgaven")
    for column in ("id", "titel", "module", "soort", "Bloom", "min", "vorm", "variant"):
        table.add_column(column)
    for e in selected:
        table.add_row(
            e.id,
            e.title,
            e.module,
            e.kind,
            e.bloom,
            str(e.duration),
            e.mode,
            "ja" if e.uses_variant else "",
        )
    Console(file=sys.stdout, width=160).print(table)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    """Render one exercise as Markdown or HTML."""
    from casetools.caseworld.generate import generate
    from casetools.caseworld.views import build_view
    from casetools.caseworld.world import load_world
    from casetools.paths import world_dir

    lib = library()
    try:
        ex = lib.get(args.exercise)
    except KeyError:
        msg = f"unknown exercise {args.exercise!r} (see casetools exercises)"
        raise UsageError(msg) from None
    case = None
    if ex.uses_variant:
        if args.code is None:
            msg = f"exercise {ex.id} is built on a case variant: give --code"
            raise UsageError(msg)
        world = load_world(world_dir(course_root()))
        case = build_view(world, generate(world, codes.decode(args.code)), args.lang)
    elif args.code is not None:
        codes.decode(args.code)  # a mistyped code is still refused
    bib_path = course_root() / "course" / "references.bib"
    text = to_markdown(render_exercise(ex, case, args.audience))
    if bib_path.exists():
        text = plain_citations(text, bibliography(bib_path))
    if args.format == "html":
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark").enable("table").render(text)
        text = f'<!doctype html>\n<html lang="{args.lang}"><meta charset="utf-8"><title>{escape(ex.title)}</title>\n<body>\n{body}</body></html>\n'
    sys.stdout.write(text)
    return 0
