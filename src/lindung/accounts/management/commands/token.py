from lindung.accounts.models import User
from lindung.accounts.tokens import api_token_issue, api_token_revoke
from lindung.commands import LindungCommand
from lindung.errors import DomainError


class Command(LindungCommand):
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
                self.fail(f"no active user {options['username']!r}")
            name = options["name"]
            if len(name) > 100:
                self.fail("--name: at most 100 characters")
            key = api_token_issue(actor=None, user=user, name=name)
            self.stdout.write(key)
            return
        try:
            token = api_token_revoke(actor=None, prefix=options["prefix"])
        except DomainError as exc:
            self.fail(exc.message)
        self.stdout.write(f"revoked {token.prefix}… of {token.user.username}")
