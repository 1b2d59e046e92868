"""The REST API under /api/v1/. Each app contributes a router from its own `api.py`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lindung.api.auth import AUTH
from lindung.errors import Conflict, DomainError, NotFound

api = NinjaAPI(
    title="lindung API",
    version="1",
    description="Employment social security: registry, contributions, coverage and benefits.",
    auth=AUTH,
    urls_namespace="api",
)


def _detail(
    request: HttpRequest,
    status: int,
    details: list[dict],
) -> HttpResponse:
    return api.create_response(request, {"detail": details}, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
        details.append({"field": ".".join(loc) or None, "message": err.get("msg", "invalid")})
    return _detail(request, 422, details)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 404 if isinstance(exc, NotFound) else 409 if isinstance(exc, Conflict) else 422
    return _detail(request, status, exc.as_details())


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, 403, [{"field": None, "message": str(exc) or "not allowed"}])


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, 404, [{"field": None, "message": str(exc) or "not found"}])


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _detail(request, 401, [{"field": None, "message": "authentication required"}])


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _detail(request, exc.status_code, [{"field": None, "message": str(exc)}])


def _register_routers() -> None:
    """Each lindung app with an `api.py` defining `router` contributes its endpoints."""
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("lindung.") or config.name == "lindung.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router("/", module.router)


_register_routers()
