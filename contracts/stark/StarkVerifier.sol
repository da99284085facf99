// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GoldilocksExt as G} from "./GoldilocksExt.sol";

/// @title The STARK verifier of src/stark (docs/stark.md), protocol version 1, on L1.
/// @notice A statement contract inherits this and supplies its name, public-input encoding,
/// shape and the composition polynomial at the out-of-domain point. verify() reverts naming the
/// failed check, as the C++ verifier's ProofError does, and returns true otherwise.
abstract contract StarkVerifier {
    uint256 internal constant P = G.P;
    uint256 internal constant MIN_SECURITY_BITS = 100;
    uint256 private constant INV_FOUR = 13835058052060938241; // 4^-1 mod p
    uint256 private constant OMEGA4_INV = 18446462594437873665; // (2^48)^-1: ω_4 = 2^48 here

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
    }

    // ---- statement hooks -------------------------------------------------------------------

    /// The statement's name (Air::name()).
    function airName() internal pure virtual returns (bytes memory);
    /// Trace width and the composition column count.
    function airShape() internal pure virtual returns (uint256 width, uint256 columns);
    /// Number of transition constraints and of assertions.
    function airCounts() internal pure virtual returns (uint256 transitions, uint256 assertions);
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
        (uint256 t, uint256 a) = airCounts();
        c.coeffs = _drawExts(c, t + a);
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
        require(_securityBits(c) >= MIN_SECURITY_BITS, "verify: proof security below the required level");
        c.oodCur = 79;
        c.oodNext = c.oodCur + 16 * c.w;
        c.oodComp = c.oodNext + 16 * c.w;
        uint256 pos = c.oodComp + 16 * c.m;
        for (uint256 i = c.oodCur; i < pos; i += 8) _felt(p, i);
        uint256 layers = _u(p, pos, 1);
        require(layers == _friLayerCount(c), "verify: FRI proof shape wrong for the options");
        c.friRoots = pos + 1;
        pos = c.friRoots + 32 * layers;
        c.remCount = _u(p, pos, 2);
        require(c.remCount == _remainderSize(c), "verify: FRI proof shape wrong for the options");
        c.remainder = pos + 2;
        for (uint256 i = 0; i < 2 * c.remCount; ++i) _felt(p, c.remainder + 8 * i);
        c.cursor = c.remainder + 16 * c.remCount;
    }

    function _securityBits(Ctx memory c) private pure returns (uint256) {
        uint256 logLde = c.logN + _log2(c.blowup);
        uint256 fieldBits = 128 - logLde;
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
        for (uint256 i = traceRows; i < pos; i += 8) _felt(p, i);
        pos = _checkMerkle(p, _slot(p, 15), c.logN + _log2(c.blowup), c.positions, traceRows, 8 * c.w, pos);
        if (pos == 0) revert("verify: trace openings do not match the trace commitment");
        uint256 compRows = pos;
        pos = compRows + 16 * q * c.m;
        for (uint256 i = compRows; i < pos; i += 8) _felt(p, i);
        pos = _checkMerkle(p, _slot(p, 47), c.logN + _log2(c.blowup), c.positions, compRows, 16 * c.m, pos);
        if (pos == 0) revert("verify: composition openings do not match their commitment");
        c.cursor = pos;
        uint256[] memory values = new uint256[](2 * q);
        uint256 omega = G.rootOfUnity(c.logN + _log2(c.blowup));
        for (uint256 k = 0; k < q; ++k) {
            uint256 x = mulmod(G.GENERATOR, G.pow(omega, c.positions[k]), P);
            (values[2 * k], values[2 * k + 1]) = _deepAt(c, x, traceRows + 8 * c.w * k, compRows + 16 * c.m * k);
        }
        _friQueries(c, values);
        require(c.cursor == p.length, "decode: bytes left after the proof");
    }

    /// D(x) from the trace and composition rows opened at x (protocol step 6).
    function _deepAt(Ctx memory c, uint256 x, uint256 row, uint256 comp) private pure returns (uint256, uint256) {
        (uint256 a0, uint256 a1, uint256 b0, uint256 b1) = _deepTrace(c, row);
        (uint256 h0, uint256 h1) = _deepComposition(c, comp);
        (a0, a1) = G.add2(a0, a1, h0, h1);
        (h0, h1) = G.sub2(x, 0, c.z0, c.z1);
        (h0, h1) = G.inv2(h0, h1);
        (a0, a1) = G.mul2(a0, a1, h0, h1);
        (h0, h1) = G.sub2(x, 0, c.zn0, c.zn1);
        (h0, h1) = G.inv2(h0, h1);
        (b0, b1) = G.mul2(b0, b1, h0, h1);
        return G.add2(a0, a1, b0, b1);
    }

    /// Σ γ_c (t_c(x) - t_c(z)) and Σ γ'_c (t_c(x) - t_c(zω)).
    function _deepTrace(Ctx memory c, uint256 row) private pure returns (uint256 a0, uint256 a1, uint256 b0, uint256 b1) {
        for (uint256 col = 0; col < c.w; ++col) {
            uint256 t = _u(c.proof, row + 8 * col, 8);
            (uint256 d0, uint256 d1) = _deepTerm(c, t, c.oodCur, col, col);
            (a0, a1) = G.add2(a0, a1, d0, d1);
            (d0, d1) = _deepTerm(c, t, c.oodNext, col, c.w + col);
            (b0, b1) = G.add2(b0, b1, d0, d1);
        }
    }

    function _deepTerm(Ctx memory c, uint256 t, uint256 oodOff, uint256 col, uint256 k)
        private
        pure
        returns (uint256, uint256)
    {
        (uint256 o0, uint256 o1) = oodAt(c, oodOff, col);
        (o0, o1) = G.sub2(t, 0, o0, o1);
        return G.mul2(c.deep[2 * k], c.deep[2 * k + 1], o0, o1);
    }

    /// Σ δ_i (H_i(x) - H_i(z)).
    function _deepComposition(Ctx memory c, uint256 comp) private pure returns (uint256 a0, uint256 a1) {
        for (uint256 i = 0; i < c.m; ++i) {
            (uint256 o0, uint256 o1) = oodAt(c, c.oodComp, i);
            (o0, o1) = G.sub2(_u(c.proof, comp + 16 * i, 8), _u(c.proof, comp + 16 * i + 8, 8), o0, o1);
            (o0, o1) = G.mul2(c.deep[2 * (2 * c.w + i)], c.deep[2 * (2 * c.w + i) + 1], o0, o1);
            (a0, a1) = G.add2(a0, a1, o0, o1);
        }
    }

    function _friQueries(Ctx memory c, uint256[] memory values) private pure {
        uint256[] memory pos = c.positions;
        uint256 size = c.domain;
        uint256 offset = G.GENERATOR;
        uint256 layers = c.friAlphas.length / 2;
        for (uint256 i = 0; i < layers; ++i) {
            (pos, values) = _friLayer(c, i, size, offset, pos, values);
            size /= c.fold;
            offset = G.pow(offset, c.fold);
        }
        uint256 omega = G.rootOfUnity(_log2(size));
        for (uint256 k = 0; k < pos.length; ++k) {
            uint256 x = mulmod(offset, G.pow(omega, pos[k]), P);
            (uint256 r0, uint256 r1) = _evalRemainder(c, x);
            require(r0 == values[2 * k] && r1 == values[2 * k + 1], "verify: last FRI layer differs from the remainder polynomial");
        }
    }

    function _friLayer(
        Ctx memory c,
        uint256 layer,
        uint256 size,
        uint256 offset,
        uint256[] memory pos,
        uint256[] memory values
    ) private pure returns (uint256[] memory, uint256[] memory) {
        (uint256[] memory leaves, uint256 vals) = _friOpen(c, layer, size, pos, values);
        return (leaves, _friFold(c, layer, size, offset, leaves, vals));
    }

    /// Checks the layer's opened values at `pos` and its Merkle opening; returns the opened leaf
    /// indices and where their values start.
    function _friOpen(Ctx memory c, uint256 layer, uint256 size, uint256[] memory pos, uint256[] memory values)
        private
        pure
        returns (uint256[] memory leaves, uint256 vals)
    {
        bytes memory p = c.proof;
        uint256 leafCount = size / c.fold;
        leaves = new uint256[](pos.length);
        for (uint256 k = 0; k < pos.length; ++k) leaves[k] = pos[k] % leafCount;
        leaves = _sortUnique(leaves);
        require(_u(p, c.cursor, 2) == leaves.length, "verify: FRI proof shape wrong for the options");
        vals = c.cursor + 2;
        uint256 end = vals + 16 * c.fold * leaves.length;
        for (uint256 i = vals; i < end; i += 8) _felt(p, i);
        for (uint256 k = 0; k < pos.length; ++k) {
            uint256 off = vals + 16 * (_indexOf(leaves, pos[k] % leafCount) * c.fold + pos[k] / leafCount);
            require(
                _u(p, off, 8) == values[2 * k] && _u(p, off + 8, 8) == values[2 * k + 1],
                "verify: FRI value differs from the DEEP composition or fold"
            );
        }
        end = _checkMerkle(p, _slot(p, c.friRoots + 32 * layer), _log2(leafCount), leaves, vals, 16 * c.fold, end);
        if (end == 0) revert("verify: FRI layer opening does not match its commitment");
        c.cursor = end;
    }

    function _friFold(
        Ctx memory c,
        uint256 layer,
        uint256 size,
        uint256 offset,
        uint256[] memory leaves,
        uint256 vals
    ) private pure returns (uint256[] memory folded) {
        folded = new uint256[](2 * leaves.length);
        uint256 omegaInv = G.inv(G.rootOfUnity(_log2(size)));
        uint256 offsetInv = G.inv(offset);
        for (uint256 l = 0; l < leaves.length; ++l) {
            uint256 xInv = mulmod(offsetInv, G.pow(omegaInv, leaves[l]), P);
            (folded[2 * l], folded[2 * l + 1]) = _fold(c, vals + 16 * c.fold * l, xInv, layer);
        }
    }

    /// Σ_m (α/x)^m q_m with q the size-f inverse DFT of the leaf's values (fri/folding.hpp).
    function _fold(Ctx memory c, uint256 off, uint256 xInv, uint256 layer) private pure returns (uint256, uint256) {
        uint256[8] memory y;
        for (uint256 i = 0; i < 2 * c.fold; ++i) y[i] = _u(c.proof, off + 8 * i, 8);
        uint256[2] memory beta = [mulmod(c.friAlphas[2 * layer], xInv, P), mulmod(c.friAlphas[2 * layer + 1], xInv, P)];
        return c.fold == 2 ? _fold2(y, beta) : _fold4(y, beta);
    }

    function _fold2(uint256[8] memory y, uint256[2] memory beta) private pure returns (uint256, uint256) {
        uint256 half = (P + 1) / 2;
        (uint256 s0, uint256 s1) = G.add2(y[0], y[1], y[2], y[3]);
        (uint256 d0, uint256 d1) = G.sub2(y[0], y[1], y[2], y[3]);
        (d0, d1) = G.mul2(d0, d1, beta[0], beta[1]);
        (s0, s1) = G.add2(s0, s1, d0, d1);
        return (mulmod(s0, half, P), mulmod(s1, half, P));
    }

    function _fold4(uint256[8] memory y, uint256[2] memory beta) private pure returns (uint256, uint256) {
        uint256[8] memory q; // y0 + y2, y0 - y2, y1 + y3, (y1 - y3)·ω_4^-1
        (q[0], q[1]) = G.add2(y[0], y[1], y[4], y[5]);
        (q[2], q[3]) = G.sub2(y[0], y[1], y[4], y[5]);
        (q[4], q[5]) = G.add2(y[2], y[3], y[6], y[7]);
        (q[6], q[7]) = G.sub2(y[2], y[3], y[6], y[7]);
        (q[6], q[7]) = (mulmod(q[6], OMEGA4_INV, P), mulmod(q[7], OMEGA4_INV, P));
        (y[0], y[1]) = G.add2(q[0], q[1], q[4], q[5]);
        (y[2], y[3]) = G.add2(q[2], q[3], q[6], q[7]);
        (y[4], y[5]) = G.sub2(q[0], q[1], q[4], q[5]);
        (y[6], y[7]) = G.sub2(q[2], q[3], q[6], q[7]);
        (uint256 r0, uint256 r1) = (y[6], y[7]);
        for (uint256 i = 3; i > 0; --i) {
            (r0, r1) = G.mul2(r0, r1, beta[0], beta[1]);
            (r0, r1) = G.add2(r0, r1, y[2 * (i - 1)], y[2 * (i - 1) + 1]);
        }
        return (mulmod(r0, INV_FOUR, P), mulmod(r1, INV_FOUR, P));
    }

    function _evalRemainder(Ctx memory c, uint256 x) private pure returns (uint256 r0, uint256 r1) {
        for (uint256 i = c.remCount; i > 0; --i) {
            (r0, r1) = (mulmod(r0, x, P), mulmod(r1, x, P));
            uint256 off = c.remainder + 16 * (i - 1);
            (r0, r1) = G.add2(r0, r1, _u(c.proof, off, 8), _u(c.proof, off + 8, 8));
        }
    }

    // ---- Merkle --------------------------------------------------------------------------

    /// Checks leaves (rows of `rowLen` bytes from `rows`) at `idx` against `root`, reading the
    /// sibling list (u16 count + 32-byte nodes) at `sib`. Returns the offset after the siblings,
    /// or 0 when the opening does not match.
    function _checkMerkle(
        bytes memory p,
        bytes32 root,
        uint256 depth,
        uint256[] memory idx,
        uint256 rows,
        uint256 rowLen,
        uint256 sib
    ) private pure returns (uint256) {
        bytes32[] memory val = _rowHashes(p, rows, rowLen, idx.length);
        uint256[] memory pos = new uint256[](idx.length);
        for (uint256 i = 0; i < idx.length; ++i) pos[i] = idx[i];
        uint256 end = sib + 2 + 32 * _u(p, sib, 2);
        require(end <= p.length, "decode: proof bytes end early");
        uint256 next = sib + 2;
        uint256 k = idx.length;
        for (uint256 d = 0; d < depth; ++d) {
            (k, next) = _level(p, pos, val, k, next, end);
            if (next == 0) return 0;
        }
        if (next != end || val[0] != root) return 0;
        return end;
    }

    function _rowHashes(bytes memory p, uint256 rows, uint256 rowLen, uint256 k) private pure returns (bytes32[] memory val) {
        require(rows + rowLen * k <= p.length, "decode: proof bytes end early");
        val = new bytes32[](k);
        for (uint256 i = 0; i < k; ++i) {
            uint256 start = rows + rowLen * i;
            bytes32 h;
            assembly {
                h := keccak256(add(add(p, 32), start), rowLen)
            }
            val[i] = h;
        }
    }

    /// One level up: pairs known siblings, takes the others from the proof. Returns the new
    /// count and the next sibling offset (0 when the proof ran out).
    function _level(bytes memory p, uint256[] memory pos, bytes32[] memory val, uint256 k, uint256 next, uint256 end)
        private
        pure
        returns (uint256 out, uint256)
    {
        for (uint256 i = 0; i < k; ++i) {
            bytes32 sibling;
            bool pair = pos[i] % 2 == 0 && i + 1 < k && pos[i + 1] == pos[i] + 1;
            if (pair) {
                sibling = val[i + 1];
            } else {
                if (next == end) return (0, 0);
                sibling = _slot(p, next);
                next += 32;
            }
            val[out] = pos[i] % 2 == 0 ? _hashPair(val[i], sibling) : _hashPair(sibling, val[i]);
            pos[out] = pos[i] / 2;
            ++out;
            if (pair) ++i;
        }
        return (out, next);
    }

    /// keccak256(a || b) in scratch space, without allocating memory.
    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32 h) {
        assembly {
            mstore(0x00, a)
            mstore(0x20, b)
            h := keccak256(0x00, 0x40)
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
        d = keccak256(abi.encodePacked(c.state, uint64(c.counter)));
        c.counter += 1;
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

    function _drawExts(Ctx memory c, uint256 count) private pure returns (uint256[] memory out) {
        out = new uint256[](2 * count);
        for (uint256 i = 0; i < count; ++i) (out[2 * i], out[2 * i + 1]) = _drawExt(c);
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

    function _felt(bytes memory b, uint256 off) private pure returns (uint256 v) {
        v = _u(b, off, 8);
        require(v < P, "decode: field element not below p");
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

    function _sortUnique(uint256[] memory a) private pure returns (uint256[] memory) {
        for (uint256 i = 1; i < a.length; ++i) {
            uint256 v = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1] > v) {
                a[j] = a[j - 1];
                --j;
            }
            a[j] = v;
        }
        uint256 k = 0;
        for (uint256 i = 0; i < a.length; ++i) {
            if (k == 0 || a[k - 1] != a[i]) a[k++] = a[i];
        }
        uint256[] memory out = new uint256[](k);
        for (uint256 i = 0; i < k; ++i) out[i] = a[i];
        return out;
    }

    function _indexOf(uint256[] memory a, uint256 v) private pure returns (uint256) {
        uint256 lo = 0;
        uint256 hi = a.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (a[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
