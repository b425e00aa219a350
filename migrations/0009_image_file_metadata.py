from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_editor_note')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Image',
            name='copyright_notice',
            field=fields.CharField(default='', max_length=300),
        ),
        ops.AddField(
            model_name='Image',
            name='description',
            field=fields.TextField(default=''),
        ),
        ops.AddField(
            model_name='Image',
            name='blurhash',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.AddField(
            model_name='Image',
            name='dominant_color',
            field=fields.CharField(default='', max_length=7),
        ),
    ]
