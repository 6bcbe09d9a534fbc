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


def train_batched(model, X, y, *, loss="cross_entropy", steps=300, lr=1e-3, weight_decay=0.0,
                  X_test=None, y_test=None, X_val=None, y_val=None, record_every=20):
    """Train a ``BatchedMLP`` (all its models at once) with full-batch Adam.

    The model needs ``n_models`` and ``weight_penalty()`` (per-model sum of
    squared weights), besides being a torch module.

    X: (batch, n_in) shared, or (n_models, batch, n_in); y: (batch,) or
    (n_models, batch) labels for "cross_entropy", (.., batch, n_out) targets
    for "mse". weight_decay: a number or one per model, an L2 penalty
    weight_decay * ||W||^2 / 2 added to each model's loss: the coupled L2 form
    that Adam's weight_decay uses, but on weight matrices only (not biases). Models do not interact: Adam's update is elementwise,
    so summing their losses trains each exactly as if it were alone.

    Returns a dict of histories, one column per model: "train_loss"
    (steps, n_models); with X_test/y_test (classification) also "step",
    "train_error", "test_loss" and "test_error" every ``record_every`` steps,
    and with X_val/y_val likewise "validation_loss" and "validation_error".
    """
    decay = torch.as_tensor(weight_decay, dtype=torch.float32, device=model.p.device).expand(model.n_models)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    recorded = {name: data for name, data in [("test", (X_test, y_test)), ("validation", (X_val, y_val))]
                if data[0] is not None}
    history = {"train_loss": [], "step": [], "train_error": []}
    for step in range(steps + 1):
        if recorded and step % record_every == 0:
            model.eval()
            with torch.no_grad():
                history["step"].append(step)
                history["train_error"].append(batched_error(model, X, y))
                for name, (X_eval, y_eval) in recorded.items():
                    output = model(X_eval)  # one pass for both
                    history.setdefault(f"{name}_loss", []).append(batched_loss(output, y_eval, loss))
                    history.setdefault(f"{name}_error", []).append(_error(output, y_eval))
        if step == steps:
            break
        model.train()
        optimizer.zero_grad()
        per_model = batched_loss(model(X), y, loss)
        penalty = model.weight_penalty() * decay / 2
        (per_model + penalty).sum().backward()
        optimizer.step()
        history["train_loss"].append(per_model.detach())
    model.eval()
    return {key: torch.stack(value) if key != "step" else value
            for key, value in history.items() if len(value)}


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
    return _error(model(X), y)


def _error(output, y):
    """Classification error of each model from its output (n_models, batch, n_out): (n_models,)."""
    y = y.expand(output.shape[0], *y.shape[-1:]) if y.dim() == 1 else y
    return (output.argmax(dim=-1) != y).float().mean(dim=1)
