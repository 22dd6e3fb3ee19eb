import factory

from pillars.models import ActionItem, Hashtag


class HashtagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hashtag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"タグ{n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"取組項目{n}")
    body = "取組の内容です。"
    status = ActionItem.Status.PUBLISHED
    order = factory.Sequence(int)

    @factory.post_generation
    def hashtags(self, create: bool, extracted: list[Hashtag] | None, **kwargs: object) -> None:
        if create and extracted:
            self.hashtags.set(extracted)
