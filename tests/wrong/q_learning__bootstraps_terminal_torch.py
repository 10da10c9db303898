"""PyTorch: the target r + γ·max Q[s_next] with done never looked at."""

FRAMEWORK = "torch"


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    Q_new = Q.clone()
    Q_new[s, a] += alpha * (r + gamma * Q[s_next].max() - Q[s, a])
    return Q_new
