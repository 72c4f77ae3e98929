"""CME pages, mounted at /cme/: the public form, the school's referrals, the LA's casework."""

from django.urls import path

from onroll.cases import contacts, public, reports, school_views, views, views_intake

app_name = "cases"
urlpatterns = [
    # public (no account)
    path("report/", public.public_report, name="public_report"),
    path("report/received/", public.public_report_received, name="public_report_received"),
    # schools
    path("refer/", school_views.refer, name="refer"),
    path("referrals/", school_views.referrals, name="school_referrals"),
    path("joint-enquiries/<int:joint_id>/", school_views.joint_agree, name="joint_agree"),
    # the LA's CME team
    path("inbox/", views_intake.inbox, name="inbox"),
    path("inbox/record/", views_intake.record_report, name="record_report"),
    path(
        "notifications/<int:notification_id>/",
        views_intake.notification_detail,
        name="notification",
    ),
    path(
        "notifications/<int:notification_id>/link/",
        views_intake.notification_link,
        name="notification_link",
    ),
    path(
        "notifications/<int:notification_id>/new-child/",
        views_intake.notification_new_child,
        name="notification_new_child",
    ),
    path(
        "notifications/<int:notification_id>/open-case/",
        views_intake.notification_open_case,
        name="notification_open_case",
    ),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/move/", views.case_move, name="case_move"),
    path("cases/<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:case_id>/add-child/", views.case_add_child, name="case_add_child"),
    path("cases/<int:case_id>/close/", views.case_close, name="case_close"),
    path("cases/<int:case_id>/enquiries/new/", views.case_enquiry, name="case_enquiry"),
    path("cases/<int:case_id>/escalate/", views.case_escalate, name="case_escalate"),
    path(
        "cases/<int:case_id>/children/<int:child_id>/classify/",
        views.case_classify,
        name="case_classify",
    ),
    path("cases/<int:case_id>/joint-enquiry/", views.case_joint_enquiry, name="case_joint"),
    path("cases/<int:case_id>/transfer-pack/", views.transfer_pack, name="transfer_pack"),
    path("contacts/", contacts.contacts, name="contacts"),
    path("reports/", reports.reports, name="reports"),
    path("reports/cases.csv", reports.export_csv, name="export_csv"),
    path("reports/cases.xlsx", reports.export_xlsx, name="export_xlsx"),
]
