"""``python -m casetools.audit --stress N``: audit seeds 1..N and print the count per invariant.

Exit status 0 when no invariant is violated, 1 when one is, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys

from casetools.audit.stress import audit_seeds
from casetools.errors import CasetoolsError


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the audit, print the report."""
    parser = argparse.ArgumentParser(prog="python -m casetools.audit", description=__doc__)
    parser.add_argument("--stress", type=int, default=2000, metavar="N", help="number of seeds")
    parser.add_argument("--start", type=int, default=1, metavar="S", help="first seed (default 1)")
    args = parser.parse_args(argv)
    if args.stress < 1 or args.start < 0:
        parser.error("--stress must be at least 1 and --start at least 0")
    try:
        report = audit_seeds(range(args.start, args.start + args.stress))
    except CasetoolsError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return exc.exit_status
    print("\n".join(report.lines()))  # noqa: T201
    return 1 if report.total else 0


if __name__ == "__main__":
    sys.exit(main())
