"""``casetools export moodle|qti``: the exercise library as a question bank for an LMS.

Everything a user can get wrong is checked before a question is rendered: the
format, the codes or count, the modules and exercises (an unknown one is
refused with the list of valid ids) and whether the target can be written.
The file is then written atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casetools.errors import UsageError

FORMATS = ("moodle", "qti")


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``export`` on the main parser."""
    export = sub.add_parser(
        "export", help="a question bank for a learning environment (Moodle XML or QTI)"
    )
    export.add_argument("format", help="moodle (Moodle XML) or qti (IMS content package)")
    export.add_argument("--count", type=int, metavar="N", help="the first N gallery codes")
    export.add_argument("--codes", metavar="C1,C2,...", help="variant codes, comma-separated")
    export.add_argument(
        "--module", action="append", default=[], metavar="M", help="only this module (repeatable)"
    )
    export.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="only this exercise (repeatable)",
    )
    export.add_argument("--lang", choices=("nl",), default="nl", help="language")
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="FILE.xml (moodle) or FILE.zip (qti; QTI 3.0 goes to FILE-qti3.zip beside it)",
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Check the request, build the bank and write it."""
    from casetools.atomic import check_target, write_atomic
    from casetools.caseworld.generate import generate
    from casetools.caseworld.views import build_view
    from casetools.caseworld.world import load_world
    from casetools.cli.exercises import library
    from casetools.cli.handouts import seeds_from
    from casetools.export.bank import build_bank, select_exercises
    from casetools.library.citations import bibliography, plain_citations
    from casetools.paths import course_root, world_dir

    if args.format not in FORMATS:
        msg = f"unknown export format {args.format!r} (valid: {', '.join(FORMATS)})"
        raise UsageError(msg)
    seeds = seeds_from(args.count, args.codes)
    exercises = select_exercises(library(), args.module, args.exercise)
    target = check_target(Path(args.out))
    qti3 = check_target(qti3_path(target)) if args.format == "qti" else None
    root = course_root()
    world = load_world(world_dir(root))
    cases = (
        [build_view(world, generate(world, s), args.lang) for s in seeds]
        if any(ex.uses_variant and not ex.quiz for ex in exercises)
        else []
    )
    bib_path = root / "course" / "references.bib"
    bib = bibliography(bib_path) if bib_path.exists() else {}
    questions = build_bank(exercises, cases, lambda text: plain_citations(text, bib))
    if args.format == "moodle":
        from casetools.export.moodle import moodle_xml

        write_atomic(target, moodle_xml(questions))
        written = [target]
    else:
        from casetools.export.qti import qti_package

        assert qti3 is not None
        write_atomic(target, qti_package(questions, "2.1"))
        write_atomic(qti3, qti_package(questions, "3.0"))
        written = [target, qti3]
    variants = len({q.code for q in questions if q.code})
    print(  # noqa: T201
        f"{', '.join(map(str, written))}: {len(questions)} vragen uit {len(exercises)} opgaven"
        f" ({variants} varianten)",
        file=sys.stderr,
    )
    return 0


def qti3_path(target: Path) -> Path:
    """Where the QTI 3.0 package goes: beside the QTI 2.1 one, ``NAME-qti3.zip``."""
    return target.with_name(f"{target.stem}-qti3{target.suffix or '.zip'}")
