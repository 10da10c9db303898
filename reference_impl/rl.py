"""Reinforcement learning: the tabular Q-learning update and discounted returns.

Math (Sutton & Barto, 2018, §6.5 and §3.3):
- Q-learning (Watkins, 1989), one transition (s, a, r, s', done):
  Q(s, a) ← Q(s, a) + α·(target − Q(s, a)), target = r + γ·max_a' Q(s', a'), or just r when
  s' is terminal (done), since nothing follows a terminal state. Every other entry stays.
- Returns: G_t = r_t + γ·G_{t+1}, computed backwards from the last step, with G_{t+1} = 0 when
  step t ends an episode (done_t) and after the last step.
All in float64 PyTorch; new tensors, inputs untouched.
"""

import torch

__all__ = ["discounted_returns", "q_learning_update"]


def q_learning_update(Q, s, a, r, s_next, done, alpha=0.1, gamma=0.99):
    """One Q-learning update of the table Q (S, A) for the transition (s, a, r, s_next, done).

    Returns:
        A new (S, A) table, equal to Q except at [s, a].
    """
    bootstrap = 0.0 if done else gamma * Q[s_next].max()  # max over the next state's actions
    target = r + bootstrap
    onehot = torch.zeros_like(Q)  # (S, A), 1 at [s, a]
    onehot[s, a] = 1.0
    return Q + alpha * (target - Q[s, a]) * onehot


def discounted_returns(rewards, gamma, dones=None):
    """G_t = r_t + γ·G_{t+1}·(1 − done_t), from the last step back to the first.

    Args:
        rewards: (T,) float64 rewards r_0 … r_{T−1}.
        gamma: discount factor.
        dones: (T,) bool, True where step t ends an episode; None means no episode ends
            before the last step.

    Returns:
        (T,) float64 tensor of the returns G_t.
    """
    T = rewards.shape[0]
    returns = []
    G = rewards.new_zeros(())  # G_T = 0: nothing after the last step
    for t in reversed(range(T)):
        if dones is not None and bool(dones[t]):
            G = rewards.new_zeros(())  # step t ends its episode: nothing of the next one counts
        G = rewards[t] + gamma * G
        returns.append(G)
    return torch.stack(returns[::-1]) if returns else rewards.new_zeros((0,))
