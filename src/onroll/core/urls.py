from django.urls import path

from onroll.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("administration/", views.admin_home, name="admin_home"),
]
