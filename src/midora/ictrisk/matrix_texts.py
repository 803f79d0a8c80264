"""The texts of the shipped default risk matrix (data/risk_matrix.yaml), listed for the catalogue:
pages show them translated; a matrix of one's own is shown as written."""

from django.utils.translation import gettext_noop

DEFAULT_MATRIX_TEXTS = (
    gettext_noop("Default 5x5 ICT risk matrix"),
    gettext_noop("Rare"),
    gettext_noop("Not expected in the next 5 years."),
    gettext_noop("Unlikely"),
    gettext_noop("Could happen once in 2 to 5 years."),
    gettext_noop("Possible"),
    gettext_noop("Could happen once in 1 to 2 years."),
    gettext_noop("Likely"),
    gettext_noop("Expected at least once a year."),
    gettext_noop("Almost certain"),
    gettext_noop("Expected several times a year."),
    gettext_noop("Negligible"),
    gettext_noop("No effect on clients or critical or important functions; no data loss."),
    gettext_noop("Minor"),
    gettext_noop("Short degradation of a non-critical function; minimal client effect."),
    gettext_noop("Moderate"),
    gettext_noop(
        "Disruption of a critical or important function within its recovery time objective."
    ),
    gettext_noop("Major"),
    gettext_noop(
        "Disruption beyond the recovery time objective, loss of client data or funds, or a "
        "major ICT-related incident."
    ),
    gettext_noop("Severe"),
    gettext_noop(
        "Prolonged outage of crypto-asset services, large loss of client assets, or a threat to "
        "the continuity of the entity."
    ),
    gettext_noop("Low"),
    gettext_noop("Medium"),
    gettext_noop("High"),
    gettext_noop("Critical"),
)
