from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "onroll.identification"
    label = "identification"

    def ready(self) -> None:
        from onroll.core import registry
        from onroll.identification.hooks import navigation, work_queue

        registry.NAVIGATION.append(navigation)
        registry.WORK_QUEUE.append(work_queue)
