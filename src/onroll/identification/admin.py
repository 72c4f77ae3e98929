from django.contrib import admin

from onroll.identification.models import LinkageRun, MatchDecision, PopulationUpload


@admin.register(PopulationUpload)
class PopulationUploadAdmin(admin.ModelAdmin[PopulationUpload]):
    list_display = ("file_name", "local_authority", "source", "row_count", "status", "uploaded_at")
    list_filter = ("status", "source", "local_authority")
    readonly_fields = [f.name for f in PopulationUpload._meta.fields]


@admin.register(LinkageRun)
class LinkageRunAdmin(admin.ModelAdmin[LinkageRun]):
    list_display = (
        "pk",
        "upload",
        "status",
        "matched_count",
        "review_count",
        "unmatched_count",
        "duration_seconds",
        "started_at",
    )
    list_filter = ("status",)
    readonly_fields = [f.name for f in LinkageRun._meta.fields]


@admin.register(MatchDecision)
class MatchDecisionAdmin(admin.ModelAdmin[MatchDecision]):
    list_display = ("pk", "run", "record", "child", "probability", "status", "decided_by")
    list_filter = ("status",)
    readonly_fields = [f.name for f in MatchDecision._meta.fields]
