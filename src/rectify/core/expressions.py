"""Query expressions Django does not have."""

from django.db.models import BooleanField, Expression, F, QuerySet, Subquery


class InKeys(Expression):
    """`column IN (subquery)` that PostgreSQL can answer from an index beside an OR.

    Under an OR, PostgreSQL runs `IN (SELECT …)` as a hashed subplan tested on every row, so
    "my department's measures" (lead department OR co-department) walked the whole table: 53 ms
    for 426 rows of 120 000. `column = ANY(ARRAY(SELECT …))` is an index condition, and the OR
    becomes a BitmapOr of two index scans (2 ms). SQLite plans `IN (SELECT …)` well and
    gets it unchanged.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, keys: QuerySet):
        super().__init__()
        self.column, self.keys = F(column), Subquery(keys)

    def get_source_expressions(self):
        return [self.column, self.keys]

    def set_source_expressions(self, exprs):
        self.column, self.keys = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        keys, keys_params = compiler.compile(self.keys)  # "(SELECT …)"
        if connection.vendor == "postgresql":
            return f"{column} = ANY(ARRAY{keys})", (*column_params, *keys_params)
        return f"{column} IN {keys}", (*column_params, *keys_params)
