"""The library on a CUDA device. Skipped where there is none (CI has no GPU): run
`pytest tests/test_cuda.py` on a machine with one. The lessons themselves run on the CPU."""
import pytest
import torch

import dropout_lib as dl
from dropout_lib.data import noisy_moons
from dropout_lib.stats import Z, binomial_fraction_standard_error, mean_standard_error
from dropout_lib.theory import dropout_variance
from dropout_lib.train import evaluate, train_batched, train_classifier

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")
CUDA = torch.device("cuda")


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_on_cuda_is_unbiased_and_drops_a_fraction_p(p):
    n, x = 1_000_000, 1.5
    out = dl.dropout(torch.full((n,), x, device=CUDA), p, generator=torch.Generator(CUDA).manual_seed(0))
    assert out.device.type == "cuda" and out.dtype == torch.float32
    dropped = (out == 0).float().mean().item()
    assert abs(dropped - p) < Z * binomial_fraction_standard_error(p, n)
    assert abs(out.mean().item() - x) < Z * mean_standard_error(dropout_variance(x, p), n)


def test_a_cuda_generator_repeats_its_masks():
    x = torch.ones(1000, device=CUDA)
    first = dl.dropout(x, 0.5, generator=torch.Generator(CUDA).manual_seed(7))
    again = dl.dropout(x, 0.5, generator=torch.Generator(CUDA).manual_seed(7))
    assert torch.equal(first, again) and not torch.equal(first, dl.dropout(x, 0.5))


def moons_on_cuda():
    X, y = noisy_moons(200, 0.2, seed=0)
    return X.to(CUDA), y.to(CUDA)


@pytest.mark.parametrize("make", [
    lambda: dl.mlp(2, [32, 32], 2, p=[0.2, 0.5]),
    lambda: torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), dl.Dropout(0.5), torch.nn.Linear(32, 2)),
    lambda: torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(),
                                dl.DropConnectLinear(32, 32, p=0.5, activation=torch.relu, inference="gaussian"),
                                torch.nn.Linear(32, 2)),
], ids=["mlp", "Dropout", "DropConnectLinear"])
def test_models_train_on_cuda_and_dropout_is_off_at_inference(make):
    torch.manual_seed(0)
    model = make().to(CUDA)
    X, y = moons_on_cuda()
    losses = train_classifier(model, X, y, steps=200, lr=1e-2)
    assert losses[-1] < 0.5 * losses[0], "training on the GPU should lower the loss"
    assert evaluate(model, X, y)[1] > 0.8
    model.train()
    assert not torch.equal(model(X), model(X)), "train(): a new mask per call"
    model.eval()
    if not any(isinstance(m, dl.DropConnectLinear) for m in model.modules()):  # its Gaussian rule samples
        assert torch.equal(model(X), model(X)), "eval(): deterministic"


def test_a_batched_sweep_trains_on_cuda_with_weight_decay():
    X, y = moons_on_cuda()
    model = dl.BatchedMLP(4, 2, [32], 2, p=[0.0, 0.5, 0.0, 0.5], generator=torch.Generator(CUDA).manual_seed(0))
    model.to(CUDA)
    history = train_batched(model, X, y, steps=200, lr=1e-2, weight_decay=[0.0, 0.0, 1e-2, 1e-2], X_test=X, y_test=y)
    assert history["test_error"][-1].device.type == "cuda"
    assert (history["test_error"][-1] < 0.2).all()
    penalty = model.weight_penalty()
    assert (penalty[2:] < penalty[:2]).all(), "the L2 penalty should shrink the weights"
