"""The target always bootstraps, r + γ·max Q[s_next], even when s_next is terminal (done ignored)."""


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r + gamma * Q[s_next].max()
    Q_new = Q.copy()
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
