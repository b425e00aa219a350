from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_record_versions')]

    initial = False

    operations = [
        ops.AddField(model_name='ApiToken', name='last_used_at', field=fields.DatetimeField(null=True)),
    ]
