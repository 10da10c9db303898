"""`quiz`: deep-learning interview practice and a sandboxed grader for coding tasks.

Subpackages: `banks` (question-bank schema and loading), `sandbox` (running untrusted code),
`grading` (checks and verdicts); `cli` is the command line.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
