"""Answer functions of the numeric concept questions, one module per topic area.

Each function takes the question's parameters as keyword arguments and returns the answer
(or a dict with `answer` and named intermediate values for the explanation); it raises
`ValueError` for a combination that makes no sense. `tests/formulas/` proves every function
against PyTorch itself (build the layer, count its parameters, run it and read the shape)
over the whole parameter grid of every question that uses it.
"""
