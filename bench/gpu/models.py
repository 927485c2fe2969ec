"""Model and synthetic-batch factories, one per bench model id the harness can build.

Every factory builds the model with random weights (nothing is downloaded), makes one
synthetic batch of the real input shape on the device, and returns a `Workload` whose
`step()` is one full training step: forward, backward and optimizer step.

Factories take (device, tiny, autocast, compile_fn):
- tiny: small shapes and widths so that one step runs in about a second on a CPU;
- autocast: a zero-argument callable returning the context the forward pass runs in
  (bf16 autocast or a null context);
- compile_fn: None, or a function that wraps a module (torch.compile). Only factories with
  one forward module support it; the others raise.
"""

import copy
import math
import os
from dataclasses import dataclass, field
from typing import Callable, Optional

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Workload:
    model_id: str
    task: dict                              # {"en": ..., "zh": ...}
    input: str
    batch_size: int
    step: Callable[[], None]
    count_step: Callable[[], None]          # the same step without torch.compile, for FLOPs
    tokens_per_step: Optional[int] = None
    recurrent: bool = False                 # count FLOPs with cuDNN off (fused RNN kernels)
    modules: list = field(default_factory=list)
    sample_unit: str = "samples"            # what one of batch_size is (schema.SAMPLE_UNITS)


def _task(en, zh):
    """A task label in every language the site is written in."""
    return {"en": en, "zh": zh}


def _no_compile(model_id, compile_fn):
    if compile_fn is not None:
        raise ValueError(f"{model_id}: torch.compile is not supported by this factory")


def _standard(model_id, model, loss_of, batch, opt, autocast, compile_fn, **info):
    """A Workload for one module trained by one optimizer on one loss."""
    fwd = compile_fn(model) if compile_fn is not None else model

    def make(module):
        def step():
            opt.zero_grad(set_to_none=True)
            with autocast():
                loss = loss_of(module, *batch)
            loss.backward()
            opt.step()
        return step

    return Workload(model_id=model_id, step=make(fwd), count_step=make(model),
                    modules=[model], **info)


# ----------------------------------------------------------------------------- vision

def _image_classifier(model_id, ctor, device, tiny, autocast, compile_fn, batch, size,
                      optimizer="sgd"):
    model = ctor().to(device)
    x = torch.randn(batch, 3, size, size, device=device)
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 1000, (batch,), device=device)
    if optimizer == "adamw":
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    return _standard(model_id, model, lambda m, x, y: F.cross_entropy(m(x), y), (x, y), opt,
                     autocast, compile_fn, task=_task("image classification", "图像分类"),
                     input=f"3x{size}x{size}", batch_size=batch, sample_unit="images")


def resnet50(device, tiny, autocast, compile_fn=None):
    import torchvision

    return _image_classifier("resnet50", lambda: torchvision.models.resnet50(weights=None),
                             device, tiny, autocast, compile_fn,
                             batch=2 if tiny else 256, size=64 if tiny else 224)


def efficientnet_b0(device, tiny, autocast, compile_fn=None):
    import torchvision

    return _image_classifier("efficientnet-b0",
                             lambda: torchvision.models.efficientnet_b0(weights=None),
                             device, tiny, autocast, compile_fn,
                             batch=2 if tiny else 256, size=64 if tiny else 224)


def vit_b16(device, tiny, autocast, compile_fn=None):
    import torchvision

    size = 32 if tiny else 224
    return _image_classifier("vit-b16",
                             lambda: torchvision.models.vit_b_16(weights=None, image_size=size),
                             device, tiny, autocast, compile_fn,
                             batch=2 if tiny else 128, size=size, optimizer="adamw")


# ----------------------------------------------------------------------------- recurrent

class RNNLM(nn.Module):
    """Word-level language model: embedding, stacked LSTM or GRU, tied-size output layer."""

    def __init__(self, cell, vocab, dim, layers, dropout):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = cell(dim, dim, num_layers=layers, dropout=dropout, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(dim, vocab)

    def forward(self, tokens):
        h, _ = self.rnn(self.drop(self.embed(tokens)))
        return self.out(self.drop(h))


def _rnn_lm(model_id, cell, device, tiny, autocast, compile_fn):
    vocab, dim, layers = (100, 32, 2) if tiny else (10000, 1024, 2)
    batch, seq = (2, 8) if tiny else (128, 128)
    model = RNNLM(cell, vocab, dim, layers, dropout=0.2).to(device)
    tokens = torch.randint(0, vocab, (batch, seq + 1), device=device)
    x, y = tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def loss_of(m, x, y):
        return F.cross_entropy(m(x).reshape(-1, vocab), y.reshape(-1))

    return _standard(model_id, model, loss_of, (x, y), opt, autocast, compile_fn,
                     task=_task(f"language modelling, seq {seq}", f"语言建模，序列长度 {seq}"),
                     input=f"seq {seq}, vocab {vocab}", batch_size=batch, sample_unit="sequences",
                     tokens_per_step=batch * seq, recurrent=True)


def lstm_lm(device, tiny, autocast, compile_fn=None):
    return _rnn_lm("lstm-lm", nn.LSTM, device, tiny, autocast, compile_fn)


def gru_lm(device, tiny, autocast, compile_fn=None):
    return _rnn_lm("gru-lm", nn.GRU, device, tiny, autocast, compile_fn)


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab, emb, hidden, layers, tags):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, num_layers=layers, bidirectional=True,
                           batch_first=True, dropout=0.25)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, tokens):
        h, _ = self.rnn(self.embed(tokens))
        return self.out(h)


def bilstm_tagger(device, tiny, autocast, compile_fn=None):
    vocab, emb, hidden, tags = (100, 16, 16, 10) if tiny else (20000, 300, 512, 50)
    batch, seq = (2, 8) if tiny else (128, 64)
    model = BiLSTMTagger(vocab, emb, hidden, 2, tags).to(device)
    x = torch.randint(0, vocab, (batch, seq), device=device)
    y = torch.randint(0, tags, (batch, seq), device=device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def loss_of(m, x, y):
        return F.cross_entropy(m(x).reshape(-1, tags), y.reshape(-1))

    return _standard("bilstm-tagger", model, loss_of, (x, y), opt, autocast, compile_fn,
                     task=_task(f"sequence tagging, seq {seq}", f"序列标注，序列长度 {seq}"),
                     input=f"seq {seq}, {tags} tags", batch_size=batch, sample_unit="sequences", tokens_per_step=batch * seq, recurrent=True)


# ----------------------------------------------------------------------------- transformers

def bert_base_mlm(device, tiny, autocast, compile_fn=None):
    from transformers import BertConfig, BertForMaskedLM

    if tiny:
        config = BertConfig(vocab_size=1000, hidden_size=32, num_hidden_layers=2,
                            num_attention_heads=2, intermediate_size=64,
                            max_position_embeddings=64)
        batch, seq = 2, 16
    else:
        config = BertConfig()  # bert-base-uncased shape: 12 x 768, vocab 30522
        batch, seq = 128, 128
    model = BertForMaskedLM(config).to(device)
    model.train()
    ids = torch.randint(0, config.vocab_size, (batch, seq), device=device)
    masked = torch.rand(batch, seq, device=device) < 0.15
    masked[:, 0] = True  # at least one masked token per row
    labels = torch.where(masked, ids, torch.full_like(ids, -100))
    attn = torch.ones_like(ids)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)

    def loss_of(m, ids, attn, labels):
        return m(input_ids=ids, attention_mask=attn, labels=labels).loss

    return _standard("bert-base-mlm", model, loss_of, (ids, attn, labels), opt, autocast,
                     compile_fn,
                     task=_task(f"masked-LM pretraining, seq {seq}", f"掩码语言模型预训练，序列长度 {seq}"),
                     input=f"seq {seq}", batch_size=batch, sample_unit="sequences", tokens_per_step=batch * seq)


def gpt2_small(device, tiny, autocast, compile_fn=None):
    from transformers import GPT2Config, GPT2LMHeadModel

    if tiny:
        config = GPT2Config(vocab_size=1000, n_positions=32, n_embd=32, n_layer=2, n_head=2,
                            bos_token_id=0, eos_token_id=0)
        batch, seq = 2, 16
    else:
        config = GPT2Config()  # GPT-2 small: 12 x 768, 1024 positions, vocab 50257
        batch, seq = 16, 1024
    model = GPT2LMHeadModel(config).to(device)
    model.train()
    ids = torch.randint(0, config.vocab_size, (batch, seq), device=device)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)

    def loss_of(m, ids):
        return m(input_ids=ids, labels=ids).loss

    return _standard("gpt2-small", model, loss_of, (ids,), opt, autocast, compile_fn,
                     task=_task(f"causal-LM pretraining, seq {seq}", f"因果语言模型预训练，序列长度 {seq}"),
                     input=f"seq {seq}", batch_size=batch, sample_unit="sequences", tokens_per_step=batch * seq)


# ----------------------------------------------------------------------------- generative

class DCGANGenerator(nn.Module):
    def __init__(self, nz=100, ngf=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.net(z)


class DCGANDiscriminator(nn.Module):
    """Outputs logits (the sigmoid lives in the loss, which is autocast-safe)."""

    def __init__(self, ndf=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 8), nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False))

    def forward(self, x):
        return self.net(x).flatten()


def dcgan_64(device, tiny, autocast, compile_fn=None):
    _no_compile("dcgan-64", compile_fn)
    width = 8 if tiny else 64
    batch, nz = (2 if tiny else 128), 100
    g, d = DCGANGenerator(nz, width).to(device), DCGANDiscriminator(width).to(device)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, 3, 64, 64, device=device) * 2 - 1
    z = torch.randn(batch, nz, 1, 1, device=device)
    ones = torch.ones(batch, device=device)
    zeros = torch.zeros(batch, device=device)
    bce = F.binary_cross_entropy_with_logits

    def step():
        # discriminator: real vs detached fake
        opt_d.zero_grad(set_to_none=True)
        with autocast():
            fake = g(z)
            loss_d = bce(d(real).float(), ones) + bce(d(fake.detach()).float(), zeros)
        loss_d.backward()
        opt_d.step()
        # generator: fool the discriminator
        opt_g.zero_grad(set_to_none=True)
        with autocast():
            loss_g = bce(d(fake).float(), ones)
        loss_g.backward()
        opt_g.step()

    return Workload(model_id="dcgan-64", task=_task("image generation (GAN), D and G step",
                                               "图像生成（GAN），判别器与生成器各一步"),
                    input="3x64x64, z 100", batch_size=batch, sample_unit="images", step=step, count_step=step,
                    modules=[g, d])


def _groups(channels):
    return math.gcd(32, channels)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class AttnBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.norm = nn.GroupNorm(_groups(ch), ch)
        self.qkv = nn.Conv2d(ch, 3 * ch, 1)
        self.proj = nn.Conv2d(ch, ch, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, h * w).transpose(-1, -2).unbind(1)
        out = F.scaled_dot_product_attention(q[:, None], k[:, None], v[:, None])[:, 0]
        return x + self.proj(out.transpose(-1, -2).reshape(b, c, h, w))


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim, dropout, attn=False):
        super().__init__()
        self.norm1 = nn.GroupNorm(_groups(cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(tdim, cout)
        self.norm2 = nn.GroupNorm(_groups(cout), cout)
        self.drop = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()
        self.attn = AttnBlock(cout) if attn else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb(F.silu(emb))[:, :, None, None]
        h = self.conv2(self.drop(F.silu(self.norm2(h))))
        return self.attn(self.skip(x) + h)


class UNet(nn.Module):
    """A small DDPM-style UNet for 32x32 images (Ho et al. 2020, CIFAR-10 layout)."""

    def __init__(self, ch=128, mults=(1, 2, 2, 2), num_res=2, attn_res=(16,), img=32,
                 dropout=0.1):
        super().__init__()
        self.ch = ch
        tdim = 4 * ch
        self.temb = nn.Sequential(nn.Linear(ch, tdim), nn.SiLU(), nn.Linear(tdim, tdim))
        self.head = nn.Conv2d(3, ch, 3, padding=1)
        self.down = nn.ModuleList()
        skips, cur, res = [ch], ch, img
        for i, m in enumerate(mults):
            for _ in range(num_res):
                self.down.append(ResBlock(cur, ch * m, tdim, dropout, attn=res in attn_res))
                cur = ch * m
                skips.append(cur)
            if i != len(mults) - 1:
                self.down.append(nn.Conv2d(cur, cur, 3, stride=2, padding=1))
                skips.append(cur)
                res //= 2
        self.mid = nn.ModuleList([ResBlock(cur, cur, tdim, dropout, attn=True),
                                  ResBlock(cur, cur, tdim, dropout)])
        self.up = nn.ModuleList()
        for i, m in reversed(list(enumerate(mults))):
            for _ in range(num_res + 1):
                self.up.append(ResBlock(cur + skips.pop(), ch * m, tdim, dropout,
                                        attn=res in attn_res))
                cur = ch * m
            if i != 0:
                self.up.append(nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"),
                                             nn.Conv2d(cur, cur, 3, padding=1)))
                res *= 2
        self.tail = nn.Sequential(nn.GroupNorm(_groups(cur), cur), nn.SiLU(),
                                  nn.Conv2d(cur, 3, 3, padding=1))

    def forward(self, x, t):
        emb = self.temb(timestep_embedding(t, self.ch))
        h = self.head(x)
        hs = [h]
        for layer in self.down:
            h = layer(h, emb) if isinstance(layer, ResBlock) else layer(h)
            hs.append(h)
        for layer in self.mid:
            h = layer(h, emb)
        for layer in self.up:
            if isinstance(layer, ResBlock):
                h = layer(torch.cat([h, hs.pop()], dim=1), emb)
            else:
                h = layer(h)
        return self.tail(h)


def ddpm_unet_32(device, tiny, autocast, compile_fn=None):
    if tiny:
        model = UNet(ch=16, mults=(1, 2), num_res=1, attn_res=(16,)).to(device)
        batch = 2
    else:
        model = UNet().to(device)
        batch = 128
    steps = 1000
    betas = torch.linspace(1e-4, 0.02, steps, device=device)
    alpha_bar = torch.cumprod(1 - betas, dim=0)
    x0 = torch.rand(batch, 3, 32, 32, device=device) * 2 - 1
    t = torch.randint(0, steps, (batch,), device=device)
    noise = torch.randn_like(x0)
    ab = alpha_bar[t][:, None, None, None]
    xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)

    def loss_of(m, xt, t, noise):
        return F.mse_loss(m(xt, t).float(), noise)

    return _standard("ddpm-unet-32", model, loss_of, (xt, t, noise), opt, autocast, compile_fn,
                     task=_task("denoising diffusion training (noise prediction)",
                               "去噪扩散训练（噪声预测）"),
                     input="3x32x32", batch_size=batch, sample_unit="images")


# ----------------------------------------------------------------------------- RL

class NatureDQN(nn.Module):
    """Mnih et al. 2015: three convolutions and two dense layers on 4 stacked 84x84 frames."""

    def __init__(self, actions=18):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten(),
            nn.Linear(64 * 7 * 7, 512), nn.ReLU(), nn.Linear(512, actions))

    def forward(self, frames):
        return self.net(frames.float() / 255.0)


def dqn_nature(device, tiny, autocast, compile_fn=None):
    _no_compile("dqn-nature", compile_fn)
    batch, actions, gamma = (2 if tiny else 32), 18, 0.99
    q = NatureDQN(actions).to(device)
    target = copy.deepcopy(q).requires_grad_(False)
    opt = torch.optim.RMSprop(q.parameters(), lr=2.5e-4, alpha=0.95, eps=0.01)
    s = torch.randint(0, 256, (batch, 4, 84, 84), device=device, dtype=torch.uint8)
    s2 = torch.randint(0, 256, (batch, 4, 84, 84), device=device, dtype=torch.uint8)
    a = torch.randint(0, actions, (batch,), device=device)
    r = torch.randn(batch, device=device)
    done = torch.zeros(batch, device=device)

    def step():
        opt.zero_grad(set_to_none=True)
        with autocast():
            with torch.no_grad():
                y = r + gamma * (1 - done) * target(s2).float().max(dim=1).values
            qa = q(s).float().gather(1, a[:, None]).squeeze(1)
            loss = F.smooth_l1_loss(qa, y)
        loss.backward()
        opt.step()

    return Workload(model_id="dqn-nature", task=_task("Q-learning update (Atari)", "Q 学习更新（Atari）"),
                    input="4x84x84", batch_size=batch, sample_unit="transitions", step=step, count_step=step,
                    modules=[q, target])


def _mlp(sizes, out_act=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


class SACActor(nn.Module):
    def __init__(self, obs, act, hidden):
        super().__init__()
        self.body = _mlp([obs, hidden, hidden])
        self.body.append(nn.ReLU())
        self.mu = nn.Linear(hidden, act)
        self.log_std = nn.Linear(hidden, act)

    def forward(self, s):
        h = self.body(s)
        mu, log_std = self.mu(h).float(), self.log_std(h).float().clamp(-20, 2)
        std = log_std.exp()
        u = mu + std * torch.randn_like(mu)
        logp = (-0.5 * ((u - mu) / std) ** 2 - log_std - 0.5 * math.log(2 * math.pi)).sum(-1)
        logp = logp - (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(-1)
        return torch.tanh(u), logp


class TwinQ(nn.Module):
    def __init__(self, obs, act, hidden):
        super().__init__()
        self.q1 = _mlp([obs + act, hidden, hidden, 1])
        self.q2 = _mlp([obs + act, hidden, hidden, 1])

    def forward(self, s, a):
        sa = torch.cat([s, a.to(s.dtype)], dim=-1)
        return self.q1(sa).float().squeeze(-1), self.q2(sa).float().squeeze(-1)


def sac_mlp(device, tiny, autocast, compile_fn=None):
    _no_compile("sac-mlp", compile_fn)
    obs, act = 17, 6  # a MuJoCo HalfCheetah-sized problem
    hidden, batch = (16, 2) if tiny else (256, 256)
    gamma, alpha, tau = 0.99, 0.2, 0.005
    actor = SACActor(obs, act, hidden).to(device)
    critic = TwinQ(obs, act, hidden).to(device)
    target = copy.deepcopy(critic).requires_grad_(False)
    opt_actor = torch.optim.Adam(actor.parameters(), lr=3e-4)
    opt_critic = torch.optim.Adam(critic.parameters(), lr=3e-4)
    s = torch.randn(batch, obs, device=device)
    a = torch.rand(batch, act, device=device) * 2 - 1
    r = torch.randn(batch, device=device)
    s2 = torch.randn(batch, obs, device=device)
    done = torch.zeros(batch, device=device)
    critic_params = list(critic.parameters())
    target_params = list(target.parameters())

    def step():
        with autocast():
            with torch.no_grad():
                a2, logp2 = actor(s2)
                q1t, q2t = target(s2, a2)
                y = r + gamma * (1 - done) * (torch.min(q1t, q2t) - alpha * logp2)
            q1, q2 = critic(s, a)
            loss_q = F.mse_loss(q1, y) + F.mse_loss(q2, y)
        opt_critic.zero_grad(set_to_none=True)
        loss_q.backward()
        opt_critic.step()
        critic.requires_grad_(False)
        with autocast():
            a_new, logp = actor(s)
            q1n, q2n = critic(s, a_new)
            loss_pi = (alpha * logp - torch.min(q1n, q2n)).mean()
        opt_actor.zero_grad(set_to_none=True)
        loss_pi.backward()
        opt_actor.step()
        critic.requires_grad_(True)
        with torch.no_grad():
            torch._foreach_lerp_(target_params, critic_params, tau)

    return Workload(model_id="sac-mlp", task=_task("SAC update (actor + twin critics)", "SAC 更新（策略网络与双 Q 网络）"),
                    input=f"obs {obs}, action {act}", batch_size=batch, sample_unit="transitions", step=step,
                    count_step=step, modules=[actor, critic, target])


# ----------------------------------------------------------------------------- autoencoders

class ConvAutoencoder(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        w = width
        self.encoder = nn.Sequential(
            nn.Conv2d(3, w, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.ReLU())
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(w, 3, 4, 2, 1))

    def forward(self, x):
        return self.decoder(self.encoder(x))


def conv_autoencoder(device, tiny, autocast, compile_fn=None):
    batch = 2 if tiny else 256
    model = ConvAutoencoder(8 if tiny else 32).to(device)
    x = torch.rand(batch, 3, 32, 32, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def loss_of(m, x):
        return F.mse_loss(torch.sigmoid(m(x).float()), x)

    return _standard("conv-autoencoder", model, loss_of, (x,), opt, autocast, compile_fn,
                     task=_task("image reconstruction", "图像重建"), input="3x32x32",
                     batch_size=batch, sample_unit="images")


class ConvVAE(nn.Module):
    def __init__(self, width=32, latent=128):
        super().__init__()
        w = width
        self.encoder = nn.Sequential(
            nn.Conv2d(3, w, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(4 * w, 8 * w, 4, 2, 1), nn.ReLU(), nn.Flatten())
        self.to_stats = nn.Linear(8 * w * 16, 2 * latent)
        self.from_latent = nn.Linear(latent, 8 * w * 16)
        self.decoder = nn.Sequential(
            nn.Unflatten(1, (8 * w, 4, 4)),
            nn.ConvTranspose2d(8 * w, 4 * w, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(w, 3, 4, 2, 1))

    def forward(self, x):
        mu, logvar = self.to_stats(self.encoder(x)).float().chunk(2, dim=1)
        z = mu + (0.5 * logvar).exp() * torch.randn_like(mu)
        return self.decoder(self.from_latent(z.to(x.dtype))), mu, logvar


def conv_vae(device, tiny, autocast, compile_fn=None):
    batch = 2 if tiny else 128
    model = ConvVAE(8 if tiny else 32, 16 if tiny else 128).to(device)
    x = torch.rand(batch, 3, 64, 64, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def loss_of(m, x):
        logits, mu, logvar = m(x)
        rec = F.binary_cross_entropy_with_logits(logits.float(), x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (rec + kl) / x.shape[0]

    return _standard("conv-vae", model, loss_of, (x,), opt, autocast, compile_fn,
                     task=_task("variational autoencoder (ELBO)", "变分自编码器（ELBO）"),
                     input="3x64x64", batch_size=batch, sample_unit="images")


# Bench model id -> factory. Order is the order of the default run.
FACTORIES = {
    "resnet50": resnet50,
    "efficientnet-b0": efficientnet_b0,
    "vit-b16": vit_b16,
    "lstm-lm": lstm_lm,
    "gru-lm": gru_lm,
    "bilstm-tagger": bilstm_tagger,
    "bert-base-mlm": bert_base_mlm,
    "gpt2-small": gpt2_small,
    "dcgan-64": dcgan_64,
    "ddpm-unet-32": ddpm_unet_32,
    "dqn-nature": dqn_nature,
    "sac-mlp": sac_mlp,
    "conv-autoencoder": conv_autoencoder,
    "conv-vae": conv_vae,
}
