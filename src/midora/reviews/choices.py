"""Closed lists of the reviews app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    ACCESS = "access", _("Access review")
    POLICY = "policy", _("Policy review")
    PROVIDER = "provider", _("ICT provider assessment")
    BCP_DR = "bcp_dr", _("BCP/DR plan review")


class System(models.TextChoices):
    """The systems whose access is reviewed (the IAM priority asked of MiCA applicants)."""

    WALLETS = "wallets", _("Wallets (hot and warm)")
    COLD_STORAGE = "cold_storage", _("Cold storage and signing devices")
    KEY_MANAGEMENT = "key_management", _("Key management (HSM, MPC)")
    TRADING_PLATFORM = "trading_platform", _("Trading platform and matching engine")
    CLIENT_BACK_OFFICE = "client_back_office", _("Client back office (KYC, payments)")
    CLOUD_CONSOLE = "cloud_console", _("Cloud and infrastructure consoles")
    DIRECTORY = "directory", _("Directory and single sign-on")
    OTHER = "other", _("Other")


# A signed-off access review is evidence for these controls of the shipped library.
IAM_CONTROL_CODES = ("CTL-IAM-01", "CTL-IAM-02", "CTL-IAM-03", "CTL-IAM-05")
