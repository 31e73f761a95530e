"""How the `kg` command ends: its exit codes, and the one line it says a problem in."""
from __future__ import annotations

import sys

EXIT_OK, EXIT_INVALID, EXIT_INPUT = 0, 1, 2


def err(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)
