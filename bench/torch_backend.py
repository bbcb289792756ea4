#!/usr/bin/env python3
"""PyTorch peer of `expressivity4j bench backend`: training-step time of the same two networks.

mlp:  784 -> L hidden layers of `width` hard-tanh units -> 10, softmax cross-entropy (the MNIST MLP);
conv: the CIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 out (5x5 and 3x3 convolutions with "same" padding,
      relu, 3x3 max pooling with stride 2), channel and unit counts given, softmax cross-entropy.
Plain SGD (learning rate 0.01), float32, random inputs and fixed labels, the way a PyTorch user writes a training
step: zero_grad, forward, loss, backward, step. Times `--steps` steps after `--warmup` untimed ones and prints one
JSON line with the mean milliseconds per step, wall and process CPU time.

Run with Debian's interpreter and packages (python3-torch, libopenblas0-pthread so that libblas.so.3 is
OpenBLAS):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_backend.py --net mlp --threads 1
"""
import argparse
import json
import time

import torch
from torch import nn


def mlp(hidden, width):
    layers, n = [], 784
    for _ in range(hidden):
        layers += [nn.Linear(n, width), nn.Hardtanh()]
        n = width
    layers.append(nn.Linear(n, 10))
    return nn.Sequential(*layers), (784,)


def conv(c12, c345, fc1, fc2):
    def c(i, o, k):
        return [nn.Conv2d(i, o, k, padding=k // 2), nn.ReLU()]
    pool = lambda: nn.MaxPool2d(3, stride=2, padding=1)  # 32 -> 16 -> 8, as DL4J's "same" mode pooling
    layers = (c(3, c12, 5) + c(c12, c12, 5) + [pool()] + c(c12, c345, 3) + c(c345, c345, 3) + c(c345, c345, 3)
              + [pool(), nn.Flatten(), nn.Linear(c345 * 8 * 8, fc1), nn.ReLU(), nn.Linear(fc1, fc2), nn.ReLU(),
                 nn.Linear(fc2, 10)])
    return nn.Sequential(*layers), (3, 32, 32)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--net", choices=["mlp", "conv"], required=True)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--hidden", type=int, default=8, help="mlp: hidden layers")
    p.add_argument("--width", type=int, default=100, help="mlp: units per hidden layer")
    p.add_argument("--sizes", type=int, nargs=4, default=[64, 64, 512, 256], metavar=("C12", "C345", "FC1", "FC2"),
                   help="conv: channels of c1-c2 and c3-c5, units of fc1 and fc2")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net, shape = mlp(a.hidden, a.width) if a.net == "mlp" else conv(*a.sizes)
    x = torch.rand(a.batch, *shape)
    y = torch.arange(a.batch) % 10
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        "impl": "torch", "torch": torch.__version__, "net": a.net, "threads": torch.get_num_threads(),
        "batch": a.batch, "steps": a.steps, "parameters": sum(t.numel() for t in net.parameters()),
        "ms_per_step": seconds * 1000 / a.steps, "cpu_ms_per_step": cpu * 1000 / a.steps,
    }))


if __name__ == "__main__":
    main()
