from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_persisted_documents')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Article',
            index=Index(fields=['locale', 'published_at', 'id', 'status', 'deleted_at', 'embargoed_until']),
        ),
        ops.AddIndex(
            model_name='Article',
            index=Index(fields=['embargoed_until']),
        ),
        ops.AddIndex(
            model_name='Caption',
            index=Index(fields=['article_id']),
        ),
        ops.AddIndex(
            model_name='RelatedStory',
            index=Index(fields=['article_id']),
        ),
    ]
