from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onroll.core"
    label = "core"

    def ready(self) -> None:
        from onroll.core import registry
        from onroll.core.context_processors import core_navigation

        registry.NAVIGATION.append(core_navigation)
