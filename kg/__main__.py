"""`python -m kg`: the `kg` command, for when the script is not on the PATH."""
import sys

from kg.cli import main

sys.exit(main())
