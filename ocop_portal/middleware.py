from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office computer with an English
    Windows would get the English interface; the portal is Vietnamese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulBytesMiddleware:
    """Answers 400 to a request whose path or GET/POST parameters (names or values) contain a NUL character.

    PostgreSQL text cannot hold NUL, and psycopg raises ``ValueError`` on any query that carries one (a 500 for
    ``/areas/?q=%00``). No legitimate form or filter sends it, so it is refused before any view runs: as JSON
    (``{"detail": ...}``) under ``/api/``, as plain text elsewhere. Files in uploads are not parameters and are not
    looked at."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = (
                "\x00" in request.path or _has_nul(request.GET) or (self._has_form(request) and _has_nul(request.POST))
            )
        except MultiPartParserError:
            return _bad_request(request, _("Dữ liệu gửi lên không đọc được (biểu mẫu nhiều phần bị hỏng)."))
        if refused:
            return _bad_request(
                request,
                _(
                    "Yêu cầu có ký tự rỗng (NUL, mã 0) trong địa chỉ hoặc dữ liệu gửi lên; hãy xoá ký tự đó rồi thử lại."
                ),
            )
        return self.get_response(request)

    def _has_form(self, request):
        return request.method == "POST" and request.content_type in self.FORM_TYPES


def _has_nul(params):
    return any("\x00" in key or any("\x00" in value for value in params.getlist(key)) for key in params)


def _bad_request(request, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class ApiJsonNotFoundMiddleware:
    """Under ``/api/``, a URL that matches no route (``/api/subjects/1.5e-08/``) answers 404 in JSON like every other
    API error, not with the HTML page meant for browsers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/")
        ):
            return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
        return response
