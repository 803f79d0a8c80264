"""Closed lists of the reviews app."""

from django.db import models


class ReviewKind(models.TextChoices):
    ACCESS = "access", "Access review"
    POLICY = "policy", "Policy review"
    PROVIDER = "provider", "ICT provider assessment"
    BCP_DR = "bcp_dr", "BCP/DR plan review"


class System(models.TextChoices):
    """The systems whose access is reviewed (the IAM priority asked of MiCA applicants)."""

    WALLETS = "wallets", "Wallets (hot and warm)"
    COLD_STORAGE = "cold_storage", "Cold storage and signing devices"
    KEY_MANAGEMENT = "key_management", "Key management (HSM, MPC)"
    TRADING_PLATFORM = "trading_platform", "Trading platform and matching engine"
    CLIENT_BACK_OFFICE = "client_back_office", "Client back office (KYC, payments)"
    CLOUD_CONSOLE = "cloud_console", "Cloud and infrastructure consoles"
    DIRECTORY = "directory", "Directory and single sign-on"
    OTHER = "other", "Other"


# A signed-off access review is evidence for these controls of the shipped library.
IAM_CONTROL_CODES = ("CTL-IAM-01", "CTL-IAM-02", "CTL-IAM-03", "CTL-IAM-05")
