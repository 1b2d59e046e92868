from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lindung.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
