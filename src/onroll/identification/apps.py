from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "onroll.identification"
    label = "identification"
