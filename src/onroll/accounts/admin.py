from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from onroll.accounts.models import LocalAuthority, RoleGrant, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0


@admin.register(User)
class OnrollUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Organisation", {"fields": ("organisation", "job_title")}),
    )
    inlines = [RoleGrantInline]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ("name", "code", "cme_email", "cme_phone")
