from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "onroll.attendance"
    label = "attendance"

    def ready(self) -> None:
        from onroll.attendance.demo import load_attendance_demo
        from onroll.attendance.queue import attendance_navigation, attendance_queue
        from onroll.core import registry

        registry.NAVIGATION.append(attendance_navigation)
        registry.WORK_QUEUE.append(attendance_queue)
        registry.DEMO_LOADERS.append(load_attendance_demo)
