"""The `kg` command: the one place that prints and chooses exit codes.

0 done, 1 the graph violates the shapes, 2 bad input or usage."""
from __future__ import annotations

import sys

from kg.cli import building, using
from kg.cli.exits import EXIT_INPUT, EXIT_INVALID, EXIT_OK, err
from kg.cli.parser import parser
from kg.errors import GovkgError

__all__ = ["main", "EXIT_OK", "EXIT_INVALID", "EXIT_INPUT"]

COMMANDS = {**building.COMMANDS, **using.COMMANDS}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        err("interrupted; files already written are complete, the one in progress was not written")
        return 130
    except GovkgError as exc:  # something the user can fix, said in one line
        err(str(exc))
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
