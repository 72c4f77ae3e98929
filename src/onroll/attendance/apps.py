from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "onroll.attendance"
    label = "attendance"
