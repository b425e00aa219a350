from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_embargo')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Article',
            name='editor_note',
            field=fields.TextField(default=''),
        ),
    ]
