"""What pytest leaves out of the doctest run over kg/: kg/__main__.py runs the CLI when imported."""

collect_ignore = ["kg/__main__.py"]
