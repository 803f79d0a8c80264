from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "midora.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
