from django.urls import path

from onroll.identification import views

app_name = "identification"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:upload_id>/", views.upload_detail, name="upload_detail"),
    path("uploads/<int:upload_id>/run/", views.upload_run, name="upload_run"),
    path("uploads/<int:upload_id>/discard/", views.upload_discard, name="upload_discard"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/cases/", views.run_cases, name="run_cases"),
    path("runs/<int:run_id>/cases/check/", views.run_cases_check, name="run_cases_check"),
    path("runs/<int:run_id>/cases/open/", views.run_cases_open, name="run_cases_open"),
    path("matches/<int:decision_id>/", views.match_review, name="match_review"),
]
