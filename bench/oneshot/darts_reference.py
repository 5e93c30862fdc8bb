#!/usr/bin/python3
"""First-order DARTS (and GumbelDARTS) in plain PyTorch on the spaces of JNAS's DARTS acceptance test.

An independent check of docs/one-shot.md's finding that first-order DARTS leans to the cheaper
candidate of every label on these spaces: the same supernet (mixed ops summed by softmax(alpha), a
BatchNorm without scale and shift after every candidate, the hidden Linear's width as one shared
layer masked per width), the same data and split, and DARTS's steps as NNI's DartsLightningModule
takes them without `unrolled`; with --gumbel, GumbelDARTS as JNAS's (soft Gumbel-softmax,
one draw per label and forward pass, temperature from 1.0 towards 0.33 per epoch). Nothing here calls JNAS, so if this leans the same way the lean is
DARTS's, not a defect of JNAS's steps.

With --calibrate the architecture step's loss is taken on the logits times a learned scale, exp(s), s
learned on the architecture batches with Adam (--scale-lr, betas (0.5, 0.999)): a diagnostic of where
the lean to the narrower width comes from (docs/one-shot-acceptance.md), not a JNAS setting.

With --select remove|alone the export is chosen by perturbation (DARTS-PT, Wang et al. 2021) instead of
the largest alpha: per label, the candidate whose removal from the trained supernet (its weight set to 0)
lowers its accuracy on the architecture half most, or the candidate that scores best alone in its label.

With --grid it also trains every architecture standalone as a JNAS grid trial does (Adam 1e-3,
batch 64, one epoch on the training images, accuracy on the test images) and ranks each export in
that grid, so the check does not depend on JNAS's grid either.

    apt-get install -y python3-torch dataset-fashion-mnist
    /usr/bin/python3 bench/oneshot/darts_reference.py --seeds 1,2,3 --grid [--space contrast] [--augment] [--calibrate] [--select alone]
"""
import argparse
import gzip
import itertools
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist(folder, train_images, test_images):
    """The first images of each part, normalised as the NNI quickstart (and JNAS's Datasets) does."""
    def part(prefix, n):
        x = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"))[:n]
        y = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"))[:n]
        x = (torch.tensor(x, dtype=torch.float32).unsqueeze(1) / 255 - 0.1307) / 0.3081
        return x, torch.tensor(y, dtype=torch.long)
    return part("train", train_images), part("t10k", test_images)


def normalised(op):
    """op (16 channels out, as every op here), then a BatchNorm without scale and shift (DARTS's affine=False)."""
    return nn.Sequential(op, nn.BatchNorm2d(16, affine=False))


def candidates(space):
    """label -> (candidate names, factory(index) -> module); the width label builds nothing (shared Linear)."""
    first = lambda k: normalised(nn.Conv2d(1, 16, k, padding=k // 2))
    second = lambda k: normalised(nn.Conv2d(16, 16, k, padding=k // 2))
    ops = {
        "conv1": (["3x3", "5x5", "1x1"], lambda i: first([3, 5, 1][i])),
        "pool": (["max", "avg"], lambda i: normalised(nn.MaxPool2d(2) if i == 0 else nn.AvgPool2d(2))),
    }
    if space == "acceptance":
        ops["conv2"] = (["3x3", "1x1"], lambda i: second([3, 1][i]))
        widths = [32, 64]
    else:  # contrast: the 1x1 second convolution becomes a weightless 3x3 average pooling, width 32 becomes 8
        ops["conv2"] = (["3x3", "avgpool3x3"],
                        lambda i: second(3) if i == 0 else normalised(nn.AvgPool2d(3, 1, 1)))
        widths = [8, 64]
    return ops, widths


class Net(nn.Module):
    """The supernet when `choice` is None, else the architecture `choice` (label -> index)."""

    def __init__(self, space, choice=None):
        super().__init__()
        ops, self.widths = candidates(space)
        self.labels = list(ops) + ["feature"]
        self.names = {label: ops[label][0] for label in ops}
        self.names["feature"] = [str(w) for w in self.widths]
        self.choice = choice
        self.ops = nn.ModuleDict({
            label: nn.ModuleList([make(i) for i in range(len(names))] if choice is None else [make(choice[label])])
            for label, (names, make) in ops.items()})
        width = max(self.widths) if choice is None else self.widths[choice["feature"]]
        self.hidden = nn.Linear(16 * 7 * 7, width)  # 28x28 halved by two poolings
        self.out = nn.Linear(width, 10)
        self.fixed = {}  # label -> weights used instead of the mix (perturbation selection)
        self.temperature = None  # GumbelDARTS: the epoch's temperature; None: DARTS's softmax(alpha)
        if choice is None:
            self.alpha = nn.ParameterDict({label: nn.Parameter(1e-3 * torch.randn(len(self.names[label])))
                                           for label in self.labels})

    def weights(self):
        return [p for name, p in self.named_parameters() if not name.startswith("alpha")]

    def mix(self, label):
        logits = self.alpha[label]
        if self.temperature is None:
            return F.softmax(logits, dim=0)
        gumbel = -torch.log(-torch.log(torch.rand_like(logits)))
        return F.softmax((logits + gumbel) / self.temperature, dim=0)

    def mixed(self, label, x):
        if self.choice is not None:
            return self.ops[label][0](x)
        p = self.fixed[label] if label in self.fixed else self.mix(label)
        return sum(p[i] * op(x) for i, op in enumerate(self.ops[label]))

    def forward(self, x):
        x = F.relu(self.mixed("conv1", x))
        x = self.mixed("pool", x)
        x = F.relu(self.mixed("conv2", x))
        x = torch.flatten(F.max_pool2d(x, 2), 1)
        x = self.hidden(x)
        if self.choice is None:  # FBNetV2's mask: sum over widths of p_i * (1 on the first w_i units)
            p = self.fixed["feature"] if "feature" in self.fixed else self.mix("feature")
            units = torch.arange(max(self.widths))
            x = x * sum(p[i] * (units < w).float() for i, w in enumerate(self.widths))
        return self.out(F.relu(x))


def batches(x, y, size, generator):
    order = torch.randperm(len(x), generator=generator)
    for start in range(0, len(x), size):
        index = order[start:start + size]
        yield x[index], y[index]


def augmented(x, generator):
    """DARTS's search transform on a batch: a random shift of up to 2 pixels (zero padding, as a padded
    random crop) and a horizontal flip of half the images."""
    padded = F.pad(x, (2, 2, 2, 2), value=float(x.min()))
    out = torch.empty_like(x)
    shifts = torch.randint(0, 5, (len(x), 2), generator=generator)
    flips = torch.rand(len(x), generator=generator) < 0.5
    for i in range(len(x)):
        dy, dx = shifts[i].tolist()
        image = padded[i, :, dy:dy + 28, dx:dx + 28]
        out[i] = image.flip(-1) if flips[i] else image
    return out


def darts(space, data, seed, epochs, warmup, arch_lr, weight_lr, weight_decay, gumbel, augment=False, scale_lr=None, select="argmax"):
    """First-order DARTS: per batch pair an architecture step (after warm-up), then a weight step; with
    scale_lr, the architecture loss is taken on the logits times exp(s), s learned on the architecture batches."""
    torch.manual_seed(seed)
    (x, y), _ = data
    split = torch.randperm(len(x))
    half = len(x) // 2
    weight_x, weight_y = x[split[:half]], y[split[:half]]
    arch_x, arch_y = x[split[half:]], y[split[half:]]
    net = Net(space)
    weight_opt = torch.optim.SGD(net.weights(), lr=weight_lr, momentum=0.9, weight_decay=weight_decay)
    arch_opt = torch.optim.Adam(net.alpha.parameters(), lr=arch_lr, betas=(0.5, 0.999), weight_decay=1e-3)
    log_scale = torch.zeros((), requires_grad=True)
    scale_opt = torch.optim.Adam([log_scale], lr=scale_lr or 0.0, betas=(0.5, 0.999))
    generator = torch.Generator().manual_seed(seed)
    net.train()
    for epoch in range(epochs):
        if gumbel:
            net.temperature = 0.33 + 0.67 * (1 - epoch / epochs)
        for (ax, ay), (wx, wy) in zip(batches(arch_x, arch_y, 64, generator), batches(weight_x, weight_y, 64, generator)):
            if augment:
                ax, wx = augmented(ax, generator), augmented(wx, generator)
            if epoch >= warmup:
                arch_opt.zero_grad()
                scale_opt.zero_grad()
                logits = net(ax)
                F.cross_entropy(logits * log_scale.exp() if scale_lr else logits, ay).backward()
                arch_opt.step()
                if scale_lr:
                    scale_opt.step()
            weight_opt.zero_grad()  # also drops what the architecture step left on the weights
            F.cross_entropy(net(wx), wy).backward()
            nn.utils.clip_grad_norm_(net.weights(), 5.0)
            weight_opt.step()
    probabilities = {label: F.softmax(net.alpha[label], dim=0).tolist() for label in net.labels}
    export = {label: int(np.argmax(p)) for label, p in probabilities.items()}
    if select != "argmax":
        export = perturbation_export(net, arch_x, arch_y, select)
    return net, probabilities, export, log_scale.item()


def perturbation_export(net, x, y, mode):
    """DARTS-PT's selection (Wang et al., 2021), without its fine-tuning between labels: per label, with
    mode 'remove' the candidate whose removal from the trained supernet (its weight 0, the others' as
    trained) lowers its accuracy on the architecture half most; with 'alone' the candidate that scores
    best as the only one of its label (for a two-way label, the removal of the other, renormalised)."""
    net.eval()
    export = {}
    with torch.no_grad():
        for label in net.labels:
            p = F.softmax(net.alpha[label], dim=0)
            scores = []
            for i in range(len(p)):
                q = torch.zeros_like(p) if mode == "alone" else p.clone()
                q[i] = 1.0 if mode == "alone" else 0.0
                net.fixed = {label: q}
                scores.append((net(x).argmax(1) == y).float().mean().item())
            net.fixed = {}
            export[label] = int(np.argmax(scores)) if mode == "alone" else int(np.argmin(scores))
    net.train()
    return export


def standalone(space, choice, data, seed):
    """One architecture trained as a JNAS grid trial: Adam 1e-3, batch 64, one epoch; test accuracy."""
    torch.manual_seed(seed)
    (x, y), (test_x, test_y) = data
    net = Net(space, choice)
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
    net.train()
    for bx, by in batches(x, y, 64, torch.Generator().manual_seed(seed)):
        optimiser.zero_grad()
        F.cross_entropy(net(bx), by).backward()
        optimiser.step()
    net.eval()
    with torch.no_grad():
        return (net(test_x).argmax(1) == test_y).float().mean().item()


def describe(net, choice):
    return "{" + ", ".join(f"{label}={net.names[label][choice[label]]}" for label in net.labels) + "}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--space", choices=["acceptance", "contrast"], default="acceptance")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--arch-lr", type=float, default=3e-3)
    parser.add_argument("--weight-lr", type=float, default=0.025)
    parser.add_argument("--weight-decay", type=float, default=3e-4, help="the weights' SGD weight decay (DARTS's 3e-4)")
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--gumbel", action="store_true", help="GumbelDARTS instead of DARTS")
    parser.add_argument("--augment", action="store_true", help="shift and flip both halves' batches, as DARTS's search does")
    parser.add_argument("--calibrate", action="store_true", help="learn a scale of the logits in the architecture step")
    parser.add_argument("--scale-lr", type=float, default=0.03, help="the scale's Adam learning rate, with --calibrate")
    parser.add_argument("--select", choices=["argmax", "remove", "alone"], default="argmax",
                        help="how the export is chosen: argmax of alpha, or DARTS-PT's perturbation")
    parser.add_argument("--grid", action="store_true", help="train every architecture standalone and rank the exports")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = fashion_mnist(args.data, args.train, args.test)
    exports = []
    for seed in map(int, args.seeds.split(",")):
        start = time.time()
        net, probabilities, export, log_scale = darts(args.space, data, seed, args.epochs, args.warmup, args.arch_lr,
                                                      args.weight_lr, args.weight_decay, args.gumbel, args.augment,
                                                      args.scale_lr if args.calibrate else None, args.select)
        shown = ", ".join(f"{label} " + "/".join(f"{name} {p:.2f}" for name, p in zip(net.names[label], probabilities[label]))
                          for label in net.labels)
        scale = f"; logit scale {math.exp(log_scale):.2f}" if args.calibrate else ""
        print(f"seed {seed}: exports {describe(net, export)} ({time.time() - start:.1f} s); {shown}{scale}", flush=True)
        exports.append((seed, export))
    if args.grid:
        labels = net.labels
        sizes = [len(net.names[label]) for label in labels]
        grid = {}
        for indices in itertools.product(*map(range, sizes)):
            choice = dict(zip(labels, indices))
            grid[indices] = standalone(args.space, choice, data, seed=sum(i * 7 ** k for k, i in enumerate(indices)))
        ordered = sorted(grid.values(), reverse=True)
        for indices, accuracy in sorted(grid.items(), key=lambda e: -e[1]):
            print(f"grid {accuracy:.3f} {describe(net, dict(zip(labels, indices)))}")
        for seed, export in exports:
            accuracy = grid[tuple(export[label] for label in labels)]
            rank = 1 + sum(a > accuracy for a in ordered)
            print(f"seed {seed}: export {describe(net, export)} accuracy {accuracy:.3f}, rank {rank} of {len(grid)}")


if __name__ == "__main__":
    main()
