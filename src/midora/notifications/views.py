"""The in-app list of alerts, each person's channel choices, and their webhook endpoints with
the delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.core.languages import pages_follow, remember, stored_language
from midora.notifications.audience import default_channels
from midora.notifications.checks import configured_events
from midora.notifications.forms import EndpointForm, LanguageForm, PreferencesForm
from midora.notifications.models import Alert, NotificationPreference, WebhookEndpoint

PAGE = 100


def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = Alert.objects.filter(recipient=request.user, in_app=True)
    show = request.GET.get("show", "unread")
    shown = alerts.filter(read_at__isnull=True) if show == "unread" else alerts
    return render(
        request,
        "notifications/list.html",
        {"alerts": shown.select_related("entity")[:PAGE], "show": show},
    )


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one alert (``alert``) or all of the person's alerts as read."""
    alerts = Alert.objects.filter(recipient=request.user, read_at__isnull=True)
    raw = request.POST.get("alert", "")
    if raw:
        alerts = alerts.filter(pk=int(raw)) if raw.isdigit() and int(raw) < 2**63 else alerts.none()
    alerts.update(read_at=timezone.now())
    target = request.POST.get("next", "")
    return HttpResponseRedirect(
        target
        if target.startswith("/") and not target.startswith("//")
        else reverse("notifications:list")
    )


def preferences(request: HttpRequest) -> HttpResponse:
    events = configured_events()
    role = permissions.role_of(request.user)
    stored = {
        p.event: frozenset(p.channels)
        for p in NotificationPreference.objects.filter(user=request.user)
    }
    current = {key: stored.get(key, default_channels(role, False, False)) for key in events}
    form = PreferencesForm(events, current, request.POST or None)
    language = stored_language(request.user)
    language_form = LanguageForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid() and language_form.is_valid():
        chosen_language = language_form.cleaned_data["language"]
        changed = int(chosen_language != language)
        if changed:
            remember(request.user, chosen_language)
        for key in events:
            chosen = frozenset(form.cleaned_data[key])
            if chosen != current[key]:
                NotificationPreference.objects.update_or_create(
                    user=request.user, event=key, defaults={"channels": sorted(chosen)}
                )
                changed += 1
        # said in the language the next page is in (the one chosen, if any)
        with translation.override(chosen_language or translation.get_language()):
            messages.success(
                request,
                _("Saved %(count)s change(s).") % {"count": changed}
                if changed
                else _("Nothing changed."),
            )
        response = HttpResponseRedirect(reverse("notifications:preferences"))
        if chosen_language != language:
            pages_follow(response, chosen_language)
        return response
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "language_form": language_form, "has_email": bool(request.user.email)},
    )


def _may_have_endpoints(request: HttpRequest) -> None:
    permissions.require(
        permissions.can_read_registers(request.user), _("Your role receives no record alerts.")
    )


def endpoint_list(request: HttpRequest) -> HttpResponse:
    _may_have_endpoints(request)
    endpoints = WebhookEndpoint.objects.filter(owner=request.user).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status="failed"))
    )
    form = EndpointForm(request.POST or None, events=configured_events())
    if request.method == "POST" and form.is_valid():
        endpoint = form.save(commit=False)
        endpoint.owner = request.user
        endpoint.save()
        messages.success(request, _("Endpoint added; copy its signing secret from its page."))
        return HttpResponseRedirect(endpoint.get_absolute_url())
    return render(request, "notifications/endpoints.html", {"endpoints": endpoints, "form": form})


def _endpoint(request: HttpRequest, pk: int) -> WebhookEndpoint:
    _may_have_endpoints(request)
    endpoint = (
        WebhookEndpoint.objects.filter(owner=request.user, pk=pk).first() if pk < 2**63 else None
    )
    if endpoint is None:
        raise Http404("No webhook endpoint of yours with that id.")
    return endpoint


def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    form = EndpointForm(request.POST or None, instance=endpoint, events=configured_events())
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(request, _("Endpoint saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return HttpResponseRedirect(endpoint.get_absolute_url())
    deliveries = endpoint.deliveries.select_related("alert").order_by("-created_at")[:PAGE]
    return render(
        request,
        "notifications/endpoint_detail.html",
        {"endpoint": endpoint, "form": form, "deliveries": deliveries},
    )


@require_POST
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _endpoint(request, pk).delete()
    messages.success(request, _("Endpoint deleted."))
    return HttpResponseRedirect(reverse("notifications:endpoints"))
