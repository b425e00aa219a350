from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_audit_log')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SlugAlias',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('article', fields.ForeignKeyField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='slug_aliases', on_delete=OnDelete.CASCADE)),
                ('slug', fields.CharField(max_length=200)),
                ('locale', fields.CharField(max_length=16)),
            ],
            options={'table': 'slug_alias', 'app': 'models', 'unique_together': (('slug', 'locale'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
