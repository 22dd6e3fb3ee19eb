from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from consultations import retention


class Command(BaseCommand):
    help = (
        "List closed consultation cases older than CASE_RETENTION_YEARS (a dry run, the "
        "default); with --confirm, anonymise them (keeping the statistical skeleton) and record "
        "the run in the disposal log. Cases with a referral younger than 3 years wait."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--confirm", action="store_true", help="anonymise (without it nothing is changed)"
        )
        parser.add_argument(
            "--years", type=int, default=None, help="override CASE_RETENTION_YEARS for this run"
        )

    def handle(self, *args: object, **options: Any) -> None:
        todo = retention.plan(years=options["years"])
        self.stdout.write(
            f"基準日：{todo.cutoff:%Y-%m-%d}より前に終了したケース\n"
            f"匿名化の対象：{len(todo.due)}件（本人 {len(todo.persons)}人）\n"
            f"つなぎの記録（{retention.REFERRAL_KEEP_YEARS}年）のため延長：{len(todo.postponed)}件"
        )
        if not options["confirm"]:
            self.stdout.write(
                "確認のみです（何も変更していません）。実行するには --confirm を付けてください。"
            )
            return
        log = retention.apply(todo, run_by="manage.py apply_retention")
        self.stdout.write(
            f"匿名化しました：ケース {log.cases_anonymised}件、本人 {log.persons_anonymised}人"
            f"（廃棄・匿名化の記録 #{log.pk}）。"
        )
