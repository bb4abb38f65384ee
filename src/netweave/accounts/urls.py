from django.contrib.auth import views as auth_views
from django.urls import path

from netweave.accounts import views

app_name = "accounts"
urlpatterns = [
    path("networks/<slug:slug>/members/", views.members, name="members"),
    path("networks/<slug:slug>/members/invite/", views.member_invite, name="invite"),
    path("networks/<slug:slug>/members/<int:membership>/role/", views.member_role, name="role"),
    path(
        "networks/<slug:slug>/members/<int:membership>/remove/",
        views.member_remove,
        name="remove",
    ),
    path(
        "networks/<slug:slug>/members/invitations/<int:invitation>/withdraw/",
        views.invitation_withdraw,
        name="withdraw",
    ),
    path("networks/<slug:slug>/audit/", views.audit_list, name="audit"),
    path("invitations/<str:token>/", views.invitation_accept, name="accept"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
