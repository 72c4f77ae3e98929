from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "onroll.registers"
    label = "registers"
