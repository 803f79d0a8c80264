"""Field validators with messages that say what is wrong and how to fix it."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import lei as stdnum_lei
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)


def validate_lei(value: str) -> None:
    """ISO 17442 Legal Entity Identifier: 20 characters, ISO 7064 MOD 97-10 check digits."""
    if value is None or value == "":
        return
    if len(value) != 20:
        raise ValidationError(
            _("LEI %(value)s has %(length)s characters; an LEI has exactly 20."),
            code="lei_length",
            params={"value": repr(value), "length": len(value)},
        )
    if not value.isalnum() or not value.isascii() or value != value.upper():
        raise ValidationError(
            _("LEI %(value)s may only contain upper-case letters and digits."),
            code="lei_format",
            params={"value": repr(value)},
        )
    try:
        stdnum_lei.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("LEI %(value)s has %(length)s characters; an LEI has exactly 20."),
            code="lei_length",
            params={"value": repr(value), "length": len(value)},
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("LEI %(value)s may only contain upper-case letters and digits, the last two digits."),
            code="lei_format",
            params={"value": repr(value)},
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _(
                "LEI %(value)s fails the ISO 17442 check digits (last two characters); check for "
                "a typo."
            ),
            code="lei_checksum",
            params={"value": repr(value)},
        ) from None
    except StdnumError as exc:
        raise ValidationError(
            _("LEI %(value)s is not valid: %(reason)s."),
            code="lei_invalid",
            params={"value": repr(value), "reason": exc},
        ) from None


def validate_country(value: str) -> None:
    """ISO 3166-1 alpha-2 country code."""
    if not value:
        return
    if len(value) != 2 or not value.isupper() or pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _(
                "%(value)s is not an ISO 3166-1 alpha-2 country code (two upper-case letters, "
                "e.g. FR)."
            ),
            code="country",
            params={"value": repr(value)},
        )


def validate_countries(values: list[str]) -> None:
    """A list of ISO 3166-1 alpha-2 country codes, each checked."""
    if not isinstance(values, list):
        raise ValidationError(
            _("Expected a list of ISO 3166-1 alpha-2 country codes."), code="countries"
        )
    for value in values:
        validate_country(value)
