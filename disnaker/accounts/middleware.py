from urllib.parse import urlencode, urlsplit

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import two_factor_required
from .selectors import otp_device_for


class TwoFactorMiddleware:
    """A user who must use two-factor login and has not yet given a code in this session can do nothing but
    give one (``accounts:otp_verify``), or enrol a phone if he has none (``accounts:otp_enrol``), or sign out.

    Needs django-otp's ``OTPMiddleware`` before it (``request.user.is_verified``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
            and not request.path.startswith("/static/")
        ):
            target = reverse("accounts:otp_verify" if otp_device_for(user=user) else "accounts:otp_enrol")
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_enrol"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A user who still has an initial password can do nothing but change it (the seed's "Ubah Password")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            # The second step of sign-in comes first (TwoFactorMiddleware); it must not be sent here.
            allowed |= {reverse("accounts:otp_verify"), reverse("accounts:otp_enrol")}
            if request.path not in allowed and not request.path.startswith(("/static/", "/captcha/")):
                return redirect("accounts:password_change")
        return self.get_response(request)


class HtmxSignInRedirectMiddleware:
    """A session that ended while a page is open: the next htmx request (a queue filter, a progress poll) is
    sent to sign-in, and htmx would put the whole sign-in page inside the table. Instead the browser goes to
    the sign-in page itself (``HX-Redirect``), with ``next`` the page the user is on, so the sign-in page says
    the session ended and brings the user back (issue 16 §6).

    Needs django-htmx's ``HtmxMiddleware`` before it (``request.htmx``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code != 302:
            return response
        login = reverse("accounts:login")
        if urlsplit(response["Location"]).path != login or request.user.is_authenticated:
            return response
        current = request.htmx.current_url_abs_path or request.get_full_path()
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = f"{login}?{urlencode({'next': current})}"
        return answer
