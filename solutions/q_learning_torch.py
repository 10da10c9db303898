"""One tabular Q-learning update, PyTorch.

Same update as the NumPy solution; `.clone()` makes the new table (in PyTorch, as in NumPy,
`Q_new = Q` would only name the same tensor), on Q's device.
"""

FRAMEWORK = "torch"


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r if done else r + gamma * Q[s_next].max()
    Q_new = Q.clone()
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
