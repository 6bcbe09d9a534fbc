"""Dropout module (train/eval) and the mlp builder."""
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
    layer = dl.DropConnectLinear(8, 4, p=0.5).train()
    x = torch.randn(5, 8)
    assert not torch.equal(layer(x), layer(x))
    layer(x).sum().backward()
    assert layer.weight.grad is not None and (layer.weight.grad == 0).any()
