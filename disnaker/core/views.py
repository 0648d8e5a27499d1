from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for a load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """django-simple-captcha's ``captcha-refresh`` (a new challenge as JSON for a script), counted against
    the same per-IP budget as the challenges drawn with a page, so anonymous refreshes cannot fill the
    ``CaptchaStore`` table."""
    from captcha import views as captcha_views

    from .throttle import captcha_allowed, record_rate_limited, retry_after, wait_message

    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404  # as the library's own view: it answers scripts only
    if not captcha_allowed(request):
        record_rate_limited(request, scope="captcha")
        seconds = retry_after()
        response = JsonResponse(
            {
                "detail": wait_message(
                    seconds, what=_("Terlalu banyak kode keamanan diminta dari alamat internet Anda.")
                )
            },
            status=429,
        )
        response["Retry-After"] = str(seconds)
        return response
    return captcha_views.captcha_refresh(request)
