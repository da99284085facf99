#!/usr/bin/env python3
"""An independent plain-Python transcription of the Rescue-Prime reference algorithm
(Szepieniec, Ashur, Dhooghe: "Rescue-Prime: a Standard Specification (SoK)", eprint 2020/1143,
and its rescue_prime.sage): parameters, MDS matrix, SHAKE256 round constants, the XLIX
permutation and the padded sponge hash, at p = 2^64 - 2^32 + 1, m = 12, capacity 4, 128 bits.

It shares no code with the C++ (src/stark/crypto/rescue.cpp); rescue_test.cpp checks the C++
against the vectors this prints. Run: python3 rescue_prime_reference.py
"""
import hashlib
import math

P = 2**64 - 2**32 + 1
M, CAPACITY, SECURITY = 12, 4, 128
RATE = M - CAPACITY


def alphas(p):
    alpha = 3
    while math.gcd(alpha, p - 1) != 1:
        alpha += 1
    return alpha, pow(alpha, -1, p - 1)


def number_of_rounds(alpha):
    dcon = lambda n: math.floor(0.5 * (alpha - 1) * M * (n - 1) + 2)
    v = lambda n: M * (n - 1) + RATE
    for l1 in range(1, 25):
        if math.comb(v(l1) + dcon(l1), v(l1)) ** 2 > 2**SECURITY:
            break
    return math.ceil(1.5 * max(5, l1))


def primitive_element(p):
    factors = [2, 3, 5, 17, 257, 65537]  # p - 1 = 2^32 * 3 * 5 * 17 * 257 * 65537
    g = 2
    while any(pow(g, (p - 1) // q, p) == 1 for q in factors):
        g += 1
    return g


def mds_matrix(p):
    g = primitive_element(p)
    v = [[pow(g, i * j, p) for j in range(2 * M)] for i in range(M)]
    # reduced row echelon form over F_p
    for col in range(M):
        pivot = next(r for r in range(col, M) if v[r][col] != 0)
        v[col], v[pivot] = v[pivot], v[col]
        inv = pow(v[col][col], -1, p)
        v[col] = [x * inv % p for x in v[col]]
        for r in range(M):
            if r != col and v[r][col] != 0:
                f = v[r][col]
                v[r] = [(a - f * b) % p for a, b in zip(v[r], v[col])]
    right = [row[M:] for row in v]
    return [[right[j][i] for j in range(M)] for i in range(M)]  # transpose


def round_constants(p, n):
    bytes_per_int = math.ceil(len(bin(p)[2:]) / 8) + 1
    seed = "Rescue-XLIX(%i,%i,%i,%i)" % (p, M, CAPACITY, SECURITY)
    stream = hashlib.shake_256(seed.encode("ascii")).digest(bytes_per_int * 2 * M * n)
    return [int.from_bytes(stream[bytes_per_int * i: bytes_per_int * (i + 1)], "little") % p
            for i in range(2 * M * n)]


ALPHA, ALPHA_INV = alphas(P)
N = number_of_rounds(ALPHA)
MDS = mds_matrix(P)
RC = round_constants(P, N)


def mat_vec(mat, vec):
    return [sum(a * b for a, b in zip(row, vec)) % P for row in mat]


def permutation(state):
    state = list(state)
    for i in range(N):
        state = [pow(x, ALPHA, P) for x in state]
        state = mat_vec(MDS, state)
        state = [(x + RC[i * 2 * M + j]) % P for j, x in enumerate(state)]
        state = [pow(x, ALPHA_INV, P) for x in state]
        state = mat_vec(MDS, state)
        state = [(x + RC[i * 2 * M + M + j]) % P for j, x in enumerate(state)]
    return state


def hash_elements(elements):
    padded = list(elements) + [1]
    while len(padded) % RATE:
        padded.append(0)
    state = [0] * M
    for k in range(0, len(padded), RATE):
        for i in range(RATE):
            state[i] = (state[i] + padded[k + i]) % P
        state = permutation(state)
    return state[:RATE]


if __name__ == "__main__":
    print("alpha", ALPHA, "alpha_inv", ALPHA_INV, "rounds", N, "g", primitive_element(P))
    print("mds[0]", MDS[0])
    print("rc[0..3]", RC[:3], "rc[-1]", RC[-1])
    print("perm(0..11)", permutation(list(range(M))))
    print("perm(zeros)", permutation([0] * M))
    print("hash([])", hash_elements([]))
    print("hash(1..4)", hash_elements([1, 2, 3, 4]))
    print("hash(0..9)", hash_elements(list(range(10))))
