"""Demo data for `make run`. Each app adds its part with `@demo_step(order)`; `lindung demo` runs
them in order. Steps must be idempotent: running the demo twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lindung.jobs.progress import Progress

DemoStep = Callable[[Progress], str]
_STEPS: list[tuple[int, str, DemoStep]] = []

DEMO_PASSWORD = "lindung-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


DEMO_LOGINS: list[DemoLogin] = []


def demo_step(order: int) -> Callable[[DemoStep], DemoStep]:
    def register(fn: DemoStep) -> DemoStep:
        _STEPS.append((order, fn.__module__ + "." + fn.__name__, fn))
        return fn

    return register


def demo_steps() -> list[tuple[int, str, DemoStep]]:
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("lindung."):
            try:
                import_module(f"{config.name}.demo_data")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo_data":
                    raise
    return sorted(_STEPS, key=lambda s: (s[0], s[1]))
