from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.news_list, name="list"),
    path("news/feed/", feeds.LabNewsFeed.as_view(), name="feed"),
    path("news/<slug:slug>/", views.news_detail, name="detail"),
    # One member's feed sits under their homepage URL (people.urls owns people/<slug>/).
    path("people/<slug:slug>/feed/", feeds.PersonNewsFeed.as_view(), name="person_feed"),
]
