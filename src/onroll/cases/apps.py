from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onroll.cases"
    label = "cases"

    def ready(self) -> None:
        from onroll.cases import demo, hooks, hooks_pat
        from onroll.cases.child_sections import notification_sections
        from onroll.cases.inbox import CasesInbox
        from onroll.core import la_inbox, registry

        la_inbox.register(CasesInbox())

        registry.NAVIGATION.append(hooks.navigation)
        registry.WORK_QUEUE.append(hooks.work_queue)
        registry.NAVIGATION.append(hooks_pat.navigation)
        registry.WORK_QUEUE.append(hooks_pat.work_queue)
        registry.DEMO_LOADERS.append(demo.load_cases_demo)
        registry.CHILD_SECTIONS.append(notification_sections)
