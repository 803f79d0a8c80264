"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("active"),
    gettext_noop("alert"),
    gettext_noop("alerts"),
    gettext_noop("attempts"),
    gettext_noop("channel"),
    gettext_noop("channels"),
    gettext_noop("created at"),
    gettext_noop("delivery"),
    gettext_noop("deliverys"),
    gettext_noop("due at"),
    gettext_noop("endpoint"),
    gettext_noop("entity"),
    gettext_noop("event"),
    gettext_noop("events"),
    gettext_noop("in app"),
    gettext_noop("key"),
    gettext_noop("last error"),
    gettext_noop("lead"),
    gettext_noop("name"),
    gettext_noop("next attempt at"),
    gettext_noop("notification preference"),
    gettext_noop("notification preferences"),
    gettext_noop("owner"),
    gettext_noop("read at"),
    gettext_noop("recipient"),
    gettext_noop("response status"),
    gettext_noop("secret"),
    gettext_noop("sent at"),
    gettext_noop("status"),
    gettext_noop("title"),
    gettext_noop("title sentence"),
    gettext_noop("url"),
    gettext_noop("user"),
    gettext_noop("webhook endpoint"),
    gettext_noop("webhook endpoints"),
]
