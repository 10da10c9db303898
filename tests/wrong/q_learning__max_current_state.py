"""The max is taken over the current state's row, Q[s].max(), instead of the next state's."""


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r if done else r + gamma * Q[s].max()
    Q_new = Q.copy()
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
