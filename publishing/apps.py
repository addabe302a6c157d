from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Static publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.versions import on_lab_change, on_unrecorded_lab_change
        from publishing.dependencies import connect_recording, record_everything
        from publishing.on_write import request_publish

        # Each committed change of a lab's content queues one publish (publishing/on_write.py)
        # of the pages it shows on (publishing/dependencies.py).
        on_lab_change(request_publish)
        connect_recording()
        on_unrecorded_lab_change(record_everything)
