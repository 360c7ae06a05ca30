"""Command-line interface: a thin adapter over the casetools core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from casetools import __version__


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subcommand per contract command."""
    parser = argparse.ArgumentParser(prog="casetools", description=__doc__)
    parser.add_argument("--version", action="version", version=f"casetools {__version__}")
    parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit status (0 ok, 1 content error, 2 usage)."""
    parser = build_parser()
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
