from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianByDefaultMiddleware:
    """Pages speak Bahasa Indonesia unless the user picked English with the language switch
    (a cookie); a browser's Accept-Language alone does not change the page language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
