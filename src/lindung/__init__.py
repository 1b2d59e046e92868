"""lindung — employment social security: registry, contributions, coverage and benefits."""

__version__ = "0.1.0"
