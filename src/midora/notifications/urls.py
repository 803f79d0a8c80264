from django.urls import path

from midora.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("webhooks/", views.endpoint_list, name="endpoints"),
    path("webhooks/<int:pk>/", views.endpoint_detail, name="endpoint_detail"),
    path("webhooks/<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
]
