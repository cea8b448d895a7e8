from django.urls import path

from . import manage_views as views

app_name = "manage"
urlpatterns = [
    path("users/", views.users, name="users"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("units/", views.units, name="units"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
