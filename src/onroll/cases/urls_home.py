"""The LA's home, its schools and the Pupil Access Team's pages, at /la/ (the CME team's
casework is under /cme/)."""

from django.urls import path

from onroll.cases import views_home, views_pat

app_name = "la"
urlpatterns = [
    path("", views_home.la_home, name="home"),
    path("schools/", views_home.la_schools, name="schools"),
    path("pat/", views_pat.pat_home, name="pat_home"),
    path("pat/exclusions/<int:exclusion_id>/", views_pat.pat_exclusion, name="pat_exclusion"),
]
