"""Known mistakes, written as code: functions with the signature of a task's function that
compute what a candidate with one classic bug computes (scores scaled by 1/d instead of
1/√d, the biased running variance, ...).

A task names them under `signatures:` (`kind: mistake`); when a candidate's failed output
equals a mistake's output on the same case, the report says what the mistake is. They are
never references: nothing is graded against them.
"""
