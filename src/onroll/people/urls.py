from django.urls import include, path

from onroll.people import views

#: The school's pages for one of its children, under school/children/<child_id>/.
school_child = [
    path("record/", views.child_record, name="child"),
    path("details/", views.child_edit, name="child_edit"),
    path("safeguarding/", views.child_safeguarding, name="child_safeguarding"),
    path("address/", views.child_address, name="child_address"),
    path("carers/add/", views.child_carer_add, name="carer_add"),
    path("chronology/", views.child_chronology, name="chronology"),
]

app_name = "people"
urlpatterns = [
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("school/children/<int:child_id>/", include(school_child)),
]
