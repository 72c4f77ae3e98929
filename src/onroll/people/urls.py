from django.urls import path

from onroll.people import views

app_name = "people"
urlpatterns = [
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("school/children/<int:child_id>/record/", views.child_record, name="child"),
    path("school/children/<int:child_id>/details/", views.child_edit, name="child_edit"),
    path(
        "school/children/<int:child_id>/safeguarding/",
        views.child_safeguarding,
        name="child_safeguarding",
    ),
    path("school/children/<int:child_id>/address/", views.child_address, name="child_address"),
    path("school/children/<int:child_id>/carers/add/", views.child_carer_add, name="carer_add"),
    path("school/children/<int:child_id>/chronology/", views.child_chronology, name="chronology"),
]
