"""Every bad input gets an error that names the argument, the value and the range."""
import re

import numpy as np
import pytest
import torch

import dropout_lib as dl

X = np.ones(4)
T = torch.ones(4)

BAD_P_VALUES = [  # (value, exception, text the message must contain)
    (-0.1, ValueError, "p=-0.1"),
    (1.5, ValueError, "p=1.5"),
    (float("nan"), ValueError, "p=nan"),
    (float("inf"), ValueError, "p=inf"),
    (-float("inf"), ValueError, "p=-inf"),
    (True, TypeError, "True of type bool"),
    (np.bool_(False), TypeError, "of type bool"),
    ("0.5", TypeError, "'0.5' of type str"),
    (None, TypeError, "None of type NoneType"),
    ({0.5}, TypeError, "of type set"),
    (torch.tensor(0.5), TypeError, "of type Tensor"),
    (0.5 + 0j, TypeError, "of type complex"),
]


@pytest.mark.parametrize("value,error,text", BAD_P_VALUES, ids=[repr(v[0]) for v in BAD_P_VALUES])
@pytest.mark.parametrize("call", [
    lambda p: dl.dropout(X, p),
    lambda p: dl.dropout(T, p),
    lambda p: dl.dropout_forward(X, p),
    lambda p: dl.Dropout(p),
    lambda p: dl.mlp(3, [4], 2, p=p),
], ids=["dropout-numpy", "dropout-torch", "dropout_forward", "Dropout", "mlp"])
def test_bad_p_is_rejected_with_a_clear_message(call, value, error, text):
    with pytest.raises(error, match=re.escape(text)) as info:
        call(value)
    assert "[0, 1]" in str(info.value) and "p" in str(info.value)


def test_a_list_is_no_probability_for_dropout():
    message = "p must be a real number in [0, 1] (the drop probability); got [0.5] of type list"
    with pytest.raises(TypeError, match=re.escape(message)):
        dl.dropout(X, [0.5])


def test_numbers_at_the_edges_are_accepted():
    for p in (0, 1, 0.0, 1.0, np.float32(0.5), np.int64(1)):
        dl.dropout(X, p)


@pytest.mark.parametrize("name,call", [
    ("p[1]", lambda: dl.mlp(3, [4, 4], 2, p=[0.2, 1.2])),
    ("p_input", lambda: dl.mlp(3, [4], 2, p_input=-0.5)),
])
def test_mlp_names_the_offending_probability(name, call):
    with pytest.raises(ValueError, match=re.escape(name)):
        call()


@pytest.mark.parametrize("call,error,text", [
    (lambda: dl.mlp(3, [4, 4], 2, p=[0.2]), ValueError, "p has 1 probabilities but there are 2 hidden layers"),
    (lambda: dl.mlp(0, [4], 2), ValueError, "n_in must be a positive integer; got n_in=0"),
    (lambda: dl.mlp(3, [4, 2.5], 2), ValueError, "hidden[1] must be a positive integer; got hidden[1]=2.5"),
    (lambda: dl.mlp(3, [4], True), ValueError, "n_out must be a positive integer; got n_out=True"),
])
def test_mlp_rejects_bad_shapes(call, error, text):
    with pytest.raises(error, match=re.escape(text)):
        call()


@pytest.mark.parametrize("x,text", [
    (np.arange(4), "got dtype int64. Convert first, e.g. x.astype(np.float32)"),
    (np.ones(4, dtype=bool), "got dtype bool"),
    (np.ones(4, dtype=complex), "got dtype complex128"),
    (torch.arange(4), "got dtype torch.int64. Convert first, e.g. x.float()"),
    (torch.ones(4, dtype=torch.bool), "got dtype torch.bool"),
    ([1.0, 2.0], "x must be a numpy array or a torch tensor; got list"),
    (3.0, "x must be a numpy array or a torch tensor; got float"),
])
def test_non_float_inputs_get_a_type_error(x, text):
    with pytest.raises(TypeError, match=re.escape(text)):
        dl.dropout(x, 0.5)


def test_integer_input_to_the_layer_and_backward():
    with pytest.raises(TypeError, match="floating-point tensor"):
        dl.Dropout(0.5)(torch.arange(4))
    _, cache = dl.dropout_forward(X, 0.5)
    with pytest.raises(TypeError, match=re.escape("dout must be a floating-point array")):
        dl.dropout_backward(np.arange(4), cache)
    with pytest.raises(ValueError, match=re.escape("dout has shape (3,) but the forward input had shape (4,)")):
        dl.dropout_backward(np.ones(3), cache)
    with pytest.raises(TypeError, match="numpy version"):
        dl.dropout_forward(T, 0.5)


@pytest.mark.parametrize("x,generator,text", [
    (X, torch.Generator(), "generator must be a numpy.random.Generator"),
    (T, np.random.default_rng(0), "generator must be a torch.Generator for a tensor; got Generator"),
    (X, 42, "got int"),
])
def test_wrong_generator_type(x, generator, text):
    with pytest.raises(TypeError, match=re.escape(text)):
        dl.dropout(x, 0.5, generator=generator)


def test_training_flag_must_be_a_bool():
    with pytest.raises(TypeError, match=re.escape("training must be True or False; got 'yes'")):
        dl.dropout(X, 0.5, training="yes")


@pytest.mark.parametrize("env,text", [("seven", "DROPOUT_SEED='seven'"), ("-1", "seed=-1")])
def test_bad_seed_environment_variable(monkeypatch, env, text):
    monkeypatch.setenv("DROPOUT_SEED", env)
    with pytest.raises(ValueError, match=re.escape(text)):
        dl.seed_everything()
