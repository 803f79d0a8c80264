from django.urls import path

from midora.evidencepacks import views

app_name = "evidencepacks"

urlpatterns = [
    path("", views.index, name="index"),
    path("build/", views.build, name="build"),
    path("check/", views.check, name="check"),
    path("key.pem", views.public_key, name="key"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
]
