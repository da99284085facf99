// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GoldilocksExt as G} from "./GoldilocksExt.sol";
import {StarkVerifier} from "./StarkVerifier.sol";

/// @title Verifies STARK proofs of src/stark/examples/fibonacci: "F_steps = result" (F_0 = F_1 = 1).
/// Transitions a' - b, b' - (a + b); assertions a[0] = 1, b[0] = 1, b[n-1] = result.
contract FibonacciStarkVerifier is StarkVerifier {
    /// Reverts naming the failed check; true when `proof` shows F_steps = result.
    function verify(bytes calldata proof, uint64 steps, uint64 result) external pure returns (bool) {
        require(result < P, "verify: result not a field element");
        return verifyProof(proof, abi.encodePacked(steps, result), steps);
    }

    function airName() internal pure override returns (bytes memory) {
        return "fibonacci";
    }

    function airShape() internal pure override returns (uint256, uint256) {
        return (2, 1);
    }

    function airCounts() internal pure override returns (uint256, uint256) {
        return (2, 3);
    }

    function compositionAtZ(Ctx memory c, bytes memory publicInputs) internal pure override returns (uint256, uint256) {
        (uint256 t0, uint256 t1) = _transitions(c);
        return _boundaries(c, t0, t1, _u(publicInputs, 8, 8));
    }

    /// (α_0 (a' - b) + α_1 (b' - (a + b))) / Z(z), with Z(z) = (z^n - 1)/(z - ω^{n-1}).
    function _transitions(Ctx memory c) private pure returns (uint256 t0, uint256 t1) {
        (uint256 a0, uint256 a1) = oodAt(c, c.oodCur, 0);
        (uint256 b0, uint256 b1) = oodAt(c, c.oodCur, 1);
        (uint256 n0, uint256 n1) = oodAt(c, c.oodNext, 0);
        (t0, t1) = G.sub2(n0, n1, b0, b1);
        (n0, n1) = oodAt(c, c.oodNext, 1);
        (a0, a1) = G.add2(a0, a1, b0, b1);
        (n0, n1) = G.sub2(n0, n1, a0, a1);
        (a0, a1) = coeffAt(c, 0);
        (t0, t1) = G.mul2(t0, t1, a0, a1);
        (a0, a1) = coeffAt(c, 1);
        (n0, n1) = G.mul2(n0, n1, a0, a1);
        (t0, t1) = G.add2(t0, t1, n0, n1);
        (n0, n1) = _divisorInverse(c);
        (t0, t1) = G.mul2(t0, t1, n0, n1);
    }

    /// 1/Z(z) = (z - ω^{n-1}) / (z^n - 1).
    function _divisorInverse(Ctx memory c) private pure returns (uint256, uint256) {
        (uint256 zn0, uint256 zn1) = G.pow2(c.z0, c.z1, c.n);
        (zn0, zn1) = G.inv2(G.sub(zn0, 1), zn1);
        return G.mul2(zn0, zn1, G.sub(c.z0, _last(c)), c.z1);
    }

    /// Adds β_k (t_c(z) - v_k)/(z - ω^{s_k}) for a[0] = 1, b[0] = 1, b[n-1] = result.
    function _boundaries(Ctx memory c, uint256 t0, uint256 t1, uint256 result) private pure returns (uint256, uint256) {
        (uint256 a0, uint256 a1) = oodAt(c, c.oodCur, 0);
        (uint256 i0, uint256 i1) = G.inv2(G.sub(c.z0, 1), c.z1);
        (t0, t1) = _boundary(c, t0, t1, 2, G.sub(a0, 1), a1, i0, i1);
        (a0, a1) = oodAt(c, c.oodCur, 1);
        (t0, t1) = _boundary(c, t0, t1, 3, G.sub(a0, 1), a1, i0, i1);
        (i0, i1) = G.inv2(G.sub(c.z0, _last(c)), c.z1);
        return _boundary(c, t0, t1, 4, G.sub(a0, result), a1, i0, i1);
    }

    function _last(Ctx memory c) private pure returns (uint256) {
        return G.pow(G.rootOfUnity(c.logN), c.n - 1);
    }

    function _boundary(
        Ctx memory c,
        uint256 acc0,
        uint256 acc1,
        uint256 k,
        uint256 num0,
        uint256 num1,
        uint256 inv0,
        uint256 inv1
    ) private pure returns (uint256, uint256) {
        (uint256 k0, uint256 k1) = coeffAt(c, k);
        (num0, num1) = G.mul2(num0, num1, inv0, inv1);
        (num0, num1) = G.mul2(num0, num1, k0, k1);
        return G.add2(acc0, acc1, num0, num1);
    }
}
