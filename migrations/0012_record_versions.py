from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_read_indexes')]

    initial = False

    operations = [
        ops.AddField(model_name='Section', name='version', field=fields.IntField(default=1, db_default=1)),
        ops.AddField(model_name='Author', name='version', field=fields.IntField(default=1, db_default=1)),
        ops.AddField(model_name='Tag', name='version', field=fields.IntField(default=1, db_default=1)),
        ops.AddField(model_name='Image', name='version', field=fields.IntField(default=1, db_default=1)),
    ]
