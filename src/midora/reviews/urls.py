from django.urls import path

from midora.core.views.area import AreaDetailView, area_register_urls
from midora.reviews import views
from midora.reviews.registers import access_exceptions, access_reviews, schedules

app_name = "reviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("schedules/<int:pk>/complete/", views.complete, name="complete"),
    path(
        "access-reviews/<int:pk>/sign-off/",
        views.access_review_sign_off,
        name="access_review_sign_off",
    ),
]


class ScheduleDetailView(AreaDetailView):
    template_name = "reviews/reviewschedule_detail.html"


class AccessReviewDetailView(AreaDetailView):
    template_name = "reviews/accessreview_detail.html"


urlpatterns += area_register_urls(schedules, detail_view=ScheduleDetailView)
urlpatterns += area_register_urls(access_reviews, detail_view=AccessReviewDetailView)
urlpatterns += area_register_urls(access_exceptions)
