"""Korean first: the interface is Korean unless the person has chosen another language."""

from django.middleware.locale import LocaleMiddleware


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Take the language from the language cookie or LANGUAGE_CODE, never from the browser.

    A Seoul office's browsers often announce English; the product still speaks Korean
    until someone presses EN in the header (which sets the cookie).
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
