"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("action"),
    gettext_noop("actions"),
    gettext_noop("body"),
    gettext_noop("budget approved"),
    gettext_noop("closed date"),
    gettext_noop("created at"),
    gettext_noop("date"),
    gettext_noop("decision"),
    gettext_noop("decisions"),
    gettext_noop("description"),
    gettext_noop("due date"),
    gettext_noop("entity"),
    gettext_noop("owner"),
    gettext_noop("priority"),
    gettext_noop("reference"),
    gettext_noop("risks"),
    gettext_noop("source id"),
    gettext_noop("source type"),
    gettext_noop("status"),
    gettext_noop("subject"),
    gettext_noop("title"),
    gettext_noop("updated at"),
    gettext_noop("version"),
]
