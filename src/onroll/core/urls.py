from django.urls import path

from onroll.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("school/", views.school_home, name="school_home"),
    path("school/pupils/", views.pupil_list, name="pupil_list"),
    path("la/", views.la_home, name="la_home"),
    path("la/schools/", views.la_schools, name="la_schools"),
    path("administration/", views.admin_home, name="admin_home"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
]
