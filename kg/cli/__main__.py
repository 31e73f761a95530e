"""`python -m kg.cli`: the `kg` command, as the tests and the serve workers start it."""
import sys

from kg.cli import main

sys.exit(main())
