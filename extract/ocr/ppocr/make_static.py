#!/usr/bin/env python3
"""Turns PaddleOCR's PP-OCRv4 Chinese line recognizer (ONNX, input N×3×48×W with N and W dynamic) into fixed-width
graphs OpenCV 4.6's DNN module can run: one file per width, `rec-W.onnx`, each for input 1×3×48×W.

OpenCV 4.6 refuses the model as it is: its importer cannot take a `Shape` of a tensor whose size is only known at
run time, and its `Scale` layer (an element-wise product with a constant) broadcasts only along the channel axis,
not along the last axis of a 3-D tensor as the attention blocks' LayerNorm needs. So, for a fixed input width:
  1. the input's dimensions are fixed, ONNX shape inference runs, and every `Shape` whose input shape is now known
     becomes a constant, as does every node computed from constants alone (repeated until nothing changes);
  2. a 1-D constant multiplied, added, subtracted or divided along the last axis of a 3-D tensor is tiled to that
     tensor's full shape;
  3. a depthwise 5×5 convolution (one filter per channel) whose output rows are at least 16 wide is computed as the
     sum of four depthwise 3×3 convolutions, one per corner of the 5×5 kernel (each weight in exactly one of them,
     the others zero), each padded so that it reads the input where its corner of the kernel did. OpenCV 4.6 runs
     depthwise 3×3 convolutions on a vectorised path and any other size through a general one; on 16-wide rows and
     more the four 3×3 cost about three quarters of the one 5×5 in all (on narrower rows, more), and the result is the
     same sum in another order (outputs within 3e-6 of the unsplit graph's).
  4. (before 3) fewer layers that multiply or add a single number, each of which OpenCV runs as a pass over the whole
     tensor (the backbone's learnable affine blocks, y · a + b after a convolution and after each hard-swish, and
     hard-swish's own division by 6): an affine block right after a convolution goes into the convolution's weights
     and bias (a·W, a·bias + b); hard-swish's / 6 goes into the affine block that follows it (a / 6); and an affine
     block read only by a 1×1 convolution without padding goes into that convolution (W·a, bias + b·ΣW). The same
     arithmetic in another order: outputs within 5e-6 of the graph without this step, 394 layers instead of 502 at
     width 96, about 5 % less time a line.
Nothing else changes: the weights are the model's own, only multiplied out.

  make_static.py MODEL.onnx OUT_DIR W [W ...]

Needs python3-onnx and python3-numpy (Debian).
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference


def attribute(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def known_shapes(model):
    """Every tensor name whose shape inference gave a complete, concrete shape."""
    out = {}
    g = model.graph
    for vi in list(g.value_info) + list(g.input) + list(g.output):
        t = vi.type.tensor_type
        if not t.HasField("shape"):
            continue
        dims = t.shape.dim
        if dims and all(d.HasField("dim_value") for d in dims):
            out[vi.name] = [d.dim_value for d in dims]
    return out


def evaluate(node, inputs):
    """The node's output from constant inputs, for the operators shape arithmetic uses; None for any other."""
    t, a = node.op_type, inputs
    if t == "Cast":
        return a[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[attribute(node, "to")])
    if t == "Slice" and len(a) == 1:  # opset 9: starts, ends and axes are attributes
        x = a[0]
        index = [slice(None)] * x.ndim
        for axis, start, end in zip(attribute(node, "axes"), attribute(node, "starts"), attribute(node, "ends")):
            index[axis] = slice(start, min(end, x.shape[axis]))
        return x[tuple(index)]
    if t == "Squeeze":
        return np.squeeze(a[0], axis=tuple(attribute(node, "axes")))
    if t == "Unsqueeze":
        x = a[0]
        for axis in sorted(attribute(node, "axes")):
            x = np.expand_dims(x, axis)
        return x
    if t == "Concat":
        return np.concatenate([np.atleast_1d(x) for x in a], axis=attribute(node, "axis"))
    if t == "Gather":
        return np.take(a[0], a[1], axis=attribute(node, "axis", 0))
    if t in ("Add", "Sub", "Mul") and len(a) == 2:
        return {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[t](a[0], a[1])
    if t == "Div" and len(a) == 2:
        return a[0] // a[1] if a[0].dtype.kind == "i" else a[0] / a[1]
    return None


def fold(model):
    """One pass of step 1; the number of nodes made constant."""
    model = shape_inference.infer_shapes(model)
    shapes = known_shapes(model)
    g = model.graph
    constants, nodes, folded = {}, [], 0
    for node in g.node:
        value = None
        if node.op_type == "Constant":
            value = numpy_helper.to_array(attribute(node, "value"))
        elif node.op_type == "Shape" and node.input[0] in shapes:
            value = np.array(shapes[node.input[0]], dtype=np.int64)
        elif node.input and all(i in constants for i in node.input if i):
            value = evaluate(node, [constants[i] for i in node.input if i])
        if value is None:
            nodes.append(node)
            continue
        value = np.asarray(value)
        constants[node.output[0]] = value
        if node.op_type != "Constant":
            folded += 1
            node = helper.make_node("Constant", [], [node.output[0]],
                                    value=numpy_helper.from_array(value, node.output[0]))
        nodes.append(node)
    used = {i for n in nodes for i in n.input} | {o.name for o in g.output}
    nodes = [n for n in nodes if n.op_type != "Constant" or n.output[0] in used]
    del g.node[:]
    g.node.extend(nodes)
    del g.value_info[:]
    return model, folded


def tile_last_axis_constants(model):
    """Step 2; the number of constants tiled."""
    shapes = known_shapes(shape_inference.infer_shapes(model))
    g = model.graph
    producer = {o: n for n in g.node for o in n.output}
    added, tiled = [], 0
    for node in g.node:
        if node.op_type not in ("Mul", "Add", "Sub", "Div") or len(node.input) != 2:
            continue
        for k in (0, 1):
            c, other = producer.get(node.input[k]), node.input[1 - k]
            if c is None or c.op_type != "Constant" or len(shapes.get(other, [])) != 3:
                continue
            value = numpy_helper.to_array(attribute(c, "value"))
            if value.ndim != 1 or value.size < 2 or value.size != shapes[other][2]:
                continue
            name = "%s_tiled_%d" % (node.input[k], tiled)
            full = np.broadcast_to(value, shapes[other]).astype(value.dtype)
            added.append(helper.make_node("Constant", [], [name], value=numpy_helper.from_array(full, name)))
            node.input[k] = name
            tiled += 1
    nodes = added + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    return tiled


def constants_of(graph):
    """A function giving the value of a tensor of `graph` that is an initializer or a Constant node's output (None for
    any other), as the graph stands now."""
    producer = {o: n for n in graph.node for o in n.output}
    initial = {i.name: i for i in graph.initializer}

    def constant(name):
        if name in initial:
            return numpy_helper.to_array(initial[name])
        p = producer.get(name)
        return numpy_helper.to_array(attribute(p, "value")) if p is not None and p.op_type == "Constant" else None
    return constant


def split_depthwise(model, min_width=16):
    """Step 3; the number of convolutions split."""
    shapes = known_shapes(shape_inference.infer_shapes(model))
    g = model.graph
    constant = constants_of(g)

    nodes, split = [], 0
    for node in g.node:
        w = constant(node.input[1]) if node.op_type == "Conv" else None
        out_shape = shapes.get(node.output[0], [])
        if (w is None or w.ndim != 4 or w.shape[1] != 1 or w.shape[2:] != (5, 5) or
                attribute(node, "group", 1) != w.shape[0] or list(attribute(node, "pads", [0] * 4)) != [2] * 4 or
                list(attribute(node, "dilations", [1, 1])) != [1, 1] or len(out_shape) != 4 or
                out_shape[3] < min_width):
            nodes.append(node)
            continue
        bias = constant(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        taken = np.zeros((5, 5), dtype=bool)
        parts = []
        for j, (dy, dx) in enumerate(((0, 0), (0, 2), (2, 0), (2, 2))):
            tile = np.zeros((w.shape[0], 1, 3, 3), dtype=w.dtype)
            for a in range(3):
                for b in range(3):
                    if not taken[dy + a, dx + b]:
                        taken[dy + a, dx + b] = True
                        tile[:, :, a, b] = w[:, :, dy + a, dx + b]
            name = "%s_corner%d" % (node.output[0], j)
            nodes.append(helper.make_node("Constant", [], [name + "_w"],
                                          value=numpy_helper.from_array(tile, name + "_w")))
            inputs = [node.input[0], name + "_w"]
            if j == 0 and bias is not None:
                nodes.append(helper.make_node("Constant", [], [name + "_b"],
                                              value=numpy_helper.from_array(bias, name + "_b")))
                inputs.append(name + "_b")
            # Output (y, x) reads input rows y + dy - 2 .. y + dy: pad 2 - dy above and dy below (so for columns).
            nodes.append(helper.make_node("Conv", inputs, [name], name=name, group=w.shape[0], kernel_shape=[3, 3],
                                          pads=[2 - dy, 2 - dx, dy, dx], strides=attribute(node, "strides", [1, 1]),
                                          dilations=[1, 1]))
            parts.append(name)
        nodes.append(helper.make_node("Sum", parts, [node.output[0]], name=node.name + "_sum"))
        split += 1
    del g.node[:]
    g.node.extend(nodes)
    return split


def fewer_scalar_layers(model):
    """Step 4; the number of layers it took out."""
    g = model.graph
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    constant = constants_of(g)

    def scalar_of(node, op):
        """(the other input, the scalar) when `node` is `op` of a tensor and a one-element constant."""
        if node is None or node.op_type != op or len(node.input) != 2:
            return None
        for k in (0, 1):
            c = constant(node.input[k])
            if c is not None and c.size == 1 and constant(node.input[1 - k]) is None:
                return node.input[1 - k], float(c.reshape(-1)[0])
        return None

    def only_consumer(name):
        c = consumers.get(name, [])
        return c[0] if len(c) == 1 and name not in {o.name for o in g.output} else None

    def affine_after(name):
        """(mul node, add node, a, b) when `name` feeds only x * a, which feeds only that + b."""
        mul = only_consumer(name)
        m = scalar_of(mul, "Mul")
        add = only_consumer(mul.output[0]) if m else None
        a = scalar_of(add, "Add")
        return (mul, add, m[1], a[1]) if m and a else None

    dropped, replaced, added = set(), {}, []  # node ids to drop; tensor renames; nodes to add

    changed = {}  # id(conv) → (conv, weights, bias) as steps 4a and 4c left them

    def set_conv_weights(conv, w, b):
        changed[id(conv)] = (conv, w, b)

    def conv_weights(conv):
        if id(conv) in changed:
            return changed[id(conv)][1:]
        w = constant(conv.input[1])
        b = constant(conv.input[2]) if len(conv.input) > 2 and conv.input[2] else np.zeros(w.shape[0], w.dtype)
        return w, b

    taken = 0
    for node in list(g.node):
        # 4a. A convolution followed by nothing but y * a + b: a·W and a·bias + b.
        if node.op_type == "Conv" and constant(node.input[1]) is not None:
            aff = affine_after(node.output[0])
            if aff:
                mul, add, a, b = aff
                w, bias = conv_weights(node)
                set_conv_weights(node, (w * a).astype(w.dtype), (bias * a + b).astype(bias.dtype))
                replaced[add.output[0]] = node.output[0]
                dropped.update((id(mul), id(add)))
                taken += 2
        # 4b. A division by 6 (hard-swish's last step, x · clip(x + 3, 0, 6) / 6) followed by nothing but y · a + b:
        # the division goes into a (a / 6). 4c. Then y · a + b read only by a 1×1 convolution without padding or
        # stride: W·a and bias + b·ΣW.
        if node.op_type == "Div":
            d = scalar_of(node, "Div")
            aff = affine_after(node.output[0]) if d and d[1] == 6.0 else None
            if not aff:
                continue
            a_mul, a_add, a, b = aff
            a /= 6.0
            replaced[node.output[0]] = d[0]
            dropped.add(id(node))
            taken += 1
            conv = only_consumer(a_add.output[0])
            if (conv is not None and conv.op_type == "Conv" and constant(conv.input[1]) is not None and
                    conv_weights(conv)[0].shape[2:] == (1, 1) and attribute(conv, "group", 1) == 1 and
                    list(attribute(conv, "pads", [0] * 4)) == [0] * 4 and
                    list(attribute(conv, "strides", [1, 1])) == [1, 1]):
                w, bias = conv_weights(conv)
                set_conv_weights(conv, (w * a).astype(w.dtype),
                                 (bias + b * w.sum(axis=(1, 2, 3))).astype(bias.dtype))
                replaced[a_add.output[0]] = d[0]
                dropped.update((id(a_mul), id(a_add)))
                taken += 2
            else:
                k = 0 if a_mul.input[1] == node.output[0] else 1
                name = a_mul.output[0] + "_a"
                added.append(helper.make_node("Constant", [], [name], value=numpy_helper.from_array(
                    np.array(a, dtype=np.float32).reshape(constant(a_mul.input[k]).shape), name)))
                a_mul.input[k] = name
    for conv, w, b in changed.values():
        name = conv.output[0]
        added.append(helper.make_node("Constant", [], [name + "_fw"], value=numpy_helper.from_array(w, name + "_fw")))
        added.append(helper.make_node("Constant", [], [name + "_fb"], value=numpy_helper.from_array(b, name + "_fb")))
        conv.input[:] = [conv.input[0], name + "_fw", name + "_fb"]
    nodes = [n for n in added + list(g.node) if id(n) not in dropped]

    def renamed(name):
        while name in replaced:
            name = replaced[name]
        return name

    for n in nodes:
        n.input[:] = [renamed(i) for i in n.input]
    del g.node[:]
    g.node.extend(nodes)
    # Topological order again (a constant added above is read before it is written).
    written = {i.name for i in g.input} | {i.name for i in g.initializer}
    ordered, waiting = [], list(g.node)
    while waiting:
        ready = [n for n in waiting if all(not i or i in written for i in n.input)]
        if not ready:
            sys.exit("make_static.py: step 4 left a cycle")
        for n in ready:
            written.update(n.output)
        ordered.extend(ready)
        done = {id(r) for r in ready}
        waiting = [n for n in waiting if id(n) not in done]
    used = {i for n in ordered for i in n.input}
    del g.node[:]
    g.node.extend(n for n in ordered if n.op_type != "Constant" or n.output[0] in used)
    return taken


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, out_dir, widths = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3:]]
    os.makedirs(out_dir, exist_ok=True)
    for width in widths:
        if width <= 0 or width % 8:
            sys.exit("make_static.py: a width must be a positive multiple of 8, not %d" % width)
        model = onnx.load(source)
        dims = model.graph.input[0].type.tensor_type.shape.dim
        if len(dims) != 4 or dims[2].dim_value != 48:
            sys.exit("make_static.py: %s is not a 48-pixel line recognizer (input N×3×48×W)" % source)
        dims[0].dim_value, dims[3].dim_value = 1, width
        for _ in range(16):
            model, folded = fold(model)
            if folded == 0:
                break
        left = [n.name for n in model.graph.node if n.op_type == "Shape"]
        if left:
            sys.exit("make_static.py: width %d: shapes still computed at run time by %s" % (width, ", ".join(left)))
        tiled = tile_last_axis_constants(model)
        taken = fewer_scalar_layers(model)
        split = split_depthwise(model)
        onnx.checker.check_model(model)
        path = os.path.join(out_dir, "rec-%d.onnx" % width)
        onnx.save(model, path + ".part")
        os.replace(path + ".part", path)
        print("make_static.py: %s (%d constants tiled, %d layers taken out, %d convolutions split)" %
              (path, tiled, taken, split))


if __name__ == "__main__":
    main()
