import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_in_indonesian_and_switch_to_english(page, users):
    users.officer(username="petugas1")
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "Masuk"  # redirected to the sign-in page, Indonesian by default
    browser_login(page, "petugas1")
    assert page.locator("h1").inner_text() == "Selamat datang, petugas1"
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("h1").inner_text() == "Welcome, petugas1"


def test_wrong_password_is_refused(page, users):
    users.officer(username="petugas2")
    browser_login(page, "petugas2", "wrong-password")
    assert "Nama pengguna atau kata sandi salah." in page.content()
