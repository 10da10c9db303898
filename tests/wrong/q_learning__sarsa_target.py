"""The target uses Q[s_next, a], the same action in the next state, instead of the max over the
next state's actions."""


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    target = r if done else r + gamma * Q[s_next, a]
    Q_new = Q.copy()
    Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a])
    return Q_new
