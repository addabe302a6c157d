from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.award_list, name="list"),
]
