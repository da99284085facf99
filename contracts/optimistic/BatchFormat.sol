// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BatchFormat
/// @notice Strict parser of the optimistic rollup's posted batch bytes, with exactly the rules of
///         src/rollup/optimistic/batch_codec (version 2, no compression, so the contract can reach
///         any transaction of a batch):
///           payload = version(1) = 2 | D (varint) | D deposit account indices (varint)
///                   | F (varint, forced transactions consumed) | n (varint) | n entries
///           entry   = from (varint) | tag (varint: to << 2 | withdraw << 1 | new)
///                   | [address(20) if new] | token (varint, 32 bits) | amount | fee | r(32) | v_s(32)
///         varints are minimal LEB128 (64 bits unless said); an amount is an exponent byte e <= 77
///         and a varint mantissa m (256 bits) worth m * 10^e, canonical (e the largest that divides
///         the value, zero as e = 0, m = 0) and below 2^256. A withdrawal has to = 0 and no address.
///         The recovery id v rides in the top bit of v_s; the other 255 bits are s.
library BatchFormat {
    /// @notice The bytes are not a canonical encoding (truncated, trailing bytes, non-minimal, ...).
    error BatchMalformed(uint256 offset);
    /// @notice The version byte is not 2.
    error BatchBadVersion(uint8 version);
    /// @notice More than MAX_TRANSFERS transfers or MAX_DEPOSITS deposits.
    error BatchTooLarge();

    uint8 internal constant VERSION = 2;
    uint256 internal constant MAX_TRANSFERS = 100_000;
    uint256 internal constant MAX_DEPOSITS = 100_000;
    uint256 internal constant MAX_EXPONENT = 77;

    /// @notice One decoded entry (a transfer or a withdrawal).
    struct Entry {
        uint64 from;
        uint64 to;
        bool withdraw;
        address newAccount; // zero when the receiver's address is not in the entry
        uint32 token;
        uint256 amount;
        uint256 fee;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice The layout of a payload: where each entry starts and ends.
    struct Layout {
        uint64[] depositAccounts;
        uint256 forcedCount;
        uint256[] entryStart; // n + 1 offsets: entry i is [entryStart[i], entryStart[i + 1])
    }

    /// @notice Parses a whole payload; reverts on anything but the canonical encoding.
    function parse(bytes memory data) internal pure returns (Layout memory out) {
        uint256 pos = 0;
        if (data.length == 0) revert BatchMalformed(0);
        if (uint8(data[0]) != VERSION) revert BatchBadVersion(uint8(data[0]));
        pos = 1;
        uint256 d;
        (d, pos) = varint(data, pos, 64);
        if (d > MAX_DEPOSITS) revert BatchTooLarge();
        out.depositAccounts = new uint64[](d);
        for (uint256 i = 0; i < d; ++i) {
            uint256 a;
            (a, pos) = varint(data, pos, 64);
            out.depositAccounts[i] = uint64(a);
        }
        (out.forcedCount, pos) = varint(data, pos, 64);
        uint256 n;
        (n, pos) = varint(data, pos, 64);
        if (n > MAX_TRANSFERS) revert BatchTooLarge();
        out.entryStart = new uint256[](n + 1);
        for (uint256 i = 0; i < n; ++i) {
            out.entryStart[i] = pos;
            pos = skipEntry(data, pos);
        }
        out.entryStart[n] = pos;
        if (pos != data.length) revert BatchMalformed(pos);
    }

    /// @notice Decodes one entry that must fill `data` exactly.
    function parseEntry(bytes memory data) internal pure returns (Entry memory e) {
        uint256 pos;
        (e, pos) = entryAt(data, 0);
        if (pos != data.length) revert BatchMalformed(pos);
    }

    /// @notice Decodes the entry at `pos`; returns it and the offset after it.
    function entryAt(bytes memory data, uint256 pos) internal pure returns (Entry memory e, uint256) {
        uint256 x;
        (x, pos) = varint(data, pos, 64);
        e.from = uint64(x);
        uint256 tag;
        (tag, pos) = varint(data, pos, 64);
        e.withdraw = (tag & 2) != 0;
        e.to = uint64(tag >> 2);
        if ((tag & 1) != 0) {
            if (e.withdraw) revert BatchMalformed(pos);
            if (pos + 20 > data.length) revert BatchMalformed(pos);
            address a;
            assembly ("memory-safe") {
                a := shr(96, mload(add(add(data, 32), pos)))
            }
            e.newAccount = a;
            pos += 20;
        }
        if (e.withdraw && e.to != 0) revert BatchMalformed(pos);
        (x, pos) = varint(data, pos, 32);
        e.token = uint32(x);
        (e.amount, pos) = amountAt(data, pos);
        (e.fee, pos) = amountAt(data, pos);
        if (pos + 64 > data.length) revert BatchMalformed(pos);
        bytes32 r;
        bytes32 s;
        assembly ("memory-safe") {
            r := mload(add(add(data, 32), pos))
            s := mload(add(add(data, 64), pos))
        }
        e.r = r;
        e.v = uint8(uint256(s) >> 255);
        e.s = bytes32(uint256(s) & ((1 << 255) - 1));
        return (e, pos + 64);
    }

    /// @notice Checks the entry at `pos` by exactly entryAt's rules without decoding it; returns the
    ///         offset after it.
    function skipEntry(bytes memory data, uint256 pos) internal pure returns (uint256) {
        (, pos) = varint(data, pos, 64);
        uint256 tag;
        (tag, pos) = varint(data, pos, 64);
        bool withdraw = (tag & 2) != 0;
        if ((tag & 1) != 0) {
            if (withdraw) revert BatchMalformed(pos);
            if (pos + 20 > data.length) revert BatchMalformed(pos);
            pos += 20;
        }
        if (withdraw && (tag >> 2) != 0) revert BatchMalformed(pos);
        (, pos) = varint(data, pos, 32);
        (, pos) = amountAt(data, pos);
        (, pos) = amountAt(data, pos);
        if (pos + 64 > data.length) revert BatchMalformed(pos);
        return pos + 64;
    }

    /// @notice A minimal LEB128 integer of at most `maxBits` bits at `pos`.
    function varint(bytes memory data, uint256 pos, uint256 maxBits) internal pure returns (uint256 v, uint256 next) {
        for (uint256 shift = 0;; shift += 7) {
            if (shift >= maxBits || pos >= data.length) revert BatchMalformed(pos);
            uint256 b = uint8(data[pos]);
            uint256 part = b & 0x7f;
            if (shift > 0 && b == 0) revert BatchMalformed(pos);
            if (maxBits - shift < 7 && (part >> (maxBits - shift)) != 0) revert BatchMalformed(pos);
            v |= part << shift;
            ++pos;
            if (b & 0x80 == 0) return (v, pos);
        }
    }

    /// @notice A canonical amount at `pos`.
    function amountAt(bytes memory data, uint256 pos) internal pure returns (uint256, uint256) {
        if (pos >= data.length) revert BatchMalformed(pos);
        uint256 e = uint8(data[pos]);
        if (e > MAX_EXPONENT) revert BatchMalformed(pos);
        uint256 m;
        (m, pos) = varint(data, pos + 1, 256);
        if (m == 0) {
            if (e != 0) revert BatchMalformed(pos);
            return (0, pos);
        }
        if (e < MAX_EXPONENT && m % 10 == 0) revert BatchMalformed(pos);
        uint256 p;
        unchecked {
            p = 10 ** e; // e <= 77: 10^77 < 2^256
        }
        if (m > type(uint256).max / p) revert BatchMalformed(pos);
        return (m * p, pos);
    }

    /// @notice keccak256 of data[start:end].
    function sliceHash(bytes memory data, uint256 start, uint256 end) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            h := keccak256(add(add(data, 32), start), sub(end, start))
        }
    }
}
