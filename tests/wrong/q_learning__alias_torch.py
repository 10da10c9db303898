"""PyTorch: Q_new = Q names the same tensor, so writing Q_new[s, a] changes the caller's table."""

FRAMEWORK = "torch"


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r if done else r + gamma * Q[s_next].max()
    Q_new = Q
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
