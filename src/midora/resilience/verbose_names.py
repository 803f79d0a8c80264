"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("action"),
    gettext_noop("approved on"),
    gettext_noop("assets"),
    gettext_noop("created at"),
    gettext_noop("description"),
    gettext_noop("entity"),
    gettext_noop("evidence reference"),
    gettext_noop("finding"),
    gettext_noop("findings"),
    gettext_noop("functions"),
    gettext_noop("notes"),
    gettext_noop("outcome"),
    gettext_noop("owner"),
    gettext_noop("performed date"),
    gettext_noop("planned date"),
    gettext_noop("programme"),
    gettext_noop("providers"),
    gettext_noop("results"),
    gettext_noop("severity"),
    gettext_noop("status"),
    gettext_noop("test"),
    gettext_noop("test type"),
    gettext_noop("tester"),
    gettext_noop("tester name"),
    gettext_noop("testing programme"),
    gettext_noop("testing programmes"),
    gettext_noop("title"),
    gettext_noop("updated at"),
    gettext_noop("version"),
    gettext_noop("year"),
]
