from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.StaffHomeView.as_view(), name="home"),
    path("sign-in/", views.StaffLoginView.as_view(), name="login"),
    path("sign-out/", views.StaffLogoutView.as_view(), name="logout"),
]
