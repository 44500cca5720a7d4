#!/usr/bin/env python3
"""Recomputes the worked example of docs/record-format.md (§11) from public/demo, independently
of the Rust code: SHA-256 from hashlib, Ed25519 from the `cryptography` package (pip install
cryptography), and Ristretto255 (RFC 9496), Keccak-f[1600], STROBE-128 and Merlin written out
below from their specifications, so the zero-knowledge proofs of §5 are checked too.

Usage: python3 scripts/spec-example.py [record-dir]   (default: public/demo)
Exits non-zero if any value does not check out.
"""

import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ROOT = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else os.path.join(os.path.dirname(__file__), "..", "public", "demo")
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("MISMATCH:", what)


def sha256(b):
    return hashlib.sha256(b).digest()


# --- §3.1 canonical JSON ---------------------------------------------------------------------

def canon(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if not 0 <= v < 2 ** 53:
            raise ValueError("number has no canonical form")
        return str(v)
    if isinstance(v, float):
        raise ValueError("number has no canonical form")
    if isinstance(v, str):
        out = ['"']
        for c in v:
            o = ord(c)
            if c == '"':
                out.append('\\"')
            elif c == "\\":
                out.append("\\\\")
            elif c in "\b\t\n\f\r":
                out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[c])
            elif o < 0x20:
                out.append("\\u%04x" % o)
            else:
                out.append(c)
        out.append('"')
        return "".join(out)
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(canon(k) + ":" + canon(v[k]) for k in sorted(v)) + "}"
    raise TypeError(type(v))


def cjson(v):
    return canon(v).encode("utf-8")


def cbytes(tag, v):
    return tag.encode("ascii") + b"\x00" + cjson(v)


def load(path):
    raw = open(os.path.join(ROOT, path), "rb").read()
    value = json.loads(raw)
    check(cjson(value) == raw, f"{path} is its own canonical JSON (V-00)")
    return raw, value


# --- Merkle (RFC 9162) -------------------------------------------------------------------------
# (tiles, the frontier and proofs built from them follow mth() below)

def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(l, r):
    return sha256(b"\x01" + l + r)


def mth(leaves):
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


# --- Tiles (C2SP tlog-tiles, §7.2) --------------------------------------------------------------

def tile_index_path(n, w):
    digits = str(n)
    digits = digits.zfill(-(-len(digits) // 3) * 3)
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    path = "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])
    return path + (f".p/{w}" if w < 256 else "")


def level_count(size, level):
    return size >> (8 * level)


def all_tiles(size):
    """(level, index, width) of every tile of a tree of `size` leaves."""
    out, level = [], 0
    while level_count(size, level) > 0:
        count = level_count(size, level)
        for n in range(-(-count // 256)):
            out.append((level, n, min(256, count - 256 * n)))
        level += 1
    return out


def frontier_subtrees(size):
    """(height, index) of the complete subtrees making up the tree, largest first."""
    out, start = [], 0
    for h in range(63, -1, -1):
        if size >> h & 1:
            out.append((h, start >> h))
            start += 1 << h
    return out


def tile_holding(height, index, size):
    """The tile (level, index, width) that holds the hashes subtree (height, index) is made of."""
    level, span = height // 8, height % 8
    first = index << span
    n = first // 256
    return (level, n, min(256, level_count(size, level) - 256 * n))


class Hashes:
    """Complete-subtree hashes read from the frontier and some tiles."""

    def __init__(self, size, frontier, tiles):
        self.size, self.frontier, self.tiles, self.read = size, frontier, tiles, []

    def subtree(self, height, index):
        self.read.append((height, index))
        if (height, index) in self.frontier:
            return self.frontier[(height, index)]
        level, span = height // 8, height % 8
        first = index << span
        hashes = self.tiles[(level, first // 256)]
        start = first % 256
        return mth(hashes[start:start + (1 << span)])

    def range(self, start, end):
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self.subtree(n.bit_length() - 1, start // n)
        k = 1
        while k * 2 < n:
            k *= 2
        return node_hash(self.range(start, start + k), self.range(start + k, end))

    def path(self, m, start, end):
        """RFC 9162 PATH(m, D[start:end])."""
        if end - start <= 1:
            return []
        k = 1
        while k * 2 < end - start:
            k *= 2
        if m < start + k:
            return self.path(m, start, start + k) + [self.range(start + k, end)]
        return self.path(m, start + k, end) + [self.range(start, start + k)]


def inclusion(leaf, index, proof, size, trace=None):
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            side = "L"
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
            side = "R"
        if trace is not None:
            trace.append((side, r))
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def consistency(m, old_root, n, new_root, proof):
    if m > n:
        return False
    if m == n or m == 0:
        return not proof and (m != n or old_root == new_root) and (m != 0 or old_root == sha256(b""))
    path = ([old_root] if m & (m - 1) == 0 else []) + list(proof)
    if not path:
        return False
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# --- §6 receipt codes ----------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
EXP = []
_x = 1
for _ in range(31):
    EXP.append(_x)
    _x <<= 1
    if _x & 0x20:
        _x ^= 0b100101
LOG = {v: i for i, v in enumerate(EXP)}


def gmul(a, b):
    return 0 if a == 0 or b == 0 else EXP[(LOG[a] + LOG[b]) % 31]


def gdiv(a, b):
    return 0 if a == 0 else EXP[(LOG[a] - LOG[b]) % 31]


def syndromes(sym):
    s0 = s1 = 0
    for i, c in enumerate(sym):
        s0 ^= c
        s1 ^= gmul(EXP[i % 31], c)
    return s0, s1


def coded(digest, n):
    bits = "".join(f"{b:08b}" for b in digest)
    data = [int(bits[5 * i:5 * i + 5], 2) for i in range(n - 2)]
    s0, s1 = syndromes(data + [0, 0])
    a, b = EXP[(n - 2) % 31], EXP[(n - 1) % 31]
    last = gdiv(s1 ^ gmul(a, s0), a ^ b)
    return data + [s0 ^ last, last], bits, (s0, s1)


def receipt_digest(tracker_hex, kind):
    return sha256(cbytes("castcheck/v2/receipt", {"kind": kind, "tracker": tracker_hex}))


def receipt_code(tracker_hex, kind):
    sym, _, _ = coded(receipt_digest(tracker_hex, kind), 24)
    return "".join(ALPHABET[s] for s in sym)


def group4(code):
    return "-".join(code[i:i + 4] for i in range(0, 24, 4))


# --- Ristretto255 (RFC 9496) ------------------------------------------------------------------------

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752
INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578


def neg(x):
    return x % P & 1


def cabs(x):
    x %= P
    return P - x if x & 1 else x


def sqrt_ratio_m1(u, v):
    r = (u * pow(v, 3, P)) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    chk = v * r * r % P
    correct = chk == u % P
    flipped = chk == (-u) % P
    flipped_i = chk == (-u * SQRT_M1) % P
    if flipped or flipped_i:
        r = r * SQRT_M1 % P
    return correct or flipped, cabs(r)


def r_decode(b):
    if len(b) != 32:
        return None
    s = int.from_bytes(b, "little")
    if s >= P or s & 1:
        return None
    ss = s * s % P
    u1 = (1 - ss) % P
    u2 = (1 + ss) % P
    u2s = u2 * u2 % P
    v = (-(D * u1 * u1) - u2s) % P
    ok, inv = sqrt_ratio_m1(1, v * u2s % P)
    dx = inv * u2 % P
    dy = inv * dx * v % P
    x = cabs(2 * s * dx)
    y = u1 * dy % P
    t = x * y % P
    if not ok or neg(t) or y == 0:
        return None
    return (x, y, 1, t)


def r_encode(pt):
    x0, y0, z0, t0 = pt
    u1 = (z0 + y0) * (z0 - y0) % P
    u2 = x0 * y0 % P
    _, inv = sqrt_ratio_m1(1, u1 * u2 * u2 % P)
    den1 = inv * u1 % P
    den2 = inv * u2 % P
    zinv = den1 * den2 * t0 % P
    if neg(t0 * zinv):
        x, y, den_inv = y0 * SQRT_M1 % P, x0 * SQRT_M1 % P, den1 * INVSQRT_A_MINUS_D % P
    else:
        x, y, den_inv = x0, y0, den2
    if neg(x * zinv):
        y = -y % P
    return cabs(den_inv * (z0 - y)).to_bytes(32, "little")


def padd(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = t1 * 2 * D * t2 % P
    d = z1 * 2 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


IDENT = (0, 1, 1, 0)
_by = 4 * pow(5, P - 2, P) % P
_bx = 15112221349535400772501151409588531511454012693041857206046113283949847762202
BASE = (_bx, _by, 1, _bx * _by % P)


def pmul(k, p):
    k %= L
    r = IDENT
    while k:
        if k & 1:
            r = padd(r, p)
        p = padd(p, p)
        k >>= 1
    return r


def pneg(p):
    x, y, z, t = p
    return (-x % P, y, z, -t % P)


def psub(p, q):
    return padd(p, pneg(q))


def peq(p, q):
    return r_encode(p) == r_encode(q)


# --- Keccak-f[1600], STROBE-128 and Merlin ------------------------------------------------------------

def keccak_f(state):
    lanes = [[int.from_bytes(state[8 * (x + 5 * y):8 * (x + 5 * y) + 8], "little") for y in range(5)] for x in range(5)]
    M = (1 << 64) - 1
    rol = lambda v, n: ((v << (n % 64)) | (v >> (64 - n % 64))) & M
    R = 1
    for _ in range(24):
        C = [lanes[x][0] ^ lanes[x][1] ^ lanes[x][2] ^ lanes[x][3] ^ lanes[x][4] for x in range(5)]
        Dd = [C[(x + 4) % 5] ^ rol(C[(x + 1) % 5], 1) for x in range(5)]
        lanes = [[lanes[x][y] ^ Dd[x] for y in range(5)] for x in range(5)]
        x, y = 1, 0
        cur = lanes[x][y]
        for t in range(24):
            x, y = y, (2 * x + 3 * y) % 5
            cur, lanes[x][y] = lanes[x][y], rol(cur, (t + 1) * (t + 2) // 2)
        for y in range(5):
            T = [lanes[x][y] for x in range(5)]
            for x in range(5):
                lanes[x][y] = T[x] ^ ((~T[(x + 1) % 5]) & T[(x + 2) % 5])
        for j in range(7):
            R = ((R << 1) ^ ((R >> 7) * 0x71)) % 256
            if R & 2:
                lanes[0][0] ^= 1 << ((1 << j) - 1)
    out = bytearray(200)
    for x in range(5):
        for y in range(5):
            out[8 * (x + 5 * y):8 * (x + 5 * y) + 8] = lanes[x][y].to_bytes(8, "little")
    return out


def _sha3_256(msg):  # only to test keccak_f against hashlib
    rate = 136
    st = bytearray(200)
    padded = bytearray(msg) + b"\x06" + b"\x00" * ((-len(msg) - 2) % rate) + b"\x80"
    if len(padded) % rate:
        padded = bytearray(msg) + b"\x86"
    for i in range(0, len(padded), rate):
        for j in range(rate):
            st[j] ^= padded[i + j]
        st = keccak_f(st)
    return bytes(st[:32])


R_STROBE = 166
F_I, F_A, F_C, F_M = 1, 2, 4, 16


class Strobe128:
    def __init__(self, label):
        st = bytearray(200)
        st[0:6] = bytes([1, R_STROBE + 2, 1, 0, 1, 96])
        st[6:18] = b"STROBEv1.0.2"
        self.st, self.pos, self.pos_begin, self.flags = keccak_f(st), 0, 0, 0
        self.meta_ad(label, False)

    def run_f(self):
        self.st[self.pos] ^= self.pos_begin
        self.st[self.pos + 1] ^= 0x04
        self.st[R_STROBE + 1] ^= 0x80
        self.st = keccak_f(self.st)
        self.pos = self.pos_begin = 0

    def absorb(self, data):
        for b in data:
            self.st[self.pos] ^= b
            self.pos += 1
            if self.pos == R_STROBE:
                self.run_f()

    def squeeze(self, n):
        out = bytearray()
        for _ in range(n):
            out.append(self.st[self.pos])
            self.st[self.pos] = 0
            self.pos += 1
            if self.pos == R_STROBE:
                self.run_f()
        return bytes(out)

    def begin(self, flags, more):
        if more:
            assert self.flags == flags
            return
        old = self.pos_begin
        self.pos_begin = self.pos + 1
        self.flags = flags
        self.absorb([old, flags])
        if flags & F_C and self.pos != 0:
            self.run_f()

    def meta_ad(self, data, more):
        self.begin(F_M | F_A, more)
        self.absorb(data)

    def ad(self, data, more):
        self.begin(F_A, more)
        self.absorb(data)

    def prf(self, n):
        self.begin(F_I | F_A | F_C, False)
        return self.squeeze(n)

    def clone(self):
        c = object.__new__(Strobe128)
        c.st, c.pos, c.pos_begin, c.flags = bytearray(self.st), self.pos, self.pos_begin, self.flags
        return c


class Transcript:
    def __init__(self, label=None):
        if label is not None:
            self.s = Strobe128(b"Merlin v1.0")
            self.append(b"dom-sep", label)

    def append(self, label, msg):
        self.s.meta_ad(label, False)
        self.s.meta_ad(len(msg).to_bytes(4, "little"), True)
        self.s.ad(msg, False)

    def append_u64(self, label, x):
        self.append(label, x.to_bytes(8, "little"))

    def challenge_bytes(self, label, n):
        self.s.meta_ad(label, False)
        self.s.meta_ad(n.to_bytes(4, "little"), True)
        return self.s.prf(n)

    def challenge(self, label=b"c"):
        return int.from_bytes(self.challenge_bytes(label, 64), "little") % L

    def clone(self):
        t = Transcript()
        t.s = self.s.clone()
        return t


# --- §5 decoding (one encoding per value) and proofs -------------------------------------------------

import base64


def b64e(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64d(s):
    raw = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    assert base64.urlsafe_b64encode(raw).rstrip(b"=").decode() == s, "not the canonical base64url"
    return raw


def point(s):
    b = b64d(s)
    p = r_decode(b)
    assert p is not None and r_encode(p) == b, "not a canonical Ristretto encoding"
    return p


def scalar(s):
    b = b64d(s)
    v = int.from_bytes(b, "little")
    assert len(b) == 32 and v < L, "not a canonical scalar"
    return v


def enc(p):
    return r_encode(p)


def verify_log_eq(t, log_base, powers, proof):
    """LogEqualityProof::verify: log_G powers[0] = log_{log_base} powers[1]."""
    c, s = scalar(proof["challenge"]), scalar(proof["response"])
    xg = psub(pmul(s, BASE), pmul(c, powers[0]))
    xk = psub(pmul(s, log_base), pmul(c, powers[1]))
    t.append(b"dom-sep", b"log_eq")
    t.append(b"K", enc(log_base))
    t.append(b"[r]G", enc(powers[0]))
    t.append(b"[r]K", enc(powers[1]))
    t.append(b"[x]G", enc(xg))
    t.append(b"[x]K", enc(xk))
    return t.challenge() == c


def ballot_transcript(fp, K, precinct, contests):
    """§5.2: the transcript every proof of one ballot forks from; contests = [(id, ciphertext bytes)]."""
    t = Transcript(b"castcheck/v2/ballot-proofs")
    t.append(b"election", fp)
    t.append(b"key", enc(K))
    t.append(b"precinct", precinct.encode())
    for cid, cts in contests:
        t.append(b"contest", cid.encode())
        t.append(b"ciphertexts", cts)
    return t


def bit_challenge(t, k, i, commitments):
    c = t.clone()
    c.append_u64(b"contest", k)
    c.append_u64(b"option", i)
    c.append(b"zero-or-one", commitments)
    return c.challenge(b"challenge")


def sum_challenge(t, k, commitments):
    c = t.clone()
    c.append_u64(b"contest", k)
    c.append(b"sum-is-one", commitments)
    return c.challenge(b"challenge")


def raw_point(b):
    p = r_decode(b)
    assert p is not None and r_encode(p) == b, "not a canonical Ristretto encoding"
    return p


def raw_scalar(b):
    v = int.from_bytes(b, "little")
    assert len(b) == 32 and v < L, "not a canonical scalar"
    return v


def decode_cts(raw):
    assert len(raw) % 64 == 0, "ciphertexts length"
    return [(raw_point(raw[i:i + 32]), raw_point(raw[i + 32:i + 64])) for i in range(0, len(raw), 64)]


def verify_contest(t, k, cts, raw, K, single):
    """§5.2 equations for contest k (0-based) with ciphertexts cts = [(R, B)] and proof bytes raw."""
    n = len(cts)
    assert len(raw) == 224 * n + (96 if single else 0), "proof length"
    for i, (R, B) in enumerate(cts):
        v = raw[224 * i:224 * (i + 1)]
        a0, b0, a1, b1 = (raw_point(v[32 * j:32 * j + 32]) for j in range(4))
        c0, z0, z1 = (raw_scalar(v[128 + 32 * j:160 + 32 * j]) for j in range(3))
        c = bit_challenge(t, k, i, v[:128])
        c1 = (c - c0) % L
        if not (peq(pmul(z0, BASE), padd(a0, pmul(c0, R))) and peq(pmul(z0, K), padd(b0, pmul(c0, B)))
                and peq(pmul(z1, BASE), padd(a1, pmul(c1, R)))
                and peq(pmul(z1, K), padd(b1, pmul(c1, psub(B, BASE))))):
            return False
    if single:
        v = raw[224 * n:]
        u, w = raw_point(v[:32]), raw_point(v[32:64])
        z = raw_scalar(v[64:])
        c = sum_challenge(t, k, v[:64])
        RS, BS = IDENT, IDENT
        for R, B in cts:
            RS, BS = padd(RS, R), padd(BS, B)
        if not (peq(pmul(z, BASE), padd(u, pmul(c, RS))) and peq(pmul(z, K), padd(w, pmul(c, psub(BS, BASE))))):
            return False
    return True


def prove_ballot(fp, K, precinct, contests, selections, nonces):
    """§5.2 as a voting device computes it, with the random scalars taken from `nonces` in the
    order the spec gives: per contest the r_i of every option; then per contest and option the
    simulated challenge, simulated response and commitment nonce; then for a single-choice contest
    the sum proof's nonce. contests = [(id, kind, options)]. Returns (ciphertext bytes, proof bytes)
    per contest."""
    nonces = iter(nonces)
    enc_cts, rs, ms = [], [], []
    for (cid, kind, options), chosen in zip(contests, selections):
        m = [1 if i in chosen else 0 for i in range(options)]
        r = [next(nonces) for _ in range(options)]
        cts = [(pmul(ri, BASE), padd(pmul(ri, K), pmul(mi, BASE))) for ri, mi in zip(r, m)]
        enc_cts.append(cts)
        rs.append(r)
        ms.append(m)
    raw_cts = [b"".join(enc(R) + enc(B) for R, B in cts) for cts in enc_cts]
    t = ballot_transcript(fp, K, precinct, [(c[0], raw) for c, raw in zip(contests, raw_cts)])
    proofs = []
    for k, ((cid, kind, options), cts) in enumerate(zip(contests, enc_cts)):
        out = b""
        for i, (R, B) in enumerate(cts):
            m, r = ms[k][i], rs[k][i]
            c_other, z_other, w = next(nonces), next(nonces), next(nonces)
            other = 1 - m
            sim = (psub(pmul(z_other, BASE), pmul(c_other, R)),
                   psub(pmul(z_other, K), pmul(c_other, psub(B, pmul(other, BASE)))))
            real = (pmul(w, BASE), pmul(w, K))
            commits = real + sim if m == 0 else sim + real
            craw = b"".join(enc(x) for x in commits)
            c = bit_challenge(t, k, i, craw)
            c_real = (c - c_other) % L
            z_real = (w + c_real * r) % L
            c0, z0, z1 = (c_real, z_real, z_other) if m == 0 else (c_other, z_other, z_real)
            out += craw + b"".join(x.to_bytes(32, "little") for x in (c0, z0, z1))
        if kind == "single-choice":
            w = next(nonces)
            craw = enc(pmul(w, BASE)) + enc(pmul(w, K))
            c = sum_challenge(t, k, craw)
            out += craw + ((w + c * sum(rs[k])) % L).to_bytes(32, "little")
        proofs.append(out)
    return raw_cts, proofs


def write_vectors():
    """The known-answer vectors of crates/record/tests/vectors/ballot-proofs.json, computed here
    independently of the Rust code: one ballot with a single-choice and an approval contest."""
    nonce = lambda i: int.from_bytes(sha256(b"castcheck/vectors/nonce" + i.to_bytes(4, "little")) * 2, "little") % L
    fp = sha256(b"castcheck/vectors/election")
    secret = nonce(1000)
    K = pmul(secret, BASE)
    contests = [("mayor", "single-choice", 3), ("measures", "approval", 2)]
    selections = [[1], [0, 1]]
    nonces = [nonce(i) for i in range(3 + 2 + 3 * 3 + 1 + 3 * 2)]
    raw_cts, proofs = prove_ballot(fp, K, "ward-7", contests, selections, nonces)
    t = ballot_transcript(fp, K, "ward-7", [(c[0], raw) for c, raw in zip(contests, raw_cts)])
    for k, ((cid, kind, _), raw, pr) in enumerate(zip(contests, raw_cts, proofs)):
        check(verify_contest(t, k, decode_cts(raw), pr, K, kind == "single-choice"), f"vector contest {cid} verifies")
    vectors = {
        "election": fp.hex(),
        "key": b64e(enc(K)),
        "precinct": "ward-7",
        "contests": [{"id": c, "kind": kd, "options": n} for c, kd, n in contests],
        "selections": selections,
        "nonces": [x.to_bytes(32, "little").hex() for x in nonces],
        "ciphertexts": [b64e(raw) for raw in raw_cts],
        "proofs": [b64e(pr) for pr in proofs],
    }
    out = os.path.join(os.path.dirname(__file__), "..", "crates", "record", "tests", "vectors", "ballot-proofs.json")
    with open(out, "w") as f:
        json.dump(vectors, f, indent=2)
        f.write("\n")
    print("wrote", os.path.relpath(out))


def lagrange_at_zero(xs):
    out = []
    for i, xi in enumerate(xs):
        num = den = 1
        for j, xj in enumerate(xs):
            if i != j:
                num = num * xj % L
                den = den * (xj - xi) % L
        out.append(num * pow(den, L - 2, L) % L)
    return out


def key_set_commit(t, n, thr, joint):
    t.append_u64(b"n", n)
    t.append_u64(b"t", thr)
    t.append(b"K", enc(joint))


def main():
    # Self-tests of the primitives against published vectors.
    check(_sha3_256(b"abc") == hashlib.sha3_256(b"abc").digest(), "Keccak-f[1600] (SHA3-256 of 'abc')")
    t = Transcript(b"test protocol")
    t.append(b"some label", b"some data")
    check(t.challenge_bytes(b"challenge", 32).hex() == "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615",
          "Merlin test vector")
    check(r_encode(BASE).hex() == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
          "Ristretto255 basepoint encoding")

    sizes = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.relpath(os.path.join(dirpath, f), ROOT)
            sizes[p] = os.path.getsize(os.path.join(dirpath, f))

    # --- Fingerprint (§3.3) and election code (§6.5)
    man_raw, man = load("manifest.json")
    check(man["format"] == "castcheck-record/2", "format")
    fp_pre = cbytes("castcheck/v2/manifest", man)
    fp = sha256(fp_pre)
    print("manifest canonical JSON:", len(cjson(man)), "bytes; begins", cjson(man)[:70], "ends", cjson(man)[-90:])
    print("fingerprint:", fp.hex())
    ec, ec_bits, (ecs0, ecs1) = coded(fp, 10)
    ec_text = "".join(ALPHABET[s] for s in ec)
    print("election code bits:", " ".join(ec_bits[5 * i:5 * i + 5] for i in range(8)),
          "values", ec[:8], "s0,s1", ecs0, ecs1, "checks", ec[8:], "->", ec_text[:5] + "-" + ec_text[5:])
    check(ec_text[:5] + "-" + ec_text[5:] == "T2GS0-QN6FT", "election code T2GS0-QN6FT")

    akey = bytes.fromhex(man["authority"]["signing_key"])
    pub = Ed25519PublicKey.from_public_bytes(akey)
    akfp = sha256(cbytes("castcheck/v2/authority-key", akey.hex()))
    print("authority key fingerprint:", akfp.hex())

    elections = json.load(open(os.path.join(ROOT, "..", "elections.json")))
    for e in elections["elections"]:
        if e["record"] == "demo/":
            check(e["fingerprint"] == fp.hex(), "public/elections.json fingerprint")
            check(e["authority_key"] == akey.hex(), "public/elections.json authority key")

    # --- Trustees (§5.1)
    ts = man["trustees"]
    n, thr = len(ts["trustees"]), ts["threshold"]
    keys = [point(x["public_key"]) for x in ts["trustees"]]
    lam = lagrange_at_zero(list(range(1, thr + 1)))
    joint = IDENT
    for l_, k in zip(lam, keys[:thr]):
        joint = padd(joint, pmul(l_, k))
    check(enc(joint) == b64d(ts["joint_key"]), "joint key = interpolation of the first t key shares")
    for j in range(thr, n):
        lj = [0] * thr
        xs = list(range(1, thr + 1))
        acc = IDENT
        for i, xi in enumerate(xs):
            num = den = 1
            for m_, xm in enumerate(xs):
                if m_ != i:
                    num = num * ((j + 1) - xm) % L
                    den = den * (xi - xm) % L
            acc = padd(acc, pmul(num * pow(den, L - 2, L), keys[i]))
        check(peq(acc, keys[j]), f"key share {j} on the polynomial")
    for i, tr in enumerate(ts["trustees"]):
        pop = tr["proof_of_possession"]
        c = scalar(pop["challenge"])
        (s,) = [scalar(x) for x in pop["responses"]]
        t = Transcript(b"elgamal_participant_pop")
        key_set_commit(t, n, thr, joint)
        t.append_u64(b"i", i)
        t.append(b"dom-sep", b"multi_pop")
        t.append(b"K", enc(keys[i]))
        t.append(b"R", enc(psub(pmul(s, BASE), pmul(c, keys[i]))))
        check(t.challenge() == c, f"proof of possession of trustee {i}")
    print("trustees:", n, "threshold", thr, "joint key and proofs of possession verified")

    # --- The checkpoint (§7.3) and its witnesses (§7.4)
    note = open(os.path.join(ROOT, "board", "checkpoint"), "rb").read()
    text, sigblock = note[:note.index(b"\n\n") + 1], note[note.index(b"\n\n") + 2:]
    lines = text.decode().split("\n")[:-1]
    origin, size_s, root_b64 = lines[:3]
    check(origin == "castcheck/election/" + fp.hex(), "checkpoint origin")
    size = int(size_s)
    check(str(size) == size_s, "checkpoint size in decimal")
    final_root = base64.b64decode(root_b64, validate=True).hex()
    closed = [int(l_[len("closed "):]) for l_ in lines[3:] if l_.startswith("closed ")]
    check(closed and closed[0] >= man["voting_closes"], "checkpoint closes the board after voting closed")
    sig_lines = [l_ for l_ in sigblock.decode().split("\n") if l_]

    def key_id(name, kind, key):
        return sha256(name.encode() + b"\n" + bytes([kind]) + key)[:4]

    pub_raw = bytes.fromhex(man["authority"]["signing_key"])
    authority_line = [l_ for l_ in sig_lines if l_.startswith(f"\u2014 {origin} ")]
    check(len(authority_line) == 1, "one authority signature line")
    asig = base64.b64decode(authority_line[0].split(" ")[2])
    check(asig[:4] == key_id(origin, 1, pub_raw), "authority key ID")
    try:
        pub.verify(asig[4:], text)
        ok = True
    except Exception:
        ok = False
    check(ok, "checkpoint signature")
    print("checkpoint text (%d bytes):" % len(text), text)
    print("  authority key ID", asig[:4].hex(), "signature", asig[4:].hex())
    policy = [e for e in json.load(open(os.path.join(ROOT, "..", "elections.json")))["elections"]
              if e["fingerprint"] == fp.hex()][0]["witnesses"]
    cosigned = 0
    for vkey in policy["witnesses"]:
        name, kid, material = vkey.split("+", 2)
        material = base64.b64decode(material)
        check(material[0] == 4 and key_id(name, 4, material[1:]).hex() == kid, f"vkey {name}")
        wkey = Ed25519PublicKey.from_public_bytes(material[1:])
        for l_ in sig_lines:
            if l_.startswith(f"\u2014 {name} "):
                raw = base64.b64decode(l_.split(" ")[2])
                check(raw[:4].hex() == kid, f"cosignature key ID {name}")
                ts = int.from_bytes(raw[4:12], "big")
                msg = f"cosignature/v1\ntime {ts}\n".encode() + text
                try:
                    wkey.verify(raw[12:], msg)
                    cosigned += 1
                    print(f"cosignature of {name} (key ID {kid}), time {ts}: verifies over {len(msg)} bytes")
                except Exception:
                    check(False, f"cosignature of {name}")
    check(cosigned >= policy["quorum"], "witness quorum")
    print("witnesses:", cosigned, "of quorum", policy["quorum"])
    shard_bits = 0
    while shard_bits < 24 and 256 << shard_bits < size:
        shard_bits += 1
    print("index shard bits:", shard_bits)

    def shard_name(prefix):
        return format(prefix, "0%dx" % max(1, (shard_bits + 3) // 4))

    def shard_of(code):
        value = 0
        for i in range(shard_bits):
            value = value << 1 | (ALPHABET.index(code[i // 5]) >> (4 - i % 5)) & 1
        return shard_name(value)

    # --- Sealed files (§4.9): every file but manifest and the board
    def open_sealed(path):
        raw, v = load(path)
        check(set(v) == {"body", "seal"} and set(v["seal"]) == {"head", "signature"}, f"{path} sealed shape")
        check(v["seal"]["head"] == {"root": final_root, "size": size}, f"{path} seal head")
        body_json = cjson(v["body"])
        stmt = {"body_sha256": sha256(body_json).hex(), "election": fp.hex(),
                "head": {"root": final_root, "size": size}, "path": path}
        msg = cbytes("castcheck/v2/file-seal", stmt)
        try:
            pub.verify(bytes.fromhex(v["seal"]["signature"]), msg)
            ok = True
        except Exception:
            ok = False
        check(ok, f"{path} seal signature")
        return v["body"], msg, v["seal"]["signature"], body_json

    totals, tmsg, tsig, tbody = open_sealed("totals.json")
    print("totals.json body canonical JSON:", len(tbody), "bytes, SHA-256", sha256(tbody).hex())
    print("totals.json seal statement (%d bytes):" % len(tmsg), tmsg)
    print("totals.json seal signature:", tsig)

    # --- Precincts: trackers, leaves, inclusion, proofs, tallies, index
    pmap = {p["id"]: p for p in man["precincts"]}
    contests = man["contests"]
    leaves = {}
    leaf_datas = {}
    expected_index = []
    shard_sizes = {}
    cast_total = chall_total = 0
    first = None
    proofs_checked = 0
    for p in man["precincts"]:
        path = f"precincts/{p['id']}.json"
        body, _, _, _ = open_sealed(path)
        check(body["precinct"] == p["id"], f"{path} precinct")
        proofs_body, _, _, _ = open_sealed(f"proofs/{p['id']}.json")
        check(proofs_body["precinct"] == p["id"], f"proofs/{p['id']}.json precinct")
        proofs_at = {e["position"]: e["proofs"] for e in proofs_body["ballots"]}
        check(len(proofs_at) == len(proofs_body["ballots"]), f"proofs/{p['id']}.json positions unique")
        check(sorted(proofs_at) == sorted(b["position"] for b in body["ballots"] + body["challenged"]),
              f"proofs/{p['id']}.json lists every ballot once")
        cast_total += len(body["ballots"])
        chall_total += len(body["challenged"])
        sums = None
        for kind, lst in (("cast", body["ballots"]), ("challenged", body["challenged"])):
            for b in lst:
                tr = sha256(b"castcheck/v2/tracker\x00" + fp + cjson(b["ballot"]))
                check(set(b) == ({"position", "ballot"} if kind == "cast" else {"position", "ballot", "opening"}),
                      f"ballot members at {b['position']}")
                b = dict(b, tracker=tr.hex())
                ldata = cbytes("castcheck/v2/board-leaf", {"kind": kind, "precinct": p["id"], "tracker": b["tracker"]})
                leaf = leaf_hash(ldata)
                check(b["position"] not in leaves, "position unique")
                leaves[b["position"]] = leaf
                leaf_datas[b["position"]] = ldata
                expected_index.append((kind, b["position"], p["id"], b["tracker"]))
                if kind == "cast" and first is None:
                    first = (p["id"], b, leaf)
                if p["id"] == "adams-001":
                    raw = [b64d(ec_["ciphertexts"]) for ec_ in b["ballot"]["contests"]]
                    cts = [decode_cts(r) for r in raw]
                    if kind == "cast":
                        sums = cts if sums is None else [[(padd(a[0], c[0]), padd(a[1], c[1])) for a, c in zip(x, y)] for x, y in zip(sums, cts)]
                    t = ballot_transcript(fp, joint, p["id"], [(con["id"], r) for con, r in zip(contests, raw)])
                    for k_, (ct, con, pr) in enumerate(zip(cts, contests, proofs_at[b["position"]])):
                        check(verify_contest(t, k_, ct, b64d(pr), joint, con["kind"] == "single-choice"),
                              f"ballot proofs at {b['position']}")
                        proofs_checked += 1
        if p["id"] == "adams-001":
            # V-10 to V-12 for this precinct.
            for tal, con, s in zip(body["tally"], contests, sums):
                pub_cts = [(point(c["random_element"]), point(c["blinded_element"])) for c in tal["encrypted"]]
                check(all(enc(a[0]) == enc(c[0]) and enc(a[1]) == enc(c[1]) for a, c in zip(s, pub_cts)), "encrypted tally = sum")
                dec = tal["decryption"]
                used = []
                for sh in dec["shares"]:
                    ti = sh["trustee"]
                    ds = []
                    for (R, B), one in zip(pub_cts, sh["shares"]):
                        Di = point(one["share"]["dh_element"])
                        t = Transcript(b"elgamal_decryption_share")
                        key_set_commit(t, n, thr, joint)
                        t.append_u64(b"i", ti)
                        check(verify_log_eq(t, R, (keys[ti], Di), one["proof"]), f"decryption share proof trustee {ti}")
                        ds.append(Di)
                    used.append((ti, ds))
                used = used[:thr]
                lam = lagrange_at_zero([ti + 1 for ti, _ in used])
                for o, ((R, B), v) in enumerate(zip(pub_cts, dec["values"])):
                    Dc = IDENT
                    for l_, (_, ds) in zip(lam, used):
                        Dc = padd(Dc, pmul(l_, ds[o]))
                    check(peq(psub(B, Dc), pmul(v, BASE)), f"value of option {o}")
                print("adams-001 tally decrypts to", dec["values"], "by trustees", [s["trustee"] for s in dec["shares"]])
    print("ballot contests whose proofs were verified (adams-001):", proofs_checked)
    check(sorted(leaves) == list(range(size)), "positions 0..size-1 (V-05)")
    check(mth([leaves[i] for i in range(size)]).hex() == final_root, "board root (V-05)")
    print("board:", size, "entries =", cast_total, "cast +", chall_total, "challenged; root recomputed")
    # Every tile, entry bundle and the frontier is what the leaves make (V-06 in the audit).
    by_level = [[leaves[i] for i in range(size)]]
    while len(by_level[-1]) >= 256:
        prev = by_level[-1]
        by_level.append([mth(prev[i:i + 256]) for i in range(0, len(prev) - 255, 256)])
    tile_hashes = {}
    for level, n, w in all_tiles(size):
        path = os.path.join(ROOT, "board", "tile", str(level), tile_index_path(n, w))
        want = by_level[level][256 * n:256 * n + w]
        got = open(path, "rb").read()
        check(got == b"".join(want), f"tile {level}/{n} width {w}")
        tile_hashes[(level, n)] = [got[i:i + 32] for i in range(0, len(got), 32)]
        if level == 0:
            bundle = b"".join(len(d).to_bytes(2, "big") + d for d in (leaf_datas[i] for i in range(256 * n, 256 * n + w)))
            check(open(os.path.join(ROOT, "board", "tile", "entries", tile_index_path(n, w)), "rb").read() == bundle,
                  f"entry bundle {n}")
    frontier = {}
    fbytes = open(os.path.join(ROOT, "board", "frontier"), "rb").read()
    for i, (h, j) in enumerate(frontier_subtrees(size)):
        frontier[(h, j)] = fbytes[32 * i:32 * i + 32]
        check(frontier[(h, j)] == mth([leaves[x] for x in range(j << h, (j + 1) << h)]), f"frontier subtree {h}/{j}")
    check(len(fbytes) == 32 * len(frontier), "frontier length")
    print("tiles:", ", ".join(f"tile/{l_}/{tile_index_path(n, w)}" for l_, n, w in all_tiles(size)))
    print("frontier subtrees (height, index):", frontier_subtrees(size))

    listed = []
    for pre in range(1 << shard_bits):
        name = shard_name(pre)
        path = f"index/{name}.json"
        body, _, _, _ = open_sealed(path)
        check(body["prefix"] == name, f"{path} prefix")
        shard_sizes[name] = len(body["entries"])
        for e in body["entries"]:
            check(set(e) == {"kind", "position", "precinct", "tracker"}, f"{path} entry members")
            check(shard_of(receipt_code(e["tracker"], e["kind"])) == name, f"{path} entry in its shard")
            listed.append((e["kind"], e["position"], e["precinct"], e["tracker"]))
    check(sorted(listed) == sorted(expected_index), "index lists exactly every board entry (V-16)")
    print("shard entries: min", min(shard_sizes.values()), "max", max(shard_sizes.values()), "total", sum(shard_sizes.values()))

    # --- The worked ballot: tracker, receipt code, shard, leaf, inclusion path
    pid, b, leaf = first
    bj = cjson(b["ballot"])
    print(f"first cast ballot of {pid}: position {b['position']}, ballot canonical JSON {len(bj)} bytes, begins {bj[:40]}")
    print("tracker:", b["tracker"])
    rpre = cbytes("castcheck/v2/receipt", {"kind": "cast", "tracker": b["tracker"]})
    rd = sha256(rpre)
    print("receipt preimage:", rpre)
    print("receipt digest:", rd.hex())
    sym, bits, (s0, s1) = coded(rd, 24)
    print("bits  ", " ".join(bits[5 * i:5 * i + 5] for i in range(22)))
    print("value ", " ".join("%5d" % v for v in sym[:22]))
    print("symbol", " ".join("%5s" % ALPHABET[v] for v in sym[:22]))
    code = "".join(ALPHABET[s] for s in sym)
    print("s0, s1 =", s0, s1, "-> c22, c23 =", sym[22], sym[23], "=", ALPHABET[sym[22]], ALPHABET[sym[23]])
    print("receipt code:", group4(code), "syndromes", syndromes(sym))
    check(syndromes(sym) == (0, 0), "syndromes zero")
    wrong_kind = receipt_code(b["tracker"], "challenged")
    print("same tracker as challenged:", group4(wrong_kind))
    shard = shard_of(code)
    print("shard:", f"index/{shard}.json", "(the first", shard_bits, "bits of the receipt digest)")
    body, _, _, _ = open_sealed(f"index/{shard}.json")
    entry = [e for e in body["entries"] if receipt_code(e["tracker"], e["kind"]) == code]
    print("index entry:", cjson(entry[0]) if entry else None)
    check(entry == [{"kind": "cast", "position": b["position"], "precinct": pid, "tracker": b["tracker"]}],
          "index entry of the worked ballot")
    receipts = open(os.path.join(ROOT, "..", "..", "demo", "receipts.csv")).read().splitlines()
    row = [r for r in receipts if r.startswith(group4(code) + ",")]
    print("receipts.csv row:", row)
    check(len(row) == 1 and row[0].endswith(f"/{code}/{ec_text},{ec_text[:5]}-{ec_text[5:]}"), "receipts.csv row")
    # Mistyping symbol 9.
    typo = list(sym)
    old = typo[9]
    typo[9] = (old + 5) % 32 if (old + 5) % 32 != old else (old + 1) % 32
    t0, t1 = syndromes(typo)
    pos = LOG[gdiv(t1, t0)]
    print(f"typo at symbol 9 ({ALPHABET[old]} -> {ALPHABET[typo[9]]}): s0={t0} s1={t1} s1/s0={gdiv(t1, t0)} log={pos} -> group {pos // 4 + 1}")
    ld = cbytes("castcheck/v2/board-leaf", {"kind": "cast", "precinct": pid, "tracker": b["tracker"]})
    print("leaf data:", ld)
    print("leaf hash:", leaf.hex())
    # The proof a voter's device builds from the frontier and the tiles on the leaf's path.
    reader = Hashes(size, frontier, tile_hashes)
    proof = reader.path(b["position"], 0, size)
    needed = sorted({tile_holding(h, j, size) for h, j in reader.read if (h, j) not in frontier})
    print("tiles read:", ", ".join(f"tile/{l_}/{tile_index_path(n, w)}" for l_, n, w in needed))
    print("subtrees read (height, index):", reader.read)
    trace = []
    root = inclusion(leaf, b["position"], proof, size, trace)
    print("inclusion:", len(proof), "hashes, first", [x.hex()[:8] for x in proof[:2]])
    print("sides:", ", ".join(s_ for s_, _ in trace))
    print("roots:", ", ".join(r.hex()[:8] for _, r in trace[:-1]), "then", trace[-1][1].hex())
    check(root.hex() == final_root, "worked inclusion")

    # --- Totals (V-13): order and roll-up; the worked precinct row
    check([a["area"] for a in totals["precincts"]] == [p["id"] for p in man["precincts"]], "precinct rows in manifest order")
    check([a["area"] for a in totals["counties"]] == [c["id"] for c in man["counties"]], "county rows in manifest order")
    row = [a for a in totals["precincts"] if a["area"] == pid][0]
    print("totals row:", cjson(row))
    print("election row:", cjson(totals["election"]))

    # --- Sizes (§1.1, §1.2)
    cp = os.path.join("board", "checkpoint")
    fr = os.path.join("board", "frontier")
    shards = [v for p_, v in sizes.items() if p_.startswith("index" + os.sep)]
    precs = [v for p_, v in sizes.items() if p_.startswith("precincts" + os.sep)]
    proof_files = [v for p_, v in sizes.items() if p_.startswith("proofs" + os.sep)]
    tiles_ = [v for p_, v in sizes.items() if p_.startswith(os.path.join("board", "tile", "0"))]
    print("sizes: manifest", sizes["manifest.json"], "checkpoint", sizes[cp], "frontier", sizes[fr], "totals", sizes["totals.json"],
          "shards", min(shards), "-", max(shards), "precincts", min(precs), "-", max(precs),
          "proofs", min(proof_files), "-", max(proof_files), "level-0 tiles", min(tiles_), "-", max(tiles_),
          "all", sum(sizes.values()))

    print()
    print("ALL VALUES CHECK OUT" if not FAILURES else f"{len(FAILURES)} MISMATCHES")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-vectors"]:
        write_vectors()
        sys.exit(1 if FAILURES else 0)
    sys.exit(main())
