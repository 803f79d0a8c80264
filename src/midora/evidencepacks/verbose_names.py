"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("archive size"),
    gettext_noop("audit events"),
    gettext_noop("built at"),
    gettext_noop("built by"),
    gettext_noop("built by name"),
    gettext_noop("description"),
    gettext_noop("entities"),
    gettext_noop("evidence bytes"),
    gettext_noop("evidence files"),
    gettext_noop("file count"),
    gettext_noop("key fingerprint"),
    gettext_noop("merkle root"),
    gettext_noop("pack id"),
    gettext_noop("period from"),
    gettext_noop("period to"),
    gettext_noop("purpose"),
    gettext_noop("recipient"),
    gettext_noop("selection"),
    gettext_noop("stored name"),
]
