"""Command-line interface: a thin adapter over the casetools core.

Exit status: 0 success, 1 the content is wrong (a data file, a template, an
incoherent variant), 2 a usage error. Messages go to stderr as one line; no
traceback reaches a user for an expected error.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from typing import NoReturn

from casetools import __version__
from casetools.caseworld import codes
from casetools.errors import CasetoolsError, UsageError

MAX_STRESS = 1_000_000


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message`` without the usage block."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog.split()[0]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with one subcommand per contract command."""
    parser = _Parser(
        prog="casetools",
        description="Case variants for the course 'Het omgekeerde keukentafelgesprek'.",
    )
    parser.add_argument("--version", action="version", version=f"casetools {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    variant = sub.add_parser("variant", help="describe one case variant")
    variant.add_argument(
        "code", nargs="?", help="variant code (e.g. EM5K9NPM); omitted: a new random variant"
    )
    variant.add_argument(
        "--seed", type=_seed, help="draw the variant from a seed instead of a code"
    )
    variant.add_argument(
        "--lang", choices=("nl",), default="nl", help="language of the description"
    )
    variant.add_argument(
        "--format", choices=("md", "json"), default="md", help="Markdown (default) or JSON"
    )

    exercises = sub.add_parser("exercises", help="list the exercise library")
    exercises.add_argument("--module", help="only this module (slug, e.g. integraal-werken)")
    exercises.add_argument(
        "--kind",
        help="only this kind (analysis, reflection, role-play, quiz, signal-letter, discussion)",
    )
    exercises.add_argument(
        "--format", choices=("table", "json"), default="table", help="a table (default) or JSON"
    )

    render = sub.add_parser("render", help="render one exercise, for one variant and audience")
    render.add_argument("exercise", help="exercise id (see casetools exercises)")
    render.add_argument("--code", help="variant code; needed for exercises on a case variant")
    render.add_argument("--lang", choices=("nl",), default="nl", help="language")
    render.add_argument(
        "--audience",
        choices=("student", "teacher"),
        default="student",
        help="student (default) or teacher",
    )
    render.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML"
    )

    check = sub.add_parser(
        "check", help="validate all data and test coherence and fairness over many variants"
    )
    check.add_argument(
        "--stress",
        type=_stress,
        default=1000,
        metavar="N",
        help="number of variants (default 1000)",
    )

    handouts = sub.add_parser("handouts", help="print-ready PDF packs for variant codes")
    handouts.add_argument("pack", help="roleplay, worksheet, answer-key, or lesson (with MODULE)")
    handouts.add_argument(
        "module",
        nargs="?",
        metavar="MODULE",
        help="lesson only: the module whose lesson kit to print",
    )
    handouts.add_argument("--count", type=int, metavar="N", help="the first N gallery codes")
    handouts.add_argument("--codes", metavar="C1,C2,...", help="variant codes, comma-separated")
    handouts.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="exercise id (repeatable); answer-key without it: the role-play debrief key only",
    )
    handouts.add_argument("--lang", choices=("nl",), default="nl", help="language")
    handouts.add_argument("--out", required=True, metavar="DIR", help="output folder")

    from casetools.cli.export import add_parser as add_export

    add_export(sub)
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        msg = f"seed must be a whole number, not {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if not 0 <= value < codes.SEED_LIMIT:
        msg = f"seed must be between 0 and {codes.SEED_LIMIT - 1}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _stress(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        msg = f"--stress needs a whole number, not {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if not 1 <= value <= MAX_STRESS:
        msg = f"--stress must be between 1 and {MAX_STRESS}"
        raise argparse.ArgumentTypeError(msg)
    return value


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one return per command
    """Run the CLI and return the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.command == "variant":
            return cmd_variant(args)
        if args.command == "exercises":
            from casetools.cli.exercises import cmd_exercises

            return cmd_exercises(args)
        if args.command == "render":
            from casetools.cli.exercises import cmd_render

            return cmd_render(args)
        if args.command == "handouts":
            from casetools.cli.handouts import cmd_handouts

            return cmd_handouts(args)
        if args.command == "export":
            from casetools.cli.export import cmd_export

            return cmd_export(args)
        return cmd_check(args)
    except CasetoolsError as exc:
        print(f"casetools: error: {exc}", file=sys.stderr)  # noqa: T201
        return exc.exit_status


def cmd_variant(args: argparse.Namespace) -> int:
    """``casetools variant``: print one variant as Markdown or JSON."""
    from casetools.caseworld.generate import generate
    from casetools.caseworld.render import render_json, render_markdown
    from casetools.caseworld.world import load_world
    from casetools.paths import course_root, world_dir

    if args.code is not None and args.seed is not None:
        msg = "give a code or --seed, not both"
        raise UsageError(msg)
    if args.code is not None:
        seed = codes.decode(args.code)
    elif args.seed is not None:
        seed = args.seed
    else:
        seed = secrets.randbelow(codes.SEED_LIMIT)
    world = load_world(world_dir(course_root()))
    variant = generate(world, seed)
    text = (
        render_json(variant)
        if args.format == "json"
        else render_markdown(world, variant, args.lang)
    )
    sys.stdout.write(text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``casetools check``: validate, stress-test coherence, report fairness."""
    from casetools.cli.check import run_check

    return run_check(args.stress, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
