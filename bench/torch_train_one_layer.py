#!/usr/bin/env python3
"""PyTorch peer of `expressivity4j bench train-one-layer`: the train-one-layer experiment (Raghu et al. 2017,
Fig. 7) on MNIST the way a PyTorch user writes it.

The fully connected hard-tanh net starts from the weights the Java side wrote; every layer but the trained one has
requires_grad = False, Adam (PyTorch's defaults but the learning rate) updates the trained one, and every step runs
the whole network forward and backward. The data are the MNIST IDX files the Java side located, standardized as it
does (pixel * scale - shift in float32), in the Java side's subsets and per-epoch batch order. After each epoch,
train accuracy on the train-accuracy subset and test accuracy and loss, in batches of 1000, without gradients.

Reads the folder the Java side prepared (meta.json; int32 little-endian index files; float32 weights) and prints
one JSON line: seconds (wall and process CPU) of the training and measurement (after the data are in memory), the loss of the first batch
under the initial weights (a check that both sides set up the same experiment), and per epoch the seconds, mean
training loss, train accuracy, test accuracy and test loss.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_train_one_layer.py --inputs DIR --trained 1
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def ints(folder, name):
    return np.fromfile(os.path.join(folder, name), dtype="<i4").astype(np.int64)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inputs", required=True, help="the folder the Java side prepared")
    p.add_argument("--trained", type=int, required=True,
                   help="index of the trained layer among the weighted ones (0 for the first hidden layer)")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    with open(os.path.join(a.inputs, "meta.json")) as f:
        meta = json.load(f)

    def images(key):
        x = idx(meta["files"][key]).reshape(-1, 784).astype(np.float32)
        return x * np.float32(meta["scale"]) - np.float32(meta["shift"])

    train_x = images("train_images")[ints(a.inputs, "train.bin")]
    train_y = idx(meta["files"]["train_labels"]).astype(np.int64)[ints(a.inputs, "train.bin")]
    test_x = images("test_images")[ints(a.inputs, "test.bin")]
    test_y = idx(meta["files"]["test_labels"]).astype(np.int64)[ints(a.inputs, "test.bin")]
    eval_rows = ints(a.inputs, "train_eval.bin")
    order = ints(a.inputs, "order.bin").reshape(meta["epochs"], -1)
    train_x, train_y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    test_x, test_y = torch.from_numpy(test_x), torch.from_numpy(test_y)
    eval_x, eval_y = train_x[eval_rows], train_y[eval_rows]

    sizes = meta["sizes"]  # inputs, hidden widths..., classes
    weights = np.fromfile(os.path.join(a.inputs, "weights.bin"), dtype="<f4")
    layers, at = [], 0
    for i in range(len(sizes) - 1):
        n_in, n_out = sizes[i], sizes[i + 1]
        linear = nn.Linear(n_in, n_out)
        w = weights[at:at + n_in * n_out].reshape(n_in, n_out)  # DL4J's W is [in, out]
        at += n_in * n_out
        b = weights[at:at + n_out]
        at += n_out
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w.T.copy()))
            linear.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.Hardtanh())
    net = nn.Sequential(*layers)
    trained = layers[2 * a.trained]
    for param in net.parameters():
        param.requires_grad = False
    for param in trained.parameters():
        param.requires_grad = True
    opt = torch.optim.Adam(trained.parameters(), lr=meta["learning_rate"])
    loss_fn = nn.CrossEntropyLoss()
    batch, limit = meta["batch"], meta["batch_limit"]

    def measure(x, y):
        correct, loss = 0, 0.0
        with torch.no_grad():
            for i in range(0, len(y), 1000):
                out = net(x[i:i + 1000])
                correct += (out.argmax(1) == y[i:i + 1000]).sum().item()
                loss += nn.functional.cross_entropy(out, y[i:i + 1000], reduction="sum").item()
        return correct / len(y), loss / len(y)

    epochs = []
    first_loss = None
    start = time.perf_counter()
    cpu_start = time.process_time()
    for e in range(meta["epochs"]):
        t0 = time.perf_counter()
        losses = []
        rows = order[e]
        for k, i in enumerate(range(0, len(rows), batch)):
            if limit and k >= limit:
                break
            take = torch.from_numpy(rows[i:i + batch])
            opt.zero_grad()
            loss = loss_fn(net(train_x[take]), train_y[take])
            loss.backward()
            opt.step()
            losses.append(loss.item())
            if first_loss is None:
                first_loss = losses[0]
        train_acc, _ = measure(eval_x, eval_y)
        test_acc, test_loss = measure(test_x, test_y)
        epochs.append({"epoch": e + 1, "seconds": time.perf_counter() - t0, "train_loss": float(np.mean(losses)),
                       "train_accuracy": train_acc, "test_accuracy": test_acc, "test_loss": test_loss})
    print(json.dumps({"impl": "torch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "seconds": time.perf_counter() - start,
                      "cpu_seconds": time.process_time() - cpu_start, "first_batch_loss": first_loss, "epochs": epochs}))


if __name__ == "__main__":
    main()
