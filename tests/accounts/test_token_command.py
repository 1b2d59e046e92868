"""`lindung token issue USERNAME [--name N]` prints a key once; `lindung token revoke PREFIX`."""

import io

import pytest
from django.core.management import call_command

from lindung.accounts.models import ApiToken
from lindung.accounts.tokens import api_token_user
from lindung.audit.models import AuditEvent
from lindung.cli import main


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_issue_prints_a_key_that_authenticates_and_revoke_ends_it(users):
    officer = users.officer(username="petugas9")
    key, _ = run("issue", "petugas9", "--name", "laporan")
    assert api_token_user(key) == officer
    token = ApiToken.objects.get()
    assert token.name == "laporan" and key not in (token.digest, token.prefix)  # only the hash is kept
    out, _ = run("revoke", key[:8])
    assert out == f"revoked {key[:8]}… of petugas9"
    assert api_token_user(key) is None
    actions = AuditEvent.objects.filter(object_type="accounts.apitoken").values_list("action", flat=True)
    assert list(actions) == ["api_token.revoke", "api_token.issue"]


def test_unknown_user_and_prefix_exit_2_with_one_line(users, capsys):
    with pytest.raises(SystemExit) as caught:
        run("issue", "nobody")
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        run("revoke", "abcdefgh")
    assert caught.value.code == 2


def test_bad_arguments_exit_2(db, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["lindung", "token", "frobnicate"])
    assert caught.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
