from tortoise import migrations
from tortoise.migrations import operations as ops
from models.article import ArticleStatus
from models.caption import CaptionRole
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Author',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('slug', fields.CharField(unique=True, max_length=100)),
                ('url', fields.CharField(default='', max_length=500)),
                ('job_title', fields.CharField(default='', max_length=200)),
                ('bio', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'author', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Image',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('storage_key', fields.CharField(max_length=255)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('mime_type', fields.CharField(max_length=100)),
                ('byte_size', fields.IntField()),
                ('alt_text', fields.TextField(default='', unique=False)),
                ('creator', fields.CharField(default='', max_length=200)),
                ('credit_line', fields.CharField(default='', max_length=200)),
                ('copyright_holder', fields.CharField(default='', max_length=200)),
                ('copyright_year', fields.IntField(null=True)),
                ('usage_terms', fields.TextField(default='', unique=False)),
                ('focal_x', fields.FloatField(default=0.5)),
                ('focal_y', fields.FloatField(default=0.5)),
                ('date_taken', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'image', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Section',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(max_length=100)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('parent', fields.ForeignKeyField('models.Section', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('locale', fields.CharField(default='en', max_length=16)),
                ('translation_group', fields.UUIDField(null=True, db_index=True)),
            ],
            options={'table': 'section', 'app': 'models', 'unique_together': (('slug', 'locale'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Article',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(max_length=200)),
                ('headline', fields.CharField(max_length=200)),
                ('standfirst', fields.TextField(default='', unique=False)),
                ('body', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('section', fields.ForeignKeyField('models.Section', source_field='section_id', db_constraint=True, to_field='id', related_name='articles', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=ArticleStatus.DRAFT, description='DRAFT: draft\nSCHEDULED: scheduled\nPUBLISHED: published\nARCHIVED: archived', enum_type=ArticleStatus, max_length=16)),
                ('first_published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('published_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('locale', fields.CharField(default='en', max_length=16)),
                ('translation_group', fields.UUIDField(db_index=True)),
                ('seo_title', fields.CharField(default='', max_length=200)),
                ('seo_description', fields.CharField(default='', max_length=400)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'article', 'app': 'models', 'unique_together': (('slug', 'locale'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ArticleAuthor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('article', fields.ForeignKeyField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='bylines', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.Author', source_field='author_id', db_constraint=True, to_field='id', related_name='bylines', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'article_author', 'app': 'models', 'unique_together': (('article', 'author'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Caption',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('image', fields.ForeignKeyField('models.Image', source_field='image_id', db_constraint=True, to_field='id', related_name='captions', on_delete=OnDelete.RESTRICT)),
                ('article', fields.ForeignKeyField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='captions', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(default=CaptionRole.INLINE, description='LEAD: lead\nINLINE: inline\nTEASER: teaser', enum_type=CaptionRole, max_length=16)),
                ('text', fields.TextField(default='', unique=False)),
                ('credit_override', fields.CharField(null=True, max_length=200)),
                ('alt_override', fields.TextField(null=True, unique=False)),
                ('crop', fields.CharField(null=True, max_length=16)),
            ],
            options={'table': 'caption', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RelatedStory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('article', fields.ForeignKeyField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='related_stories', on_delete=OnDelete.CASCADE)),
                ('target', fields.ForeignKeyField('models.Article', source_field='target_id', null=True, db_constraint=True, to_field='id', related_name='teased_by', on_delete=OnDelete.RESTRICT)),
                ('url', fields.CharField(null=True, max_length=1000)),
                ('headline_override', fields.CharField(null=True, max_length=200)),
                ('caption', fields.ForeignKeyField('models.Caption', source_field='caption_id', null=True, db_constraint=True, to_field='id', related_name='teasers', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'related_story', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Tag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('slug', fields.CharField(unique=True, max_length=100)),
            ],
            options={'table': 'tag', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ArticleTag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('article', fields.ForeignKeyField('models.Article', source_field='article_id', db_constraint=True, to_field='id', related_name='taggings', on_delete=OnDelete.CASCADE)),
                ('tag', fields.ForeignKeyField('models.Tag', source_field='tag_id', db_constraint=True, to_field='id', related_name='taggings', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'article_tag', 'app': 'models', 'unique_together': (('article', 'tag'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
