"""Schema 9: loan rules per patron type and grade, with their own renewal days.

A rule may now be for one grade of a type (``grade``); the row with grade
NULL stays the type's rule for every other grade, so the rules a school had
keep working unchanged. ``renewal_days`` (NULL: the same as ``loan_days``) is
how long a renewal runs. The unique index on the type becomes one on (type,
grade); as NULLs never clash in a unique index, a partial unique index keeps
a type to one default row (both engines have partial indexes, see 0002).
"""

from peewee import SQL, IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("loanrule", "grade", IntegerField(null=True)),
        migrator.add_column("loanrule", "renewal_days", IntegerField(null=True)),
        migrator.drop_index("loanrule", "loanrule_patron_type"),
        migrator.add_index(
            "loanrule",
            ("patron_type", "grade"),
            unique=True,
            name="loanrule_patron_type_grade",
        ),
        migrator.add_index(
            "loanrule",
            ("patron_type",),
            unique=True,
            where=SQL("grade IS NULL"),
            name="loanrule_one_default_per_type",
        ),
    )
