"""A scalar reverse-mode autodiff engine (model solution of `scalar_autograd`).

Each operation builds a node holding its value, its inputs and the local derivatives
∂node/∂input; `backward()` pushes gradients from the output to the leaves in an order where
a node is processed only once every node using it has added its share (Kahn's algorithm
on the reversed graph: count each node's users, release it when the count reaches 0).
Gradients are summed with `+=`, which is the chain rule's sum over paths.
"""

import math


class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents          # the inputs of the operation that made this node
        self._local = local_grads        # ∂self/∂parent, one per parent

    # ------------------------------------------------------------------ operations
    @staticmethod
    def _v(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = self._v(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = self._v(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = self._v(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __truediv__(self, other):
        other = self._v(other)
        return Value(self.data / other.data, (self, other),
                     (1.0 / other.data, -self.data / other.data ** 2))

    def __pow__(self, k):
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))

    def __radd__(self, other):
        return self._v(other) + self

    def __rsub__(self, other):
        return self._v(other) - self

    def __rmul__(self, other):
        return self._v(other) * self

    def __rtruediv__(self, other):
        return self._v(other) / self

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    # ------------------------------------------------------------------ backward
    def backward(self):
        users = {}                          # node -> how many operations use it
        stack, seen = [self], {id(self)}
        while stack:
            node = stack.pop()
            for p in node._parents:
                users[id(p)] = users.get(id(p), 0) + 1
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append(p)
        self.grad = 1.0
        ready = [self]                      # every user of these has pushed its share
        while ready:
            node = ready.pop()
            for p, local in zip(node._parents, node._local):
                p.grad += local * node.grad
                users[id(p)] -= 1
                if users[id(p)] == 0:
                    ready.append(p)

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"
