// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Goldilocks field p = 2^64 - 2^32 + 1 and its quadratic extension F_p[phi]/(phi^2 - 7),
/// as src/stark/math/field.hpp and ext2.hpp define them. Elements are canonical uint256 < p;
/// an extension element is a pair (c0, c1) meaning c0 + c1*phi. Every function takes canonical
/// inputs and returns canonical outputs; the bodies are assembly because unchecked 256-bit
/// arithmetic cannot overflow on 64-bit operands (a product is below 2^128).
library GoldilocksExt {
    uint256 internal constant P = 0xFFFFFFFF00000001;
    uint256 internal constant W = 7; // phi^2
    uint256 internal constant GENERATOR = 7;
    uint256 internal constant GENERATOR_INV = 2635249152773512046; // 7^-1
    uint256 internal constant TWO_ADIC_ROOT = 1753635133440165772; // 7^((p-1)/2^32)

    /// A primitive 2^logN-th root of unity (logN <= 32).
    function rootOfUnity(uint256 logN) internal pure returns (uint256 r) {
        assembly {
            r := 1753635133440165772
            for { let i := logN } lt(i, 32) { i := add(i, 1) } { r := mulmod(r, r, 0xFFFFFFFF00000001) }
        }
    }

    /// base^e mod p.
    function pow(uint256 base, uint256 e) internal pure returns (uint256 acc) {
        assembly {
            acc := 1
            for {} e { e := shr(1, e) } {
                if and(e, 1) { acc := mulmod(acc, base, 0xFFFFFFFF00000001) }
                base := mulmod(base, base, 0xFFFFFFFF00000001)
            }
        }
    }

    /// The inverse by Fermat; 0 maps to 0.
    function inv(uint256 a) internal pure returns (uint256) {
        return pow(a, P - 2);
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256 r) {
        assembly {
            r := addmod(a, sub(0xFFFFFFFF00000001, b), 0xFFFFFFFF00000001)
        }
    }

    /// (a0 + a1 phi)(b0 + b1 phi).
    function mul2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256 r0, uint256 r1) {
        assembly {
            r0 := mod(add(mul(a0, b0), mul(7, mul(a1, b1))), 0xFFFFFFFF00000001)
            r1 := mod(add(mul(a0, b1), mul(a1, b0)), 0xFFFFFFFF00000001)
        }
    }

    function add2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256 r0, uint256 r1) {
        assembly {
            r0 := addmod(a0, b0, 0xFFFFFFFF00000001)
            r1 := addmod(a1, b1, 0xFFFFFFFF00000001)
        }
    }

    function sub2(uint256 a0, uint256 a1, uint256 b0, uint256 b1) internal pure returns (uint256 r0, uint256 r1) {
        assembly {
            r0 := addmod(a0, sub(0xFFFFFFFF00000001, b0), 0xFFFFFFFF00000001)
            r1 := addmod(a1, sub(0xFFFFFFFF00000001, b1), 0xFFFFFFFF00000001)
        }
    }

    /// (c0 - c1 phi) / (c0^2 - 7 c1^2); 0 maps to 0.
    function inv2(uint256 a0, uint256 a1) internal pure returns (uint256, uint256) {
        uint256 n = inv(sub(mulmod(a0, a0, P), mulmod(W, mulmod(a1, a1, P), P)));
        return (mulmod(a0, n, P), mulmod(P - a1, n, P));
    }

    function pow2(uint256 a0, uint256 a1, uint256 e) internal pure returns (uint256 r0, uint256 r1) {
        assembly {
            r0 := 1
            r1 := 0
            for {} e { e := shr(1, e) } {
                if and(e, 1) {
                    let t := mod(add(mul(r0, a0), mul(7, mul(r1, a1))), 0xFFFFFFFF00000001)
                    r1 := mod(add(mul(r0, a1), mul(r1, a0)), 0xFFFFFFFF00000001)
                    r0 := t
                }
                let s := mod(add(mul(a0, a0), mul(7, mul(a1, a1))), 0xFFFFFFFF00000001)
                a1 := mulmod(add(a0, a0), a1, 0xFFFFFFFF00000001)
                a0 := s
            }
        }
    }
}
