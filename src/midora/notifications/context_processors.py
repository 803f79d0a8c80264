"""The unread alert count shown beside the user's name on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def unread_alerts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from midora.notifications.models import Alert

    count = Alert.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()
    return {"unread_alerts": count}
