"""Reinforcement learning: returns, the Q-learning update, ε-greedy, the REINFORCE gradient.

Sutton & Barto, "Reinforcement Learning: An Introduction", 2nd ed., 2018: the discounted
return G_t = Σ_k γ^k r_{t+k} (eq. 3.8, rewards indexed from the step they follow), the
Q-learning update Q(s,a) ← Q(s,a) + α[r + γ·max_a' Q(s',a') − Q(s,a)] (eq. 6.8), ε-greedy
action probabilities (§2.3, §5.4), and the REINFORCE estimate G·∇_θ log π(a|s,θ) (§13.3),
with ∂ log softmax(θ)_a / ∂θ_a = 1 − π(a).
"""

from __future__ import annotations

import math


def discounted_return(r0: float, r1: float, r2: float, gamma: float) -> dict:
    """G_0 of a three-step episode, by the backward recursion G_t = r_t + γ·G_{t+1}."""
    if not 0 <= gamma <= 1:
        raise ValueError(f"gamma={gamma} is not in [0, 1]")
    g2 = r2
    g1 = r1 + gamma * g2
    g0 = r0 + gamma * g1
    return {"answer": g0, "g1": round(g1, 6), "g2": g2}


def q_learning_update(q_sa: float, r: float, alpha: float, gamma: float,
                      q_next_0: float, q_next_1: float, done: int) -> dict:
    """New Q(s,a) after one transition; the target is just r when s' is terminal."""
    if done not in (0, 1):
        raise ValueError(f"done={done} must be 0 or 1")
    best_next = max(q_next_0, q_next_1)
    target = r if done else r + gamma * best_next
    td_error = target - q_sa
    return {"answer": q_sa + alpha * td_error, "target": round(target, 6),
            "td_error": round(td_error, 6)}


def epsilon_greedy_greedy_prob(epsilon: float, n_actions: int) -> dict:
    """P(greedy action) = 1 − ε + ε/|A| (exploration picks uniformly among all actions)."""
    if not 0 <= epsilon <= 1 or n_actions < 1:
        raise ValueError(f"epsilon={epsilon}, n_actions={n_actions} make no policy")
    other = epsilon / n_actions
    return {"answer": 1 - epsilon + other, "p_other": round(other, 6)}


def reinforce_logit_grad(z: float, g: float) -> dict:
    """G·∂ log π(a₁)/∂θ₁ for π = softmax(θ₁, θ₂) with θ = (0, z) and action a₁ taken."""
    pi_1 = 1.0 / (1.0 + math.exp(z))  # e^0 / (e^0 + e^z)
    return {"answer": g * (1.0 - pi_1), "pi": round(pi_1, 4)}
