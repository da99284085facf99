// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GoldilocksExt as G} from "./GoldilocksExt.sol";

/// @title The STARK verifier of src/stark (docs/stark.md), protocol version 1, on L1.
/// @notice A statement contract inherits this and supplies its name, public-input encoding,
/// shape and the composition polynomial at the out-of-domain point. verify() reverts naming the
/// failed check, as the C++ verifier's ProofError does, and returns true otherwise.
/// @dev The per-query work (Merkle openings, DEEP values, FRI folding, the remainder) is
/// assembly over the proof bytes in place: sums of 64-bit products are accumulated unreduced in
/// 256-bit words and reduced once, the DEEP denominators of all queries share one inversion
/// (Montgomery's trick), and powers of the domain generator come from a table of its 2^b-th
/// powers. docs/stark.md ("Solidity verifier: where the gas goes") has the figures.
abstract contract StarkVerifier {
    uint256 internal constant P = G.P;
    uint256 internal constant MIN_SECURITY_BITS = 100;

    /// Everything the checks share, kept in memory to stay clear of the stack limit.
    struct Ctx {
        bytes proof;
        bytes32 state;
        uint256 counter;
        // header
        uint256 blowup;
        uint256 queries;
        uint256 fold;
        uint256 maxRem;
        uint256 grind;
        uint256 logN;
        uint256 n;
        uint256 w;
        uint256 m;
        uint256 domain;
        // offsets into the proof
        uint256 oodCur;
        uint256 oodNext;
        uint256 oodComp;
        uint256 friRoots;
        uint256 friLayers;
        uint256 remainder;
        uint256 remCount;
        uint256 cursor;
        // challenges
        uint256 z0;
        uint256 z1;
        uint256 zn0;
        uint256 zn1;
        uint256[] coeffs; // composition: transitions then assertions, 2 words each
        uint256[] deep; // gamma (w), gamma' (w), delta (m), 2 words each
        uint256[] friAlphas;
        uint256[] positions;
        // the LDE domain: log2 of its size, and window tables of ω and ω^-1 (_windowTable)
        uint256 logDomain;
        uint256[] omegaPow;
        uint256[] omegaInvPow;
    }

    // ---- statement hooks -------------------------------------------------------------------

    /// The statement's name (Air::name()).
    function airName() internal pure virtual returns (bytes memory);
    /// Trace width and the composition column count.
    function airShape() internal pure virtual returns (uint256 width, uint256 columns);
    /// Number of transition constraints and of assertions.
    function airCounts() internal pure virtual returns (uint256 transitions, uint256 assertions);
    /// Number of assertions of the statement with `publicInputs`: airCounts()'s unless the
    /// statement's assertions grow with its public inputs (a rollup batch's with its transfers).
    function assertionCount(bytes memory publicInputs) internal pure virtual returns (uint256 assertions) {
        publicInputs;
        (, assertions) = airCounts();
    }
    /// C(z) from the out-of-domain frame at c.oodCur / c.oodNext.
    function compositionAtZ(Ctx memory c, bytes memory publicInputs) internal pure virtual returns (uint256, uint256);

    // ---- the protocol ----------------------------------------------------------------------

    /// Verifies `proof` for the statement with `publicInputs` over `steps` rows.
    function verifyProof(bytes memory proof, bytes memory publicInputs, uint256 steps) internal pure returns (bool) {
        Ctx memory c;
        c.proof = proof;
        _parseHeader(c, steps);
        _seed(c, publicInputs);
        _absorbSlice(c, 15, 32); // trace root
        (uint256 t,) = airCounts();
        c.coeffs = _drawExts(c, t + assertionCount(publicInputs));
        _absorbSlice(c, 47, 32); // composition root
        (c.z0, c.z1) = _drawExt(c);
        (c.zn0, c.zn1) = G.mul2(c.z0, c.z1, G.rootOfUnity(c.logN), 0);
        _checkOod(c, publicInputs);
        _absorbSlice(c, c.oodCur, 16 * c.w);
        _absorbSlice(c, c.oodNext, 16 * c.w);
        _absorbSlice(c, c.oodComp, 16 * c.m);
        c.deep = _drawExts(c, 2 * c.w + c.m);
        _friCommit(c);
        _powAndQueries(c);
        _checkOpenings(c);
        return true;
    }

    function _parseHeader(Ctx memory c, uint256 steps) private pure {
        bytes memory p = c.proof;
        require(_u(p, 0, 4) == 0x5853544b, "decode: not a proof (bad magic)");
        require(_u(p, 4, 1) == 1, "decode: unknown proof format version");
        c.blowup = _u(p, 5, 1);
        c.queries = _u(p, 6, 1);
        c.fold = _u(p, 7, 1);
        c.maxRem = _u(p, 8, 2);
        c.grind = _u(p, 10, 1);
        c.logN = _u(p, 11, 1);
        c.w = _u(p, 12, 2);
        c.m = _u(p, 14, 1);
        require(c.logN >= 3 && c.logN <= 28, "decode: count or size out of range");
        c.n = 1 << c.logN;
        (uint256 w, uint256 m) = airShape();
        require(c.n == steps && c.w == w && c.m == m, "verify: trace shape differs from the statement");
        require(
            (c.blowup & (c.blowup - 1)) == 0 && c.blowup >= 2 && c.blowup <= 64 && c.blowup >= m && c.queries >= 1
                && (c.fold == 2 || c.fold == 4) && c.maxRem >= 1 && c.maxRem <= 1024 && c.grind <= 32,
            "verify: proof options invalid for the statement"
        );
        c.domain = c.n * c.blowup;
        c.logDomain = c.logN + _log2(c.blowup);
        require(_securityBits(c) >= MIN_SECURITY_BITS, "verify: proof security below the required level");
        c.oodCur = 79;
        c.oodNext = c.oodCur + 16 * c.w;
        c.oodComp = c.oodNext + 16 * c.w;
        uint256 pos = c.oodComp + 16 * c.m;
        _checkFelts(p, c.oodCur, pos);
        uint256 layers = _u(p, pos, 1);
        require(layers == _friLayerCount(c), "verify: FRI proof shape wrong for the options");
        c.friRoots = pos + 1;
        pos = c.friRoots + 32 * layers;
        c.remCount = _u(p, pos, 2);
        require(c.remCount == _remainderSize(c), "verify: FRI proof shape wrong for the options");
        c.remainder = pos + 2;
        c.cursor = c.remainder + 16 * c.remCount;
        _checkFelts(p, c.remainder, c.cursor);
    }

    function _securityBits(Ctx memory c) private pure returns (uint256) {
        uint256 fieldBits = 128 - c.logDomain;
        uint256 queryBits = _log2(c.blowup) * c.queries + c.grind;
        uint256 bits = fieldBits < queryBits ? fieldBits : queryBits;
        bits = bits == 0 ? 0 : bits - 1;
        return bits < 128 ? bits : 128;
    }

    function _friLayerCount(Ctx memory c) private pure returns (uint256 layers) {
        uint256 size = c.domain;
        while (size / c.blowup > c.maxRem && size / c.fold >= c.blowup) {
            size /= c.fold;
            ++layers;
        }
    }

    function _remainderSize(Ctx memory c) private pure returns (uint256) {
        uint256 size = c.domain;
        for (uint256 i = _friLayerCount(c); i > 0; --i) size /= c.fold;
        return size / c.blowup;
    }

    function _seed(Ctx memory c, bytes memory publicInputs) private pure {
        c.state = keccak256("xway-stark-v1");
        _absorb(c, airName());
        _absorb(c, publicInputs);
        _absorb(
            c,
            abi.encodePacked(
                uint64(c.n), uint64(c.w), uint64(c.blowup), uint64(c.queries), uint64(c.fold), uint64(c.maxRem),
                uint64(c.grind)
            )
        );
    }

    function _checkOod(Ctx memory c, bytes memory publicInputs) private pure {
        (uint256 l0, uint256 l1) = compositionAtZ(c, publicInputs);
        // Σ z^{i n} H_i(z), Horner from the last column
        (uint256 zn0, uint256 zn1) = G.pow2(c.z0, c.z1, c.n);
        uint256 r0;
        uint256 r1;
        for (uint256 i = c.m; i > 0; --i) {
            (r0, r1) = G.mul2(r0, r1, zn0, zn1);
            (uint256 h0, uint256 h1) = oodAt(c, c.oodComp, i - 1);
            (r0, r1) = G.add2(r0, r1, h0, h1);
        }
        require(l0 == r0 && l1 == r1, "verify: constraints at the OOD point disagree with the composition");
    }

    function _friCommit(Ctx memory c) private pure {
        uint256 layers = _u(c.proof, c.friRoots - 1, 1);
        c.friAlphas = new uint256[](2 * layers);
        for (uint256 i = 0; i < layers; ++i) {
            _absorbSlice(c, c.friRoots + 32 * i, 32);
            (c.friAlphas[2 * i], c.friAlphas[2 * i + 1]) = _drawExt(c);
        }
        _absorbSlice(c, c.remainder, 16 * c.remCount);
    }

    function _powAndQueries(Ctx memory c) private pure {
        uint256 nonce = _u(c.proof, c.cursor, 8);
        if (c.grind > 0) {
            bytes32 h = keccak256(abi.encodePacked(c.state, uint64(nonce), bytes1("P")));
            require(uint256(h) >> (256 - c.grind) == 0, "verify: proof-of-work nonce insufficient");
        }
        _absorbSlice(c, c.cursor, 8);
        c.cursor += 8;
        uint256[] memory idx = new uint256[](c.queries);
        for (uint256 i = 0; i < c.queries; ++i) {
            idx[i] = (uint256(_drawDigest(c)) >> 192) & (c.domain - 1);
        }
        c.positions = _sortUnique(idx);
    }

    function _checkOpenings(Ctx memory c) private pure {
        bytes memory p = c.proof;
        uint256 q = _u(p, c.cursor, 2);
        require(q == c.positions.length, "verify: opened values do not match the drawn queries");
        uint256 traceRows = c.cursor + 2;
        uint256 pos = traceRows + 8 * q * c.w;
        _checkFelts(p, traceRows, pos);
        pos = _checkMerkle(p, _slot(p, 15), c.logDomain, c.positions, traceRows, 8 * c.w, pos);
        if (pos == 0) revert("verify: trace openings do not match the trace commitment");
        uint256 compRows = pos;
        pos = compRows + 16 * q * c.m;
        _checkFelts(p, compRows, pos);
        pos = _checkMerkle(p, _slot(p, 47), c.logDomain, c.positions, compRows, 16 * c.m, pos);
        if (pos == 0) revert("verify: composition openings do not match their commitment");
        c.cursor = pos;
        uint256 omega = G.rootOfUnity(c.logDomain);
        c.omegaPow = _windowTable(omega, c.logDomain);
        c.omegaInvPow = _windowTable(G.inv(omega), c.logDomain);
        _friQueries(c, _deepValues(c, traceRows, compRows));
        require(c.cursor == p.length, "decode: bytes left after the proof");
    }

    // ---- DEEP (protocol step 6) -------------------------------------------------------------

    /// D(x) at every query position x from the opened rows: with a = Σ γ_c (t_c(x) - t_c(z))
    /// + Σ δ_i (H_i(x) - H_i(z)), b = Σ γ'_c (t_c(x) - t_c(zω)), u = x - z and v = x - zω,
    /// D(x) = a/u + b/v = (a v + b u) / (u v); the denominators are inverted together.
    function _deepValues(Ctx memory c, uint256 traceRows, uint256 compRows) private pure returns (uint256[] memory num) {
        uint256 q = c.positions.length;
        num = new uint256[](2 * q);
        uint256[] memory den = new uint256[](2 * q);
        // what every query reads, in one array to stay clear of the stack limit
        uint256[] memory a = new uint256[](19);
        (a[10], a[11], a[12], a[13]) = _deepAtZ(c);
        (a[14], a[15], a[16], a[17]) = (c.z0, c.z1, c.zn0, c.zn1);
        {
            bytes memory p = c.proof;
            uint256[] memory deep = c.deep;
            uint256[] memory positions = c.positions;
            uint256[] memory table = c.omegaPow;
            assembly {
                mstore(add(a, 32), add(add(p, 32), traceRows))
                mstore(add(a, 96), add(add(p, 32), compRows))
                mstore(add(a, 160), add(deep, 32))
                mstore(add(a, 192), add(positions, 32))
                mstore(add(a, 256), add(table, 32))
                mstore(add(a, 288), add(num, 32))
                mstore(add(a, 320), add(den, 32))
            }
        }
        a[1] = 8 * c.w;
        a[3] = 16 * c.m;
        a[6] = c.w;
        a[18] = c.m;
        assembly {
            for { let k := 0 } lt(k, q) { k := add(k, 1) } { deepQuery(add(a, 32), k) }

            // args: 0 trace rows, 1 trace row bytes, 2 composition rows, 3 their row bytes, 4 γ,
            // 5 positions, 6 w, 7 ω table, 8 num, 9 den, 10..13 the shared sums, 14..17 z and zω,
            // 18 m
            function deepQuery(args, k) {
                let a0, a1, b0, b1 := traceSums(add(mload(args), mul(mload(add(args, 32)), k)), mload(add(args, 192)), mload(add(args, 128)))
                let h0, h1 := compSums(add(mload(add(args, 64)), mul(mload(add(args, 96)), k)), mload(add(args, 576)), add(mload(add(args, 128)), shl(7, mload(add(args, 192)))))
                a0 := reduce(add(a0, h0), mload(add(args, 320)))
                a1 := reduce(add(a1, h1), mload(add(args, 352)))
                b0 := reduce(b0, mload(add(args, 384)))
                b1 := reduce(b1, mload(add(args, 416)))
                let x := domainPoint(mload(add(args, 224)), mload(add(mload(add(args, 160)), shl(5, k))))
                finish(add(mload(add(args, 256)), shl(6, k)), add(mload(add(args, 288)), shl(6, k)), a0, a1, b0, b1, x, add(args, 448))
            }

            // Σ γ_c t_c(x), Σ γ'_c t_c(x), unreduced (each term below 2^128)
            function traceSums(row, w, gam) -> a0, a1, b0, b1 {
                for { let j := 0 } lt(j, w) { j := add(j, 1) } {
                    let t := shr(192, mload(add(row, shl(3, j))))
                    let g := add(gam, shl(6, j))
                    a0 := add(a0, mul(mload(g), t))
                    a1 := add(a1, mul(mload(add(g, 32)), t))
                    g := add(g, shl(6, w))
                    b0 := add(b0, mul(mload(g), t))
                    b1 := add(b1, mul(mload(add(g, 32)), t))
                }
            }

            // Σ δ_i H_i(x), unreduced
            function compSums(row, m, d) -> a0, a1 {
                for { let j := 0 } lt(j, m) { j := add(j, 1) } {
                    let h := mload(add(row, shl(4, j)))
                    let h0 := shr(192, h)
                    let h1 := and(shr(128, h), 0xFFFFFFFFFFFFFFFF)
                    let g := add(d, shl(6, j))
                    a0 := add(a0, add(mul(mload(g), h0), mul(7, mul(mload(add(g, 32)), h1))))
                    a1 := add(a1, add(mul(mload(g), h1), mul(mload(add(g, 32)), h0)))
                }
            }

            function reduce(v, k) -> r {
                r := addmod(mod(v, 0xFFFFFFFF00000001), sub(0xFFFFFFFF00000001, k), 0xFFFFFFFF00000001)
            }

            // g·ω^e from the window table of ω
            function domainPoint(table, e) -> x {
                x := 7
                for {} e { e := shr(4, e) } {
                    let d := and(e, 15)
                    if d { x := mulmod(x, mload(add(table, shl(5, d))), 0xFFFFFFFF00000001) }
                    table := add(table, 512)
                }
            }

            // num = a·v + b·u and den = u·v with u = x - z, v = x - zω
            function finish(o, od, a0, a1, b0, b1, x, zp) {
                let Q := 0xFFFFFFFF00000001
                let u0 := addmod(x, sub(Q, mload(zp)), Q)
                let u1 := sub(Q, mload(add(zp, 32)))
                let v0 := addmod(x, sub(Q, mload(add(zp, 64))), Q)
                let v1 := sub(Q, mload(add(zp, 96)))
                let t := add(mul(a0, v0), mul(7, mul(a1, v1)))
                mstore(o, mod(add(t, add(mul(b0, u0), mul(7, mul(b1, u1)))), Q))
                t := add(mul(a0, v1), mul(a1, v0))
                mstore(add(o, 32), mod(add(t, add(mul(b0, u1), mul(b1, u0))), Q))
                mstore(od, mod(add(mul(u0, v0), mul(7, mul(u1, v1))), Q))
                mstore(add(od, 32), mod(add(mul(u0, v1), mul(u1, v0)), Q))
            }
        }
        _batchInverse(den);
        assembly {
            for { let k := 0 } lt(k, q) { k := add(k, 1) } {
                let o := add(num, shl(6, k))
                let d := add(den, shl(6, k))
                let n0 := mload(add(o, 32))
                let n1 := mload(add(o, 64))
                let d0 := mload(add(d, 32))
                let d1 := mload(add(d, 64))
                mstore(add(o, 32), mod(add(mul(n0, d0), mul(7, mul(n1, d1))), 0xFFFFFFFF00000001))
                mstore(add(o, 64), mod(add(mul(n0, d1), mul(n1, d0)), 0xFFFFFFFF00000001))
            }
        }
    }

    /// Σ γ_c t_c(z) + Σ δ_i H_i(z) and Σ γ'_c t_c(zω): the parts of the DEEP numerators that
    /// every query shares.
    function _deepAtZ(Ctx memory c) private pure returns (uint256 a0, uint256 a1, uint256 b0, uint256 b1) {
        for (uint256 col = 0; col < c.w; ++col) {
            (uint256 o0, uint256 o1) = oodAt(c, c.oodCur, col);
            (o0, o1) = G.mul2(c.deep[2 * col], c.deep[2 * col + 1], o0, o1);
            (a0, a1) = G.add2(a0, a1, o0, o1);
            (o0, o1) = oodAt(c, c.oodNext, col);
            (o0, o1) = G.mul2(c.deep[2 * (c.w + col)], c.deep[2 * (c.w + col) + 1], o0, o1);
            (b0, b1) = G.add2(b0, b1, o0, o1);
        }
        for (uint256 i = 0; i < c.m; ++i) {
            (uint256 o0, uint256 o1) = oodAt(c, c.oodComp, i);
            (o0, o1) = G.mul2(c.deep[2 * (2 * c.w + i)], c.deep[2 * (2 * c.w + i) + 1], o0, o1);
            (a0, a1) = G.add2(a0, a1, o0, o1);
        }
    }

    /// Replaces each extension element of `v` (pairs) by its inverse with one inversion
    /// (Montgomery's trick). A zero element makes every output zero, which no FRI check accepts.
    function _batchInverse(uint256[] memory v) private pure {
        uint256 k = v.length / 2;
        uint256[] memory pre = new uint256[](2 * k);
        uint256 r0;
        uint256 r1;
        assembly {
            let P_ := 0xFFFFFFFF00000001
            r0 := 1
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                mstore(add(pre, add(shl(6, i), 32)), r0)
                mstore(add(pre, add(shl(6, i), 64)), r1)
                let e0 := mload(add(v, add(shl(6, i), 32)))
                let e1 := mload(add(v, add(shl(6, i), 64)))
                let t := mod(add(mul(r0, e0), mul(7, mul(r1, e1))), P_)
                r1 := mod(add(mul(r0, e1), mul(r1, e0)), P_)
                r0 := t
            }
        }
        (r0, r1) = G.inv2(r0, r1);
        assembly {
            let P_ := 0xFFFFFFFF00000001
            for { let i := k } i {} {
                i := sub(i, 1)
                let e := add(v, add(shl(6, i), 32))
                let e0 := mload(e)
                let e1 := mload(add(e, 32))
                let p0 := mload(add(pre, add(shl(6, i), 32)))
                let p1 := mload(add(pre, add(shl(6, i), 64)))
                // v_i^-1 = r · prefix_i, then r = r · v_i
                mstore(e, mod(add(mul(r0, p0), mul(7, mul(r1, p1))), P_))
                mstore(add(e, 32), mod(add(mul(r0, p1), mul(r1, p0)), P_))
                let t := mod(add(mul(r0, e0), mul(7, mul(r1, e1))), P_)
                r1 := mod(add(mul(r0, e1), mul(r1, e0)), P_)
                r0 := t
            }
        }
    }

    // ---- FRI ---------------------------------------------------------------------------------

    function _friQueries(Ctx memory c, uint256[] memory values) private pure {
        uint256[] memory pos = c.positions;
        uint256 logSize = c.logDomain;
        uint256 offset = G.GENERATOR;
        uint256 offsetInv = G.GENERATOR_INV;
        uint256 layers = c.friAlphas.length / 2;
        uint256 logFold = c.fold == 4 ? 2 : 1;
        for (uint256 i = 0; i < layers; ++i) {
            uint256 vals;
            uint256[] memory leaves;
            (leaves, vals) = _friOpen(c, i, logSize, pos, values);
            values = _friFold(c, i, leaves, vals, i * logFold, offsetInv);
            pos = leaves;
            logSize -= logFold;
            offset = G.pow(offset, c.fold);
            offsetInv = G.pow(offsetInv, c.fold);
        }
        if (!_remainderMatches(c, pos, values, offset, c.logDomain - logSize)) {
            revert("verify: last FRI layer differs from the remainder polynomial");
        }
    }

    /// Checks the layer's opened values at `pos` and its Merkle opening; returns the opened leaf
    /// indices and where their values start.
    function _friOpen(Ctx memory c, uint256 layer, uint256 logSize, uint256[] memory pos, uint256[] memory values)
        private
        pure
        returns (uint256[] memory leaves, uint256 vals)
    {
        uint256 logFold = c.fold == 4 ? 2 : 1;
        uint256[] memory at;
        (leaves, at) = _leavesOf(pos, logSize - logFold);
        require(_u(c.proof, c.cursor, 2) == leaves.length, "verify: FRI proof shape wrong for the options");
        vals = c.cursor + 2;
        uint256 end = vals + 16 * c.fold * leaves.length;
        _checkFelts(c.proof, vals, end);
        if (!_friValuesMatch(c.proof, at, pos, values, vals, logSize - logFold, logFold)) {
            revert("verify: FRI value differs from the DEEP composition or fold");
        }
        end = _checkMerkle(
            c.proof, _slot(c.proof, c.friRoots + 32 * layer), logSize - logFold, leaves, vals, 16 * c.fold, end
        );
        if (end == 0) revert("verify: FRI layer opening does not match its commitment");
        c.cursor = end;
    }

    /// The distinct leaves (pos mod 2^logLeaves) the positions fall in, sorted, and for each
    /// position the index of its leaf among them: keys leaf·2^16 + k are sorted (k < 256 < 2^16
    /// keeps them distinct), then one pass assigns the indices.
    function _leavesOf(uint256[] memory pos, uint256 logLeaves)
        private
        pure
        returns (uint256[] memory leaves, uint256[] memory at)
    {
        uint256 n = pos.length;
        leaves = new uint256[](n);
        at = new uint256[](n);
        assembly {
            let mask := sub(shl(logLeaves, 1), 1)
            for { let k := 0 } lt(k, n) { k := add(k, 1) } {
                mstore(add(leaves, shl(5, add(k, 1))), or(shl(16, and(mload(add(pos, shl(5, add(k, 1)))), mask)), k))
            }
        }
        _sort(leaves);
        assembly {
            let count := 0
            let prev := not(0)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let key := mload(add(leaves, shl(5, add(i, 1))))
                let leaf := shr(16, key)
                if iszero(eq(leaf, prev)) {
                    mstore(add(leaves, shl(5, add(count, 1))), leaf)
                    count := add(count, 1)
                    prev := leaf
                }
                mstore(add(at, shl(5, add(and(key, 0xffff), 1))), sub(count, 1))
            }
            mstore(leaves, count)
        }
    }

    /// Each query's value equals the opened leaf's slot for it: leaf at[k], slot pos / 2^logLeaves.
    function _friValuesMatch(
        bytes memory p,
        uint256[] memory at,
        uint256[] memory pos,
        uint256[] memory values,
        uint256 vals,
        uint256 logLeaves,
        uint256 logFold
    ) private pure returns (bool ok) {
        assembly {
            ok := 1
            let base := add(add(p, 32), vals)
            for { let k := 0 } lt(k, mload(pos)) { k := add(k, 1) } {
                let slot := add(shl(logFold, mload(add(at, shl(5, add(k, 1))))), shr(logLeaves, mload(add(pos, shl(5, add(k, 1))))))
                let word := mload(add(base, shl(4, slot)))
                let v := add(values, shl(6, k))
                if iszero(and(eq(shr(192, word), mload(add(v, 32))), eq(and(shr(128, word), 0xFFFFFFFFFFFFFFFF), mload(add(v, 64))))) {
                    ok := 0
                }
            }
        }
    }

    /// Folds every opened leaf: Σ_m (α/x)^m q_m with q the size-f inverse DFT of the leaf's
    /// values (fri/folding.hpp), x = offset·ω_i^leaf the leaf's point in layer i.
    function _friFold(
        Ctx memory c,
        uint256 layer,
        uint256[] memory leaves,
        uint256 vals,
        uint256 shift,
        uint256 offsetInv
    ) private pure returns (uint256[] memory) {
        uint256 base;
        uint256 tbl;
        uint256 alpha;
        {
            bytes memory p = c.proof;
            uint256[] memory table = c.omegaInvPow;
            uint256[] memory alphas = c.friAlphas;
            assembly {
                base := add(add(p, 32), vals)
                tbl := add(table, 32)
                alpha := add(alphas, add(32, shl(6, layer)))
            }
        }
        shift = c.fold | (shift << 8); // packed into one word: the stack limit
        return _foldLeaves(leaves, base, tbl, offsetInv, alpha, shift);
    }

    function _foldLeaves(
        uint256[] memory leaves,
        uint256 base,
        uint256 tbl,
        uint256 offsetInv,
        uint256 alpha,
        uint256 foldAndShift
    ) private pure returns (uint256[] memory folded) {
        uint256 count = leaves.length;
        folded = new uint256[](2 * count);
        assembly {
            for { let l := 0 } lt(l, count) { l := add(l, 1) } {
                let xi := leafPointInverse(shl(shr(8, foldAndShift), mload(add(leaves, shl(5, add(l, 1))))), tbl, offsetInv)
                let be0 := mulmod(mload(alpha), xi, 0xFFFFFFFF00000001)
                let be1 := mulmod(mload(add(alpha, 32)), xi, 0xFFFFFFFF00000001)
                let leaf := add(base, mul(shl(4, and(foldAndShift, 0xff)), l))
                let r0
                let r1
                switch and(foldAndShift, 0xff)
                case 2 { r0, r1 := fold2(leaf, be0, be1) }
                default { r0, r1 := fold4(leaf, be0, be1) }
                mstore(add(folded, add(shl(6, l), 32)), r0)
                mstore(add(folded, add(shl(6, l), 64)), r1)
            }

            // x^-1 = offset^-1 · (ω^-1)^e, e = leaf·f^i, from the window table of ω^-1
            function leafPointInverse(e, t, xi) -> r {
                r := xi
                for {} e { e := shr(4, e) } {
                    let d := and(e, 15)
                    if d { r := mulmod(r, mload(add(t, shl(5, d))), 0xFFFFFFFF00000001) }
                    t := add(t, 512)
                }
            }

            // (y0 + y1)/2 + β (y0 - y1)/2 for the values at x and -x
            function fold2(leaf, be0, be1) -> r0, r1 {
                let Q := 0xFFFFFFFF00000001
                let y0 := shr(192, mload(leaf))
                let y1 := shr(192, mload(add(leaf, 8)))
                let y2 := shr(192, mload(add(leaf, 16)))
                let y3 := shr(192, mload(add(leaf, 24)))
                let d0 := add(y0, sub(Q, y2))
                let d1 := add(y1, sub(Q, y3))
                r0 := mulmod(add(add(y0, y2), add(mul(d0, be0), mul(7, mul(d1, be1)))), 9223372034707292161, Q)
                r1 := mulmod(add(add(y1, y3), add(mul(d0, be1), mul(d1, be0))), 9223372034707292161, Q)
            }

            // Horner in β over the size-4 inverse DFT of the leaf (ω_4 = 2^48), times 1/4
            function fold4(leaf, be0, be1) -> r0, r1 {
                let m := mload(0x40)
                dft4(leaf, m)
                dft4(add(leaf, 8), add(m, 32))
                r0, r1 := mulAdd(mload(add(m, 192)), mload(add(m, 224)), be0, be1, mload(add(m, 128)), mload(add(m, 160)))
                r0, r1 := mulAdd(r0, r1, be0, be1, mload(add(m, 64)), mload(add(m, 96)))
                r0, r1 := mulAdd(r0, r1, be0, be1, mload(m), mload(add(m, 32)))
                r0 := mulmod(r0, 13835058052060938241, 0xFFFFFFFF00000001)
                r1 := mulmod(r1, 13835058052060938241, 0xFFFFFFFF00000001)
            }

            // One component (c0 at y, c1 at y + 8) of Y_k = Σ_j y_j ω_4^-jk, unnormalised and
            // each below 4p, stored at m + 64k: with s = y0 + y2, d = y0 - y2, t = y1 + y3,
            // e = (y1 - y3)ω_4^-1: Y0 = s + t, Y1 = d + e, Y2 = s - t, Y3 = d - e
            function dft4(y, m) {
                let a := shr(192, mload(y))
                let c := shr(192, mload(add(y, 32)))
                let s := add(a, c)
                a := add(a, sub(0xFFFFFFFF00000001, c))
                let b := shr(192, mload(add(y, 16)))
                c := shr(192, mload(add(y, 48)))
                let t := add(b, c)
                b := mulmod(add(b, sub(0xFFFFFFFF00000001, c)), 18446462594437873665, 0xFFFFFFFF00000001)
                mstore(m, add(s, t))
                mstore(add(m, 64), add(a, b))
                mstore(add(m, 128), add(s, sub(0x1FFFFFFFE00000002, t)))
                mstore(add(m, 192), add(a, sub(0xFFFFFFFF00000001, b)))
            }

            // a·b + c, reduced
            function mulAdd(a0, a1, b0, b1, c0, c1) -> r0, r1 {
                r0 := mod(add(add(mul(a0, b0), mul(7, mul(a1, b1))), c0), 0xFFFFFFFF00000001)
                r1 := mod(add(add(mul(a0, b1), mul(a1, b0)), c1), 0xFFFFFFFF00000001)
            }
        }
    }

    /// The remainder polynomial (coefficients in clear) at each last-layer point
    /// offset·ω_L^pos equals the folded value there; ω_L = ω^(2^shift).
    function _remainderMatches(Ctx memory c, uint256[] memory pos, uint256[] memory values, uint256 offset, uint256 shift)
        private
        pure
        returns (bool ok)
    {
        uint256 tbl;
        uint256 cbase;
        {
            bytes memory p = c.proof;
            uint256[] memory table = c.omegaPow;
            uint256 coeffs = c.remainder;
            assembly {
                tbl := add(table, 32)
                cbase := add(add(p, 32), coeffs)
            }
        }
        uint256 count = c.remCount;
        assembly {
            ok := 1
            for { let k := 0 } lt(k, mload(pos)) { k := add(k, 1) } {
                let x := power(offset, tbl, shl(shift, mload(add(pos, shl(5, add(k, 1))))))
                let r0, r1 := horner(cbase, count, x)
                let v := add(values, shl(6, k))
                if iszero(and(eq(r0, mload(add(v, 32))), eq(r1, mload(add(v, 64))))) { ok := 0 }
            }

            // x·ω^e from the window table of ω
            function power(x, t, e) -> r {
                r := x
                for {} e { e := shr(4, e) } {
                    let d := and(e, 15)
                    if d { r := mulmod(r, mload(add(t, shl(5, d))), 0xFFFFFFFF00000001) }
                    t := add(t, 512)
                }
            }

            // Σ c_i x^i over the extension coefficients at cb
            function horner(cb, n, x) -> r0, r1 {
                for { let i := n } i {} {
                    i := sub(i, 1)
                    let word := mload(add(cb, shl(4, i)))
                    r0 := mod(add(mul(r0, x), shr(192, word)), 0xFFFFFFFF00000001)
                    r1 := mod(add(mul(r1, x), and(shr(128, word), 0xFFFFFFFFFFFFFFFF)), 0xFFFFFFFF00000001)
                }
            }
        }
    }

    // ---- Merkle --------------------------------------------------------------------------

    /// Checks leaves (rows of `rowLen` bytes from `rows`) at the sorted distinct `idx` against
    /// `root`, reading the sibling list (u16 count + 32-byte nodes) at `sib`: level by level from
    /// the leaves, each node not computable from the opened ones comes next from the list.
    /// Returns the offset after the siblings, or 0 when the opening does not match (a wrong
    /// node, too few nodes, or nodes left over).
    function _checkMerkle(
        bytes memory p,
        bytes32 root,
        uint256 depth,
        uint256[] memory idx,
        uint256 rows,
        uint256 rowLen,
        uint256 sib
    ) private pure returns (uint256 result) {
        uint256 k = idx.length;
        require(rows + rowLen * k <= p.length, "decode: proof bytes end early");
        uint256 end = sib + 2 + 32 * _u(p, sib, 2);
        require(end <= p.length, "decode: proof bytes end early");
        assembly {
            let base := add(p, 32)
            // (position, node) pairs of the current level, in scratch memory past the free pointer
            let at := mload(0x40)
            {
                let wp := at
                let row := add(base, rows)
                for { let ip := add(idx, 32) } lt(wp, add(at, shl(6, k))) { ip := add(ip, 32) } {
                    mstore(wp, mload(ip))
                    mstore(add(wp, 32), keccak256(row, rowLen))
                    row := add(row, rowLen)
                    wp := add(wp, 64)
                }
            }
            let next := add(base, add(sib, 2))
            for { let d := 0 } lt(d, depth) { d := add(d, 1) } {
                let rp := at
                let wp := at
                let stop_ := add(at, shl(6, k))
                for {} lt(rp, stop_) {} {
                    let pi := mload(rp)
                    let vi := mload(add(rp, 32))
                    rp := add(rp, 64)
                    switch and(pi, 1)
                    case 0 {
                        mstore(0x00, vi)
                        // the right sibling is the next opened node, or comes from the proof
                        switch and(lt(rp, stop_), eq(mload(rp), add(pi, 1)))
                        case 1 {
                            mstore(0x20, mload(add(rp, 32)))
                            rp := add(rp, 64)
                        }
                        default {
                            mstore(0x20, mload(next))
                            next := add(next, 32)
                        }
                    }
                    default {
                        mstore(0x00, mload(next))
                        mstore(0x20, vi)
                        next := add(next, 32)
                    }
                    mstore(wp, shr(1, pi))
                    mstore(add(wp, 32), keccak256(0x00, 0x40))
                    wp := add(wp, 64)
                }
                k := shr(6, sub(wp, at))
            }
            // Reading past the list only happens on a bad opening, which this rejects.
            if and(eq(next, add(base, end)), eq(mload(add(at, 32)), root)) { result := end }
        }
    }

    // ---- transcript ----------------------------------------------------------------------

    function _absorb(Ctx memory c, bytes memory m) private pure {
        c.state = keccak256(abi.encodePacked(c.state, m));
        c.counter = 0;
    }

    function _absorbSlice(Ctx memory c, uint256 off, uint256 len) private pure {
        bytes memory p = c.proof;
        require(off + len <= p.length, "decode: proof bytes end early");
        bytes32 s = c.state;
        bytes32 h;
        assembly {
            let buf := mload(0x40)
            mstore(buf, s)
            mcopy(add(buf, 32), add(add(p, 32), off), len)
            h := keccak256(buf, add(32, len))
        }
        c.state = h;
        c.counter = 0;
    }

    function _drawDigest(Ctx memory c) private pure returns (bytes32 d) {
        bytes32 s = c.state;
        uint256 k = c.counter;
        assembly {
            mstore(0x00, s)
            mstore(0x20, shl(192, k))
            d := keccak256(0x00, 40)
        }
        c.counter = k + 1;
    }

    function _drawFelt(Ctx memory c) private pure returns (uint256 v) {
        while (true) {
            v = uint256(_drawDigest(c)) >> 192;
            if (v < P) return v;
        }
    }

    function _drawExt(Ctx memory c) private pure returns (uint256, uint256) {
        uint256 a = _drawFelt(c);
        uint256 b = _drawFelt(c);
        return (a, b);
    }

    /// `count` extension elements, as `count` _drawExt calls would draw them (a statement whose
    /// assertions grow with its public inputs draws thousands).
    function _drawExts(Ctx memory c, uint256 count) private pure returns (uint256[] memory out) {
        out = new uint256[](2 * count);
        bytes32 s = c.state;
        uint256 k = c.counter;
        assembly {
            mstore(0x00, s)
            let o := add(out, 32)
            for { let end := add(o, shl(6, count)) } lt(o, end) { o := add(o, 32) } {
                let v := 0xFFFFFFFF00000001
                for {} iszero(lt(v, 0xFFFFFFFF00000001)) {} {
                    mstore(0x20, shl(192, k))
                    v := shr(192, keccak256(0x00, 40))
                    k := add(k, 1)
                }
                mstore(o, v)
            }
        }
        c.counter = k;
    }

    // ---- helpers -------------------------------------------------------------------------

    /// The i-th extension element of an OOD vector starting at `off`.
    function oodAt(Ctx memory c, uint256 off, uint256 i) internal pure returns (uint256, uint256) {
        return (_u(c.proof, off + 16 * i, 8), _u(c.proof, off + 16 * i + 8, 8));
    }

    /// A composition coefficient (transition constraints first, then assertions).
    function coeffAt(Ctx memory c, uint256 i) internal pure returns (uint256, uint256) {
        return (c.coeffs[2 * i], c.coeffs[2 * i + 1]);
    }

    function _u(bytes memory b, uint256 off, uint256 len) internal pure returns (uint256 v) {
        require(off + len <= b.length, "decode: proof bytes end early");
        assembly {
            v := shr(sub(256, mul(len, 8)), mload(add(add(b, 32), off)))
        }
    }

    /// Every 8-byte word in [from, to) is a canonical element.
    /// Four 8-byte words per 32-byte load: v >= p exactly when v + (2^32 - 1) carries out of 64
    /// bits, so alternate words are spread into 128-bit lanes and the carries tested at once.
    function _checkFelts(bytes memory b, uint256 from, uint256 to) private pure {
        require(to <= b.length, "decode: proof bytes end early");
        bool ok;
        assembly {
            let lanes := 0x0000000000000000FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF
            let bump := 0x000000000000000000000000FFFFFFFF000000000000000000000000FFFFFFFF
            let carries := 0x0000000000000001000000000000000000000000000000010000000000000000
            let bad := 0
            let stop_ := add(add(b, 32), to)
            for { let i := add(add(b, 32), from) } lt(i, stop_) { i := add(i, 32) } {
                let word := mload(i)
                let left := sub(stop_, i)
                if lt(left, 32) { word := and(word, not(shr(shl(3, left), not(0)))) }
                bad := or(bad, and(add(and(word, lanes), bump), carries))
                bad := or(bad, and(add(and(shr(64, word), lanes), bump), carries))
            }
            ok := iszero(bad)
        }
        require(ok, "decode: field element not below p");
    }

    function _slot(bytes memory b, uint256 off) private pure returns (bytes32 v) {
        require(off + 32 <= b.length, "decode: proof bytes end early");
        assembly {
            v := mload(add(add(b, 32), off))
        }
    }

    function _log2(uint256 x) internal pure returns (uint256 r) {
        while (x > 1) {
            x >>= 1;
            ++r;
        }
    }

    /// Powers of g by 4-bit windows of an exponent below 2^bits: entry 16·j + d is g^(d·16^j),
    /// so g^e is one multiplication per nonzero hex digit of e.
    function _windowTable(uint256 g, uint256 bits) private pure returns (uint256[] memory t) {
        uint256 windows = (bits + 3) / 4;
        t = new uint256[](16 * windows);
        assembly {
            let at := add(t, 32)
            for { let j := 0 } lt(j, windows) { j := add(j, 1) } {
                let v := 1
                for { let d := 0 } lt(d, 16) { d := add(d, 1) } {
                    mstore(at, v)
                    at := add(at, 32)
                    v := mulmod(v, g, 0xFFFFFFFF00000001)
                }
                g := v
            }
        }
    }

    /// Sorts ascending and drops repeats, in place; returns `a` shortened to the distinct values.
    function _sortUnique(uint256[] memory a) private pure returns (uint256[] memory) {
        _sort(a);
        assembly {
            let n := mload(a)
            let d := add(a, 32)
            let k := 0
            if n { k := 1 }
            for { let i := 1 } lt(i, n) { i := add(i, 1) } {
                let v := mload(add(d, shl(5, i)))
                if iszero(eq(mload(add(d, shl(5, sub(k, 1)))), v)) {
                    mstore(add(d, shl(5, k)), v)
                    k := add(k, 1)
                }
            }
            mstore(a, k)
        }
        return a;
    }

    /// Sorts ascending in place (insertion sort: the arrays hold at most 255 queries).
    function _sort(uint256[] memory a) private pure {
        assembly {
            let n := mload(a)
            let d := add(a, 32)
            let e := add(d, shl(5, n))
            for { let ip := add(d, 32) } lt(ip, e) { ip := add(ip, 32) } {
                let v := mload(ip)
                let jp := ip
                for {} gt(jp, d) { jp := sub(jp, 32) } {
                    let prev := mload(sub(jp, 32))
                    if iszero(gt(prev, v)) { break }
                    mstore(jp, prev)
                }
                mstore(jp, v)
            }
        }
    }
}
