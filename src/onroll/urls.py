"""URL routes. Every page needs a signed-in user unless listed in core.access.PUBLIC_URLS."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from onroll.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # The admin signs in through the service's own two-factor sign-in.
    path("django-admin/login/", RedirectView.as_view(pattern_name="accounts:sign_in")),
    path("django-admin/", admin.site.urls),
    path("", include("onroll.accounts.urls")),
    path("", include("onroll.core.urls")),
    path("", include("onroll.people.urls")),
    path("la/", include("onroll.cases.urls_home")),
    path("school/", include("onroll.registers.urls")),
    path("attendance/", include("onroll.attendance.urls")),
    path("cme/", include("onroll.cases.urls")),
    path("identification/", include("onroll.identification.urls")),
]

handler404 = "onroll.core.errors.not_found"
handler500 = "onroll.core.errors.server_error"
