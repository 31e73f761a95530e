"""The stages from a report to a validated graph: read, extract, consolidate, map, check, and many reports at once."""
