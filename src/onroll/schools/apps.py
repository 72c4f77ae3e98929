from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "onroll.schools"
    label = "schools"

    def ready(self) -> None:
        """Keep the per-request calendar cache (``schools.selectors``) honest: it starts and
        ends with each request and is emptied whenever a term or closure changes."""
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from onroll.schools import selectors
        from onroll.schools.models import Closure, Term

        request_started.connect(selectors.request_cache_start, dispatch_uid="calendar_cache_start")
        request_finished.connect(selectors.request_cache_end, dispatch_uid="calendar_cache_end")
        for model in (Term, Closure):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    selectors.calendar_cache_clear,
                    sender=model,
                    dispatch_uid=f"calendar_cache_clear_{model.__name__}_{name}",
                )
