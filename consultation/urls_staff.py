from django.urls import path

from . import staff

app_name = "staff"
urlpatterns = [
    path("", staff.StaffHomeView.as_view(), name="home"),
    path("sign-in/", staff.StaffLoginView.as_view(), name="login"),
    path("sign-out/", staff.StaffLogoutView.as_view(), name="logout"),
]
