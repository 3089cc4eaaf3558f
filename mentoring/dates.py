"""Date arithmetic inside a query that both databases run: the README's demo is SQLite, production is
PostgreSQL, and neither understands the other's way of adding a column's number of days to a date."""

from django.db.models import DateField, DateTimeField, Func


class PlusDays(Func):
    """`date_or_datetime + days` where days is a whole number, possibly a column (a scheme's rule).

    SQLite cannot multiply a number by a duration ("Invalid arguments for operator *"), and
    PostgreSQL has no SQLite date modifiers, so each database gets its own spelling of the same sum.
    The result has the type of the first argument.
    """

    arity = 2

    def _resolve_output_field(self):
        return self.source_expressions[0].output_field

    def _parts(self, compiler):
        moment, moment_params = compiler.compile(self.source_expressions[0])
        days, days_params = compiler.compile(self.source_expressions[1])
        return moment, days, (*moment_params, *days_params)

    def _is_date_only(self):
        field = self.output_field
        return isinstance(field, DateField) and not isinstance(field, DateTimeField)

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL and anything else standard
        moment, days, params = self._parts(compiler)
        if self._is_date_only():
            return f"({moment} + ({days})::integer)", params
        return f"({moment} + make_interval(days => ({days})::integer))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        moment, days, params = self._parts(compiler)
        # Django keeps SQLite dates as 'YYYY-MM-DD' and date-times as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC;
        # django_format_dtdelta() is the function Django registers on SQLite for its own datetime + timedelta.
        if self._is_date_only():
            return f"date({moment}, ({days}) || ' days')", params
        return f"django_format_dtdelta('+', {moment}, ({days}) * 86400000000)", params
