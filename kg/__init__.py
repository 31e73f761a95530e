"""govkg: Chinese government work reports to validated RDF knowledge graphs."""
__version__ = "0.1.0"
