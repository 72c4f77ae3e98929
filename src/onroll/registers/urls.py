from django.urls import path

from onroll.registers import views, views_home, views_leaving

app_name = "registers"
urlpatterns = [
    path("", views_home.school_home, name="school_home"),
    path("pupils/", views_home.pupil_list, name="pupil_list"),
    path("children/", views.children, name="children"),
    path("children/admit/", views.admit, name="admit"),
    path("children/<int:child_id>/move/", views_leaving.move_new, name="move_new"),
    path("children/<int:child_id>/cme-referral/", views_leaving.cme_referral, name="cme_referral"),
    path("children/<int:child_id>/cmooe/", views_leaving.cmooe_report, name="cmooe"),
    path("registrations/<int:registration_id>/leaving/", views_leaving.leaving, name="leaving"),
    path(
        "registrations/<int:registration_id>/leaving/start/",
        views_leaving.leaving_begin,
        name="leaving_start",
    ),
    path(
        "registrations/<int:registration_id>/leaving/destination/",
        views_leaving.leaving_destination,
        name="leaving_destination",
    ),
    path(
        "registrations/<int:registration_id>/leaving/cancel/",
        views_leaving.leaving_stop,
        name="leaving_cancel",
    ),
    path("registrations/<int:registration_id>/delete/", views_leaving.delete, name="delete"),
    path("registrations/<int:registration_id>/exclude/", views.exclusion_new, name="exclusion_new"),
    path("exclusions/<int:exclusion_id>/", views.exclusion, name="exclusion"),
    path("exclusions/<int:exclusion_id>/steps/", views.exclusion_event, name="exclusion_event"),
    path("placements/<int:placement_id>/", views.placement, name="placement"),
    path(
        "placements/<int:placement_id>/on-roll/", views.placement_on_roll, name="placement_on_roll"
    ),
    path("placements/<int:placement_id>/reviews/", views.placement_review, name="placement_review"),
    path(
        "placements/<int:placement_id>/outcome/",
        views.placement_outcome,
        name="placement_outcome",
    ),
    path("moves/<int:move_id>/", views_leaving.move, name="move"),
    path("returns/", views.la_returns, name="la_returns"),
    path("returns/<int:return_id>/", views.la_return, name="la_return"),
    path("returns/<int:return_id>/send/", views.la_return_submit, name="la_return_send"),
    path("referrals/", views_leaving.referrals, name="referrals"),
    path("referrals/not-our-pupil/", views_leaving.non_pupil, name="non_pupil"),
]
