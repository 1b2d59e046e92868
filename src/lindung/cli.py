"""The `lindung` console command: Django management commands under friendlier names.

`lindung load-regions` runs the management command `load_regions`; `lindung import ...` runs
`import_data` (``import`` is a Python keyword). `lindung --help` lists lindung's own commands first.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_data"}


def command_name(cli_name: str) -> str:
    return ALIASES.get(cli_name, cli_name.replace("-", "_"))


def cli_name(command: str) -> str:
    reverse = {v: k for k, v in ALIASES.items()}
    return reverse.get(command, command.replace("_", "-"))


def _print_help() -> None:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    ours = sorted((name, app) for name, app in get_commands().items() if app.startswith("lindung."))
    print("usage: lindung COMMAND [options]   (lindung COMMAND --help for a command's options)\n")
    print("lindung commands:")
    for name, app in ours:
        help_text = (load_command_class(app, name).help or "").strip().splitlines()
        print(f"  {cli_name(name):<22} {help_text[0] if help_text else ''}")
    print("\nDjango commands used by lindung: migrate, runserver, createsuperuser, shell, check, ...")
    print("Settings come from the environment: DATABASE_URL (empty = SQLite in var/).")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) < 2 or (args[1] in {"-h", "--help", "help"} and len(args) == 2):
        _print_help()
        return
    args[0] = "lindung"  # the name shown in usage and error lines, however we were started
    args[1] = command_name(args[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
