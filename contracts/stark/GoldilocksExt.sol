// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Goldilocks field p = 2^64 - 2^32 + 1 and its quadratic extension F_p[phi]/(phi^2 - 7),
/// as src/stark/math/field.hpp and ext2.hpp define them. Elements are canonical uint256 < p;
/// an extension element is a pair (c0, c1) meaning c0 + c1*phi.
library GoldilocksExt {
    uint256 internal constant P = 0xFFFFFFFF00000001;
    uint256 internal constant W = 7; // phi^2
    uint256 internal constant GENERATOR = 7;
    uint256 internal constant TWO_ADIC_ROOT = 1753635133440165772; // 7^((p-1)/2^32)

    /// A primitive 2^logN-th root of unity (logN <= 32).
    function rootOfUnity(uint256 logN) internal pure returns (uint256 r) {
        r = TWO_ADIC_ROOT;
        for (uint256 i = logN; i < 32; ++i) r = mulmod(r, r, P);
    }

    /// base^e mod p.
    function pow(uint256 base, uint256 e) internal pure returns (uint256 acc) {
        acc = 1;
        while (e != 0) {
            if (e & 1 == 1) acc = mulmod(acc, base, P);
            base = mulmod(base, base, P);
            e >>= 1;
        }
    }

    /// The inverse by Fermat; 0 maps to 0.
    function inv(uint256 a) internal pure returns (uint256) {
        return pow(a, P - 2);
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a, P - b, P);
    }

    /// (a0 + a1 phi)(b0 + b1 phi).
    function mul2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256, uint256) {
        return ((a0 * b0 + W * a1 * b1) % P, (a0 * b1 + a1 * b0) % P);
    }

    function add2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256, uint256) {
        return (addmod(a0, b0, P), addmod(a1, b1, P));
    }

    function sub2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256, uint256) {
        return (addmod(a0, P - b0, P), addmod(a1, P - b1, P));
    }

    /// (c0 - c1 phi) / (c0^2 - 7 c1^2).
    function inv2(uint256 a0, uint256 a1) internal pure returns (uint256, uint256) {
        uint256 norm = addmod(mulmod(a0, a0, P), P - mulmod(W, mulmod(a1, a1, P), P), P);
        uint256 n = inv(norm);
        return (mulmod(a0, n, P), mulmod(P - a1, n, P) % P);
    }

    function pow2(uint256 a0, uint256 a1, uint256 e) internal pure returns (uint256 r0, uint256 r1) {
        r0 = 1;
        r1 = 0;
        while (e != 0) {
            if (e & 1 == 1) (r0, r1) = mul2(r0, r1, a0, a1);
            (a0, a1) = mul2(a0, a1, a0, a1);
            e >>= 1;
        }
    }
}
