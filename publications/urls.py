from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.publication_list, name="list"),
    path("publications.bib", views.publication_list_bibtex, name="list_bibtex"),
    path("publications/<slug:slug>.bib", views.publication_bibtex, name="bibtex"),
    path("publications/<slug:slug>/", views.publication_detail, name="detail"),
]
