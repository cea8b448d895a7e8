"""URLs of the inspection pages (namespace `inspections`, included from rectify/urls.py)."""

from django.urls import path

from .views import grid, inspecting, inspections, outside, plan, tree

urlpatterns = [
    path("", inspections.inspection_list, name="list"),
    path("new/", tree.inspection_create, name="create"),
    path("outside-units/", outside.outside_units, name="outside_units"),
    path("outside-units/new/", outside.outside_unit_add, name="outside_unit_add"),
    path("outside-units/<int:pk>/edit/", outside.outside_unit_edit, name="outside_unit_edit"),
    path("outside-units/merge/", outside.outside_unit_merge, name="outside_unit_merge"),
    path("<int:pk>/", inspections.inspection_detail, name="detail"),
    path("<int:pk>/inspecting-unit/", inspecting.inspecting_unit, name="inspecting_unit"),
    path("<int:pk>/plan/", plan.plan_page, name="plan"),
    path("<int:pk>/plan/grid/", grid.plan_grid, name="plan_grid"),
    path("<int:pk>/plan/submit/", plan.plan_submit, name="plan_submit"),
    path("<int:pk>/plan/approve/", plan.plan_approve, name="plan_approve"),
    path("<int:pk>/plan/return/", plan.plan_return, name="plan_return"),
    path("<int:pk>/findings/new/", tree.finding_add, name="finding_add"),
    path("findings/<int:pk>/edit/", tree.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/move/", tree.finding_move, name="finding_move"),
    path("findings/<int:pk>/delete/", tree.finding_delete, name="finding_delete"),
    path("findings/<int:pk>/withdraw/", tree.finding_withdraw, name="finding_withdraw"),
    path("findings/<int:pk>/measures/new/", tree.measure_add, name="measure_add"),
    path("measures/<int:pk>/move/", tree.measure_move, name="measure_move"),
    path("measures/<int:pk>/delete/", tree.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/withdraw/", tree.measure_withdraw, name="measure_withdraw"),
]
