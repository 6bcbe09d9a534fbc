"""Dropout module (train/eval), the mlp builder, and the threads the course runs on."""
import os
import subprocess
import sys

import pytest
import torch

import dropout_lib as dl
from dropout_lib.stats import Z


def test_dropout_layer_is_random_in_train_and_identity_in_eval():
    layer = dl.Dropout(0.5)
    x = torch.randn(20, 30)
    layer.train()
    assert not torch.equal(layer(x), layer(x))
    layer.eval()
    assert torch.equal(layer(x), x) and torch.equal(layer(x), layer(x))


def test_dropout_layer_repr_shows_p():
    assert repr(dl.Dropout(0.3)) == "Dropout(p=0.3)"


def test_mlp_structure_one_p_per_hidden_layer():
    model = dl.mlp(784, [256, 256], 10, p=[0.2, 0.5])
    drops = [m.p for m in model if isinstance(m, dl.Dropout)]
    assert drops == [0.2, 0.5]
    assert isinstance(model[-1], torch.nn.Linear) and model[-1].out_features == 10
    assert model(torch.randn(3, 784)).shape == (3, 10)


def test_mlp_single_p_and_input_dropout():
    model = dl.mlp(8, [16, 16, 16], 2, p=0.1, p_input=0.2)
    assert isinstance(model[0], dl.Dropout) and model[0].p == 0.2
    assert [m.p for m in model[1:] if isinstance(m, dl.Dropout)] == [0.1] * 3
    assert not any(isinstance(m, dl.Dropout) for m in dl.mlp(8, [16], 2, p=0.1)[:1])


def test_mlp_is_deterministic_in_eval_and_gradients_flow():
    model = dl.mlp(5, [32], 3, p=0.5)
    x = torch.randn(4, 5)
    model.eval()
    assert torch.equal(model(x), model(x))
    model.train()
    model(x).sum().backward()
    assert all(param.grad is not None for param in model.parameters())


def test_dropconnect_is_plain_linear_in_eval_and_unbiased_in_train():
    torch.manual_seed(0)
    layer = dl.DropConnectLinear(20, 3, p=0.4)
    x = torch.randn(1, 20)
    plain = torch.nn.functional.linear(x, layer.weight, layer.bias)
    layer.eval()
    assert torch.equal(layer(x), plain)
    layer.train()
    with torch.no_grad():
        samples = torch.stack([layer(x) for _ in range(20_000)])
    # Var of one output: sum_j (w_j x_j)^2 p/(1-p); Z standard errors of the mean.
    var = ((layer.weight * x) ** 2).sum(dim=1) * 0.4 / 0.6
    se = (var / len(samples)).sqrt()
    assert torch.all((samples.mean(0) - plain).abs() < Z * se)
    assert "p=0.4" in repr(layer)


def test_dropconnect_gradients_flow_and_masks_change():
    torch.manual_seed(0)
    layer = dl.DropConnectLinear(8, 4, p=0.5, per_example=False).train()
    x = torch.randn(5, 8)
    assert not torch.equal(layer(x), layer(x))
    layer(x).sum().backward()
    # one mask shared by the batch: a dropped weight gets no gradient from any example
    assert layer.weight.grad is not None and (layer.weight.grad == 0).any()


def test_dropconnect_mask_per_example_or_shared():
    torch.manual_seed(0)
    x = torch.randn(1, 30).expand(6, 30)  # six copies of one example
    per_example = dl.DropConnectLinear(30, 5, p=0.5).train()
    shared = dl.DropConnectLinear(30, 5, p=0.5, per_example=False).train()
    rows = per_example(x)
    assert all(not torch.equal(rows[0], rows[i]) for i in range(1, 6)), "each example needs its own mask"
    rows = shared(x)
    assert all(torch.allclose(rows[0], rows[i], atol=1e-6) for i in range(1, 6)), "per_example=False shares one mask"
    per_example(x).sum().backward()
    assert per_example.weight.grad.abs().sum() > 0


def test_dropconnect_gaussian_inference_matches_the_moment_matched_relu_mean():
    torch.manual_seed(0)
    p, samples = 0.3, 20_000
    layer = dl.DropConnectLinear(40, 6, p=p, activation=torch.relu, inference="gaussian", samples=samples).eval()
    x = torch.randn(3, 40)
    with torch.no_grad():
        out = layer(x)
        mu = torch.nn.functional.linear(x, layer.weight, layer.bias)
        sigma = (p / (1 - p) * torch.nn.functional.linear(x**2, layer.weight**2)).sqrt()
    normal = torch.distributions.Normal(0.0, 1.0)
    closed_form = mu * normal.cdf(mu / sigma) + sigma * normal.log_prob(mu / sigma).exp()  # E relu(N(mu, sigma^2))
    # relu(u) has standard deviation at most sigma: Z standard errors of a mean of `samples` draws
    assert torch.all((out - closed_form).abs() < 5 * sigma / samples**0.5)
    assert "inference='gaussian'" in repr(layer)
    layer.inference = "mean"
    assert torch.equal(layer(x), torch.relu(mu)), "the mean network: activation(W x + b)"


def test_dropconnect_p_one_keeps_only_the_bias_and_bad_options_raise():
    layer = dl.DropConnectLinear(4, 3, p=1.0)
    x = torch.randn(2, 4)
    expected = layer.bias.expand(2, 3)
    assert torch.equal(layer.train()(x), expected) and torch.equal(layer.eval()(x), expected)
    with pytest.raises(ValueError, match="inference"):
        dl.DropConnectLinear(4, 3, inference="sample")
    with pytest.raises(ValueError, match="samples"):
        dl.DropConnectLinear(4, 3, samples=0)


def test_seed_everything_runs_the_course_on_one_thread_unless_the_user_chose(monkeypatch):
    """torch's threads spin-wait beside a busy program: the course's small networks use one."""
    probe = ("import dropout_lib as dl, torch, threadpoolctl; dl.seed_everything(); "
             "print(torch.get_num_threads(), max(i['num_threads'] for i in threadpoolctl.threadpool_info()))")
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "DROPOUT_THREADS")}

    def threads(**extra):
        done = subprocess.run([sys.executable, "-c", probe], env=env | extra, capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert threads() == ["1", "1"]
    assert threads(DROPOUT_THREADS="2") == ["2", "2"]
    assert threads(OMP_NUM_THREADS="2")[0] == "2", "the user's OMP_NUM_THREADS wins"
    monkeypatch.setenv("DROPOUT_THREADS", "two")
    with pytest.raises(ValueError, match="DROPOUT_THREADS must be a whole number"):
        dl.use_threads()
