from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "onroll.people"
    label = "people"
