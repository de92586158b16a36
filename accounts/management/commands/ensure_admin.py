import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.passwords import password_checked_for_command


class Command(BaseCommand):
    help = (
        "Create the administrator account if it is missing. The password comes from "
        "DJANGO_ADMIN_PASSWORD, or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, username, **options):
        users = get_user_model()
        password = settings.ADMIN_PASSWORD
        user = users.objects.filter(username=username).first()
        if password:
            password_checked_for_command(
                password, user=user or users(username=username), source="DJANGO_ADMIN_PASSWORD"
            )
        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Administrator {username!r}: password set from DJANGO_ADMIN_PASSWORD.")
            else:
                self.stdout.write(f"Administrator {username!r} exists; its password is unchanged.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"Created administrator {username!r}."))
        if generated:
            self.stdout.write(f"  password: {password}  (shown once; set DJANGO_ADMIN_PASSWORD to choose it)")
