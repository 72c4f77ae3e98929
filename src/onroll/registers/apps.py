from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "onroll.registers"
    label = "registers"

    def ready(self) -> None:
        from onroll.core import registry
        from onroll.registers.child_sections import register_sections
        from onroll.registers.demo import load_school_demo
        from onroll.registers.navigation import school_navigation
        from onroll.registers.queue import school_queue

        registry.NAVIGATION.append(school_navigation)
        registry.WORK_QUEUE.append(school_queue)
        registry.DEMO_LOADERS.append(load_school_demo)
        registry.CHILD_SECTIONS.append(register_sections)
