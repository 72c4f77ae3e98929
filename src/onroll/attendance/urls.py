from django.urls import path

from onroll.attendance import views

app_name = "attendance"
urlpatterns = [
    path("", views.school_overview, name="school"),
    path("register/", views.register, name="register"),
    path("import/", views.import_marks, name="import"),
    path("import/<int:import_id>/", views.import_detail, name="import_detail"),
    path("import/<int:import_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("children/<int:child_id>/", views.pupil_attendance, name="pupil"),
    path("children/<int:child_id>/correct/", views.correct, name="correct"),
    path("children/<int:child_id>/pattern/", views.pattern, name="pattern"),
    path("children/<int:child_id>/sickness/", views.sickness, name="sickness"),
    path("la/", views.la_overview, name="la"),
]
