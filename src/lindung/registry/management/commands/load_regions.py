from django.core.management.base import BaseCommand

from lindung.registry.services.regions import regions_load


class Command(BaseCommand):
    help = "Load the Kemendagri region codes (provinces, regencies, Jambi districts and villages, old codes)."

    def handle(self, *args, **options):
        c = regions_load()
        self.stdout.write(
            f"regions loaded: {c['level_1']} provinces, {c['level_2']} regencies, "
            f"{c['level_3']} districts, {c['level_4']} villages"
        )
