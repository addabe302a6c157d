from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data, the benchmark and the synthetic-lab builders: the top of the layers.

    It imports every other app at module top and no app imports it, so it is listed last
    in INSTALLED_APPS. It has no models.
    """

    name = "demo"
    verbose_name = "Demo and benchmark"
