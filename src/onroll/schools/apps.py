from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "onroll.schools"
    label = "schools"
