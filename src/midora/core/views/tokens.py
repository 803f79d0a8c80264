"""Personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from midora.core.accounts import issue_token, revoke_token
from midora.core.models import ApiToken


def token_list(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, _("Give the token a name, e.g. the system that will use it."))
        else:
            _token, new_token = issue_token(request.user, name[:100])
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "core/tokens.html", {"tokens": tokens, "new_token": new_token})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token)
    messages.success(request, _("Revoked token “%(name)s”.") % {"name": token.name})
    return HttpResponseRedirect(reverse("core:tokens"))
