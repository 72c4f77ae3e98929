from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onroll.cases"
    label = "cases"
