"""The base of every `lindung` command: bad arguments give one line on stderr and exit 2
(conventions.md), instead of argparse's usage block; `fail()` does the same from `handle()`."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser


def fail(message: str) -> NoReturn:
    sys.stderr.write(message.rstrip() + "\n")
    raise SystemExit(2)


class OneLineParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        fail(f"{self.prog}: {message}")

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", OneLineParser)
        return super().add_subparsers(**kwargs)


def _one_line(parser: argparse.ArgumentParser) -> None:
    """Give `parser` and every subparser under it one-line errors."""
    parser.__class__ = OneLineParser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _one_line(sub)


class LindungCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _one_line(parser)
        return parser

    def fail(self, message: str) -> NoReturn:
        fail(message)
