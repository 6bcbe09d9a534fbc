"""BatchedMLP and train_batched: many models, one network, no interaction."""
import re

import pytest
import torch

import dropout_lib as dl
from dropout_lib import stats
from dropout_lib.train import batched_error, batched_loss, train_batched, train_classifier


def model_m_as_mlp(batched, m, hidden):
    """Copy model m of a BatchedMLP into a plain dl.mlp with the same p."""
    single = dl.mlp(batched.weights[0].shape[1], hidden, batched.weights[-1].shape[2], p=batched.p[m].tolist())
    linears = [layer for layer in single if isinstance(layer, torch.nn.Linear)]
    with torch.no_grad():
        for linear, W, b in zip(linears, batched.weights, batched.biases):
            linear.weight.copy_(W[m].T)
            linear.bias.copy_(b[m, 0])
    return single


def test_eval_output_equals_each_model_run_alone():
    torch.manual_seed(0)
    batched = dl.BatchedMLP(3, 5, [16, 8], 4, p=[0.0, 0.3, 0.6]).eval()
    x = torch.randn(10, 5)
    out = batched(x)
    assert out.shape == (3, 10, 4)
    for m in range(3):
        single = model_m_as_mlp(batched, m, [16, 8]).eval()
        torch.testing.assert_close(out[m], single(x))


def test_batched_training_equals_separate_training_without_dropout():
    torch.manual_seed(1)
    X, y = torch.randn(40, 6), torch.randint(0, 3, (40,))
    batched = dl.BatchedMLP(2, 6, [12], 3, p=[0.0, 0.0])
    singles = [model_m_as_mlp(batched, m, [12]) for m in range(2)]
    train_batched(batched, X, y, steps=50, lr=1e-2)
    for m, single in enumerate(singles):
        train_classifier(single, X, y, steps=50, lr=1e-2)
        torch.testing.assert_close(batched(X)[m], single(X), rtol=1e-4, atol=1e-5)


def test_weight_decay_per_model_shrinks_only_that_model():
    torch.manual_seed(2)
    X, y = torch.randn(40, 6), torch.randint(0, 3, (40,))
    batched = dl.BatchedMLP(2, 6, [12], 3, p=[0.0, 0.0])
    train_batched(batched, X, y, steps=200, lr=1e-2, weight_decay=torch.tensor([0.0, 0.5]))
    norms = batched.weight_penalty()
    assert norms.shape == (2,) and norms[1] < 0.5 * norms[0]


@pytest.mark.parametrize("p", [0.2, 0.7])
def test_each_model_drops_its_own_fraction(p):
    batched = dl.BatchedMLP(2, 4, [8], 2, p=[0.0, p]).train()
    h = torch.ones(2, 50_000, 8)
    out = batched.dropout(h)
    n = h[1].numel()
    assert (out[0] == 0).sum() == 0
    assert abs((out[1] == 0).float().mean().item() - p) < stats.Z * stats.binomial_fraction_standard_error(p, n)
    values = out[1].unique()
    assert len(values) == 2 and values[0] == 0 and values[1].item() == pytest.approx(1 / (1 - p))


def test_dropout_is_dl_dropouts_mask_per_model():
    batched = dl.BatchedMLP(3, 4, [8], 2, p=[0.0, 0.3, 0.9], generator=torch.Generator().manual_seed(7)).train()
    h = torch.randn(3, 20, 8)
    out = batched.dropout(h)
    for m, p in enumerate([0.0, 0.3, 0.9]):  # the same draws, one p per model
        expected = dl.dropout(h, p, generator=torch.Generator().manual_seed(7))[m]
        assert torch.equal(out[m], expected)


def test_generator_makes_training_reproducible():
    X, y = torch.randn(30, 4), torch.randint(0, 2, (30,))
    histories = []
    for _ in range(2):
        torch.manual_seed(0)
        batched = dl.BatchedMLP(2, 4, [8], 2, p=[0.5, 0.5], generator=torch.Generator().manual_seed(1))
        torch.manual_seed(99)  # the masks do not come from the global generator
        histories.append(train_batched(batched, X, y, steps=5)["train_loss"])
    assert torch.equal(*histories)


def test_interface_for_training():
    batched = dl.BatchedMLP(3, 4, [8, 8], 2, p=[0.1, 0.2, 0.3])
    assert batched.n_models == 3
    expected = sum((W**2).sum(dim=(1, 2)) for W in batched.weights)
    torch.testing.assert_close(batched.weight_penalty(), expected)


def test_p_equal_one_gives_zeros():
    batched = dl.BatchedMLP(1, 4, [8], 2, p=[1.0]).train()
    out = batched.dropout(torch.ones(1, 10, 8))
    assert torch.equal(out, torch.zeros_like(out))


def test_batched_error_and_loss_shapes():
    batched = dl.BatchedMLP(4, 3, [5], 2, p=[0.1] * 4).eval()
    X, y = torch.randn(7, 3), torch.randint(0, 2, (7,))
    assert batched_error(batched, X, y).shape == (4,)
    assert batched_loss(batched(X), y).shape == (4,)
    with pytest.raises(ValueError, match=re.escape("loss must be 'cross_entropy' or 'mse'; got loss='l1'")):
        batched_loss(batched(X), y, "l1")


@pytest.mark.parametrize("kwargs,error,text", [
    (dict(n_models=2, p=[0.1]), ValueError, "p has 1 probabilities for 2 models"),
    (dict(n_models=2, p=[0.1, 1.5]), ValueError, "p[1] must be in [0, 1]"),
    (dict(n_models=0, p=[]), ValueError, "n_models must be a positive integer; got n_models=0"),
    (dict(n_models=1, p=[[1.5]]), ValueError, "p[0][0] must be in [0, 1] (the drop probability); got p[0][0]=1.5"),
])
def test_bad_arguments(kwargs, error, text):
    with pytest.raises(error, match=re.escape(text)):
        dl.BatchedMLP(n_in=3, hidden=[4], n_out=2, **kwargs)


def test_per_layer_probabilities_like_d2l():
    batched = dl.BatchedMLP(2, 4, [8, 8], 2, p=[[0.2, 0.5], 0.3])
    assert batched.p.flatten().tolist() == pytest.approx([0.2, 0.5, 0.3, 0.3])
    with pytest.raises(ValueError, match=re.escape("p[0] has 3 probabilities but there are 2 hidden layers")):
        dl.BatchedMLP(1, 4, [8, 8], 2, p=[[0.1, 0.2, 0.3]])


def test_history_records_test_metrics_per_model():
    X, y = torch.randn(30, 4), torch.randint(0, 2, (30,))
    batched = dl.BatchedMLP(3, 4, [8], 2, p=[0.0, 0.2, 0.4])
    history = train_batched(batched, X, y, steps=40, X_test=X, y_test=y, record_every=20)
    assert history["step"] == [0, 20, 40]
    assert history["test_error"].shape == (3, 3) and history["train_loss"].shape == (40, 3)


def test_per_model_training_sets():
    X, y = torch.randn(2, 30, 4), torch.randint(0, 2, (2, 30))
    batched = dl.BatchedMLP(2, 4, [8], 2, p=[0.0, 0.0])
    history = train_batched(batched, X, y, steps=5)
    assert history["train_loss"].shape == (5, 2)
    assert batched_error(batched, X, y).shape == (2,)


def test_history_records_validation_metrics_too():
    X, y = torch.randn(30, 4), torch.randint(0, 2, (30,))
    X_val, y_val = torch.randn(20, 4), torch.randint(0, 2, (20,))
    batched = dl.BatchedMLP(3, 4, [8], 2, p=[0.0, 0.2, 0.4])
    history = train_batched(batched, X, y, steps=40, X_val=X_val, y_val=y_val, record_every=20)
    assert history["step"] == [0, 20, 40] and "test_error" not in history
    assert history["validation_error"].shape == history["validation_loss"].shape == (3, 3)
    torch.testing.assert_close(history["validation_error"][-1], batched_error(batched, X_val, y_val))
