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


def ppo_logp_gradient(ratio: float, adv: float, eps: float) -> dict:
    """Gradient of PPO's clipped surrogate min(r·A, clip(r, 1 − ε, 1 + ε)·A) (Schulman et al.
    2017) with respect to log π(a|s), where r = π/π_old = exp(log π − log π_old): r·A while
    the unclipped term is the minimum, 0 once the clip is active (A > 0 and r > 1 + ε, or
    A < 0 and r < 1 − ε)."""
    if ratio <= 0 or not 0 < eps < 1:
        raise ValueError("ratio must be positive and eps in (0, 1)")
    if math.isclose(ratio, 1 + eps) or math.isclose(ratio, 1 - eps):
        raise ValueError("ratio on the clip boundary")
    clipped = (adv > 0 and ratio > 1 + eps) or (adv < 0 and ratio < 1 - eps)
    return {"answer": 0.0 if clipped else ratio * adv, "clipped": "yes" if clipped else "no",
            "lo": f"{1 - eps:g}", "hi": f"{1 + eps:g}"}


def gae_first_advantage(gamma: float, lam: float) -> dict:
    """GAE(γ, λ) (Schulman et al. 2016) at t = 0 for a 3-step episode with rewards (1, 0, 2)
    and value estimates V(s0..s2) = (0.5, 1.0, 0.2), terminal after the third reward:
    A_0 = Σ_l (γλ)^l δ_l with δ_t = r_t + γ V(s_{t+1}) − V(s_t), V(terminal) = 0."""
    r, v = [1.0, 0.0, 2.0], [0.5, 1.0, 0.2, 0.0]
    deltas = [r[t] + gamma * v[t + 1] - v[t] for t in range(3)]
    adv = sum((gamma * lam) ** t * d for t, d in enumerate(deltas))
    return {"answer": adv, "d0": f"{deltas[0]:.4g}", "d1": f"{deltas[1]:.4g}",
            "d2": f"{deltas[2]:.4g}"}
