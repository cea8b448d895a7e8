from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox_read"),
    path("inbox/channels/", views.channels, name="channels"),
    path("deliveries/", views.delivery_log, name="deliveries"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("rechecks/", views.recheck_list, name="rechecks"),
    path("rechecks/<int:pk>/", views.recheck_record_view, name="recheck"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
    path("decisions/<int:pk>/done/", views.decision_done, name="decision_done"),
    path("register/", views.register, name="register"),
    path("register/add/", views.register_add, name="register_add"),
    path("register/<int:pk>/", views.register_record, name="register_record"),
]
