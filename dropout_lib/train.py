"""A small training loop for classifiers: full-batch Adam, history of losses."""
import torch
import torch.nn.functional as F


def train_classifier(model, X, y, *, steps=300, lr=1e-3, weight_decay=0.0):
    """Train ``model`` on (X, y) with full-batch Adam and cross-entropy; return the losses.

    X: (n, features) float tensor; y: (n,) int64 labels. The model is left in
    eval() mode afterwards. Returns a list of the training loss at each step.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def evaluate(model, X, y):
    """(cross-entropy loss, accuracy) of ``model`` on (X, y), in the model's current mode."""
    logits = model(X)
    return F.cross_entropy(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def train_batched(model, X, y, *, loss="cross_entropy", steps=300, lr=1e-3, weight_decay=0.0):
    """Train a ``BatchedMLP`` (all its models at once) with full-batch Adam.

    X: (batch, n_in) shared, or (n_models, batch, n_in); y: (batch,) or
    (n_models, batch) labels for "cross_entropy", (.., batch, n_out) targets
    for "mse". weight_decay: a number or one per model, an L2 penalty
    weight_decay * ||W||^2 / 2 added to each model's loss (as Adam's own
    weight_decay does). Models do not interact: Adam's update is elementwise,
    so summing their losses trains each exactly as if it were alone.
    Returns the per-model training loss at each step: (steps, n_models).
    """
    n_models = len(model.p)
    decay = torch.as_tensor(weight_decay, dtype=torch.float32).expand(n_models)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    history = []
    for _ in range(steps):
        optimizer.zero_grad()
        per_model = batched_loss(model(X), y, loss)
        penalty = sum((W**2).sum(dim=(1, 2)) for W in model.weights) * decay / 2
        (per_model + penalty).sum().backward()
        optimizer.step()
        history.append(per_model.detach())
    model.eval()
    return torch.stack(history)


def batched_loss(output, y, loss="cross_entropy"):
    """Mean loss of each model: output (n_models, batch, n_out) -> (n_models,)."""
    n_models = output.shape[0]
    if loss == "cross_entropy":
        y = y.expand(n_models, *y.shape[-1:]) if y.dim() == 1 else y
        return F.cross_entropy(output.transpose(1, 2), y, reduction="none").mean(dim=1)
    if loss == "mse":
        return ((output - y) ** 2).mean(dim=(1, 2))
    raise ValueError(f"loss must be 'cross_entropy' or 'mse'; got loss={loss!r}")


@torch.no_grad()
def batched_error(model, X, y):
    """Classification error of each model in its current mode: (n_models,)."""
    out = model(X)
    y = y.expand(out.shape[0], *y.shape[-1:]) if y.dim() == 1 else y
    return (out.argmax(dim=-1) != y).float().mean(dim=1)
