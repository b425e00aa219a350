from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_api_token_last_used')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NinjsSource',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('article', fields.OneToOneField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='ninjs_source', on_delete=OnDelete.CASCADE)),
                ('uri', fields.CharField(max_length=500)),
                ('locale', fields.CharField(max_length=16)),
                ('version', fields.CharField(default='', max_length=100)),
                ('item', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('projection', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'ninjs_source', 'app': 'models', 'unique_together': (('uri', 'locale'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Image',
            name='remote_renditions',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Image',
            name='source_extra',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Image',
            name='source_uri',
            field=fields.CharField(null=True, db_index=True, max_length=500),
        ),
    ]
