from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "midora.reviews"
    label = "reviews"
    verbose_name = "Reviews"
