from django.contrib import admin

from onroll.cases.models import (
    Case,
    CaseChild,
    EnquiryStep,
    JointEnquiry,
    Notification,
    SafeguardingEscalation,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("reference", "local_authority", "kind", "source", "status", "submitted_at")
    list_filter = ("local_authority", "kind", "status")
    search_fields = ("reference",)
    raw_id_fields = ("child", "case", "submitted_by")


class CaseChildInline(admin.TabularInline[CaseChild, Case]):
    model = CaseChild
    extra = 0
    raw_id_fields = ("child",)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ("reference", "local_authority", "stage", "priority", "due_on", "outcome")
    list_filter = ("local_authority", "stage", "outcome")
    search_fields = ("reference",)
    inlines = [CaseChildInline]
    raw_id_fields = ("handed_over_from", "merged_into")


admin.site.register(EnquiryStep)
admin.site.register(JointEnquiry)
admin.site.register(SafeguardingEscalation)
