from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onroll.cases"
    label = "cases"

    def ready(self) -> None:
        from onroll.cases import demo, hooks
        from onroll.core import registry

        registry.NAVIGATION.append(hooks.navigation)
        registry.WORK_QUEUE.append(hooks.work_queue)
        registry.DEMO_LOADERS.append(demo.load_cases_demo)
