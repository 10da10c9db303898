"""The names of the question kinds, in the order sheets and statistics list them.

The one list of them: the bank's data model (`questions.py`) and the kinds' behaviour
(`grader/kinds`) both assert that they define exactly these. It lives apart so that the
command line can offer the names without importing either.
"""

QUESTION_KINDS: tuple[str, ...] = ("mcq", "multi", "true_false", "numeric", "short", "spot_the_bug")
