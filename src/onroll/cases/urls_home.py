"""The LA's home and its schools, at /la/ (the CME team's casework is under /cme/)."""

from django.urls import path

from onroll.cases import views_home

app_name = "la"
urlpatterns = [
    path("", views_home.la_home, name="home"),
    path("schools/", views_home.la_schools, name="schools"),
]
