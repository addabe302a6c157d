from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<slug:slug>/", views.person_detail, name="detail"),
]
