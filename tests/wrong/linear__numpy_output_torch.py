"""A PyTorch submission that returns the output as a detached NumPy array."""

FRAMEWORK = "torch"


def linear_forward(x, W, b):
    return (x @ W + b).detach().cpu().numpy()
