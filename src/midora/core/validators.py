"""Field validators with messages that say what is wrong and how to fix it."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError
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
            f"LEI {value!r} has {len(value)} characters; an LEI has exactly 20.", code="lei_length"
        )
    if not value.isalnum() or not value.isascii() or value != value.upper():
        raise ValidationError(
            f"LEI {value!r} may only contain upper-case letters and digits.", code="lei_format"
        )
    try:
        stdnum_lei.validate(value)
    except InvalidLength:
        raise ValidationError(
            f"LEI {value!r} has {len(value)} characters; an LEI has exactly 20.", code="lei_length"
        ) from None
    except InvalidFormat:
        raise ValidationError(
            f"LEI {value!r} may only contain upper-case letters and digits, the last two digits.",
            code="lei_format",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            f"LEI {value!r} fails the ISO 17442 check digits (last two characters); check for a typo.",
            code="lei_checksum",
        ) from None
    except StdnumError as exc:
        raise ValidationError(f"LEI {value!r} is not valid: {exc}.", code="lei_invalid") from None


def validate_country(value: str) -> None:
    """ISO 3166-1 alpha-2 country code."""
    if not value:
        return
    if len(value) != 2 or not value.isupper() or pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. FR).",
            code="country",
        )


def validate_countries(values: list[str]) -> None:
    """A list of ISO 3166-1 alpha-2 country codes, each checked."""
    if not isinstance(values, list):
        raise ValidationError(
            "Expected a list of ISO 3166-1 alpha-2 country codes.", code="countries"
        )
    for value in values:
        validate_country(value)
