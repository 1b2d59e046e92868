import sys
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import User
from lindung.accounts.tokens import api_token_issue, api_token_revoke
from lindung.errors import DomainError


class Command(BaseCommand):
    help = "API tokens: lindung token issue USERNAME [--name N] | lindung token revoke PREFIX."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="create a token and print its key (shown only this once)")
        issue.add_argument("username")
        issue.add_argument("--name", default="", help="what the token is for")
        revoke = sub.add_parser("revoke", help="revoke the token whose key starts with PREFIX")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options):
        if action == "issue":
            user = User.objects.filter(username=options["username"]).first()
            if user is None or not user.is_active:
                self._fail(f"no active user {options['username']!r}")
            name = options["name"]
            if len(name) > 100:
                self._fail("--name: at most 100 characters")
            key = api_token_issue(actor=None, user=user, name=name)
            self.stdout.write(key)
            return
        try:
            token = api_token_revoke(actor=None, prefix=options["prefix"])
        except DomainError as exc:
            self._fail(exc.message)
        self.stdout.write(f"revoked {token.prefix}… of {token.user.username}")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(2)

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Argument errors raise CommandError (one line on stderr, below) instead of argparse's
        # usage dump.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for p in [parser, *parser._subparsers._group_actions[0].choices.values()]:  # type: ignore[union-attr]
            p.called_from_command_line = False
        return parser

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError as exc:  # argparse problems: exit 2 with one line
            self.stderr.write(str(exc))
            sys.exit(2)
