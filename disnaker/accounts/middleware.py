from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """A user who still has an initial password can do nothing but change it (the seed's "Ubah Password")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(("/static/", "/captcha/")):
                return redirect("accounts:password_change")
        return self.get_response(request)
