"""URLs of a member's own domain: their homepage at / (see labsite.middleware)."""

from django.urls import path  # noqa: F401

urlpatterns = []
