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
