from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "midora.api"
    label = "api"
    verbose_name = "REST API"
