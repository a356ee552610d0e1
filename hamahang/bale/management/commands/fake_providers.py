import time

from django.core.management.base import BaseCommand

from hamahang.bale.fakes import FakeBale


class Command(BaseCommand):
    help = (
        "Run local fake provider servers for demos: Bale's bot API on --port and, when the SMS "
        "channel is installed, Kavenegar on --port + 1. Prints the environment to point the "
        "site at them; stops on Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8900)
        parser.add_argument(
            "--seconds", type=float, default=0, help="stop after this many seconds (0: never)"
        )

    def handle(self, *args, port, seconds, **options):
        servers = [FakeBale(port=port, echo=self.stdout.write).start()]
        self.stdout.write(f"BALE_BASE_URL={servers[0].url}")
        try:
            from hamahang.notices.fakes.kavenegar import FakeKavenegar
        except ImportError:
            self.stdout.write("(no Kavenegar fake in this checkout: Bale only)")
        else:
            kavenegar = FakeKavenegar(port=port + 1, echo=self.stdout.write).start()
            servers.append(kavenegar)
            self.stdout.write(f"KAVENEGAR_BASE_URL={kavenegar.url}")
        try:
            started = time.monotonic()
            while not seconds or time.monotonic() - started < seconds:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            for server in servers:
                server.stop()
            for server in servers:
                self.stdout.write(f"{type(server).__name__}: {len(server.requests)} requests")
