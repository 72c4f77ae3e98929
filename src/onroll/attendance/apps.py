from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "onroll.attendance"
    label = "attendance"

    def ready(self) -> None:
        from onroll.attendance.demo import attendance_demo_loader
        from onroll.attendance.queue import attendance_navigation, attendance_queue
        from onroll.core import registry

        registry.NAVIGATION.append(attendance_navigation)
        registry.WORK_QUEUE.append(attendance_queue)
        registry.DEMO_LOADERS.append(attendance_demo_loader)
