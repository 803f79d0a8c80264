"""The sign-in page: user name and password, and single sign-on when it is configured."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views

from midora.core import sso


class SignInView(auth_views.LoginView):
    template_name = "core/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.enabled()
        if self.request.GET.get("sso") == "failed":
            context["sso_error"] = self.request.session.pop(
                "midora_sso_error", "the identity provider did not confirm the sign-in"
            )
        return context
