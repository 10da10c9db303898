"""One tabular Q-learning update, NumPy.

The TD target is r + γ·max_a' Q[s', a'], or just r when s' is terminal (nothing follows
it). Q[s, a] moves a fraction α towards it; the target is read from the table before the
update, and the update is written into a copy, so the caller's Q is untouched.
"""


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r if done else r + gamma * Q[s_next].max()
    Q_new = Q.copy()
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
