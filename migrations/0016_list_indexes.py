from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0015_search')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Article',
            index=Index(fields=['section_id', 'published_at', 'id']),
        ),
        ops.AddIndex(
            model_name='Article',
            index=Index(fields=['locale', 'updated_at', 'id']),
        ),
    ]
