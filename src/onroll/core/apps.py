from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onroll.core"
    label = "core"
