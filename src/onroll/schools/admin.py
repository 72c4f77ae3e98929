from django.contrib import admin

from onroll.schools.models import Closure, School, Term


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name", "laestab", "urn", "phase", "local_authority", "require_two_factor")


admin.site.register(Term)
admin.site.register(Closure)
