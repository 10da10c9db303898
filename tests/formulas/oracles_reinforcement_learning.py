"""PyTorch oracles for reference_impl.formulas.reinforcement_learning: sum the discounted
rewards forward, update a Q table tensor, mix the greedy and uniform policies, and take the
REINFORCE gradient by autograd."""

from __future__ import annotations

import torch


def discounted_return(r0, r1, r2, gamma):
    rewards = torch.tensor([r0, r1, r2], dtype=torch.float64)
    g = torch.zeros((), dtype=torch.float64)
    for k, r in enumerate(rewards):  # forward sum Σ γ^k r_k, not the backward recursion
        g = g + gamma ** k * r
    return g.item()


def q_learning_update(q_sa, r, alpha, gamma, q_next_0, q_next_1, done):
    q = torch.zeros(2, 2, dtype=torch.float64)  # states 0 (s) and 1 (s'), two actions
    q[0, 1] = q_sa
    q[1] = torch.tensor([q_next_0, q_next_1], dtype=torch.float64)
    target = r + gamma * q[1].max() * (1 - done)
    q[0, 1] += alpha * (target - q[0, 1])
    return q[0, 1].item()


def epsilon_greedy_greedy_prob(epsilon, n_actions):
    greedy = torch.nn.functional.one_hot(torch.tensor(0), n_actions).double()
    uniform = torch.full((n_actions,), 1.0 / n_actions, dtype=torch.float64)
    policy = (1 - epsilon) * greedy + epsilon * uniform  # exploit with 1−ε, explore with ε
    return policy[0].item()


def reinforce_logit_grad(z, g):
    theta = torch.tensor([0.0, z], dtype=torch.float64, requires_grad=True)
    objective = g * torch.log_softmax(theta, dim=0)[0]
    objective.backward()
    return theta.grad[0].item()


ORACLES = {
    "reference_impl.formulas.reinforcement_learning.discounted_return": discounted_return,
    "reference_impl.formulas.reinforcement_learning.q_learning_update": q_learning_update,
    "reference_impl.formulas.reinforcement_learning.epsilon_greedy_greedy_prob": epsilon_greedy_greedy_prob,
    "reference_impl.formulas.reinforcement_learning.reinforce_logit_grad": reinforce_logit_grad,
}


def ppo_logp_gradient(ratio, adv, eps):
    logp_old = torch.tensor(-1.0, dtype=torch.float64)
    logp = (logp_old + torch.log(torch.tensor(ratio, dtype=torch.float64))).requires_grad_()
    r = torch.exp(logp - logp_old)
    a = torch.tensor(adv, dtype=torch.float64)
    objective = torch.min(r * a, torch.clamp(r, 1 - eps, 1 + eps) * a)
    (grad,) = torch.autograd.grad(objective, logp)
    return grad.item()


def gae_first_advantage(gamma, lam):
    # The λ-return route: A_0 = G^λ_0 − V(s0), with G^λ the (1 − λ)λ^{n−1}-weighted mix of the
    # n-step returns, the last one (n = T) taking the remaining weight λ^{T−1}.
    r = torch.tensor([1.0, 0.0, 2.0], dtype=torch.float64)
    v = torch.tensor([0.5, 1.0, 0.2, 0.0], dtype=torch.float64)
    T = 3
    disc = gamma ** torch.arange(T + 1, dtype=torch.float64)
    n_step = [(disc[:n] * r[:n]).sum() + disc[n] * v[n] for n in range(1, T + 1)]
    g_lam = sum((1 - lam) * lam ** (n - 1) * n_step[n - 1] for n in range(1, T)) + lam ** (T - 1) * n_step[T - 1]
    return (g_lam - v[0]).item()


ORACLES.update({
    "reference_impl.formulas.reinforcement_learning.ppo_logp_gradient": ppo_logp_gradient,
    "reference_impl.formulas.reinforcement_learning.gae_first_advantage": gae_first_advantage,
})
