"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("author"),
    gettext_noop("board pack"),
    gettext_noop("board packs"),
    gettext_noop("created at"),
    gettext_noop("entities"),
    gettext_noop("entity"),
    gettext_noop("figures"),
    gettext_noop("pdf size"),
    gettext_noop("period from"),
    gettext_noop("period to"),
    gettext_noop("previous"),
    gettext_noop("sha256"),
]
