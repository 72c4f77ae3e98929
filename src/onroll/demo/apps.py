from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo Lancashire that `make run` loads: the top layer, above every app it fills.

    Each app adds its own part of the demo through ``onroll.core.registry.DEMO_LOADERS``; this
    app builds what they share (the LAs, schools, staff and children) and runs them in order.
    """

    name = "onroll.demo"
    label = "demo"
