// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PlasmaRlp
/// @notice A strict RLP reader over memory and the few encoders the Plasma contract needs, with the
///         rules of src/eth/rlp.hpp: canonical headers only, every item inside its parent, the top
///         item spanning the whole input.
library PlasmaRlp {
    /// @notice The bytes are not the canonical RLP shape the caller asked for.
    error MalformedRlp();

    /// @notice An item viewed in memory: where its encoding starts and how long it is.
    struct Item {
        uint256 ptr;
        uint256 len;
    }

    /// @notice The single item spanning all of `data`.
    function toItem(bytes memory data) internal pure returns (Item memory item) {
        uint256 ptr;
        assembly ("memory-safe") {
            ptr := add(data, 0x20)
        }
        item = Item(ptr, data.length);
        (, uint256 payloadLen, uint256 headerLen) = header(item.ptr, item.len);
        if (headerLen + payloadLen != item.len) revert MalformedRlp();
    }

    /// @notice Whether the item is a list, its payload length and its header length; checks that
    ///         the header is canonical and fits in `avail` bytes.
    function header(uint256 ptr, uint256 avail) internal pure returns (bool isList, uint256 payloadLen, uint256 headerLen) {
        if (avail == 0) revert MalformedRlp();
        uint256 b0 = byteAt(ptr);
        if (b0 < 0x80) return (false, 1, 0);
        if (b0 < 0xb8) {
            payloadLen = b0 - 0x80;
            headerLen = 1;
            if (payloadLen == 1 && (avail < 2 || byteAt(ptr + 1) < 0x80)) revert MalformedRlp();
        } else if (b0 < 0xc0) {
            (payloadLen, headerLen) = longLength(ptr, avail, b0 - 0xb7);
        } else if (b0 < 0xf8) {
            isList = true;
            payloadLen = b0 - 0xc0;
            headerLen = 1;
        } else {
            isList = true;
            (payloadLen, headerLen) = longLength(ptr, avail, b0 - 0xf7);
        }
        if (headerLen + payloadLen > avail) revert MalformedRlp();
    }

    function longLength(uint256 ptr, uint256 avail, uint256 lenOfLen) private pure returns (uint256 len, uint256 headerLen) {
        if (lenOfLen > 4 || avail < 1 + lenOfLen || byteAt(ptr + 1) == 0) revert MalformedRlp();
        for (uint256 i = 0; i < lenOfLen; ++i) len = (len << 8) | byteAt(ptr + 1 + i);
        if (len < 56) revert MalformedRlp();
        headerLen = 1 + lenOfLen;
    }

    /// @notice The items of a list item, which must have exactly `count` of them.
    function toList(Item memory item, uint256 count) internal pure returns (Item[] memory items) {
        (bool isList, uint256 payloadLen, uint256 headerLen) = header(item.ptr, item.len);
        if (!isList) revert MalformedRlp();
        items = new Item[](count);
        uint256 ptr = item.ptr + headerLen;
        uint256 end = ptr + payloadLen;
        for (uint256 i = 0; i < count; ++i) {
            if (ptr >= end) revert MalformedRlp();
            (, uint256 pl, uint256 hl) = header(ptr, end - ptr);
            items[i] = Item(ptr, hl + pl);
            ptr += hl + pl;
        }
        if (ptr != end) revert MalformedRlp();
    }

    /// @notice The payload of a string item: where it starts and how long it is.
    function stringPayload(Item memory item) internal pure returns (uint256 ptr, uint256 len) {
        (bool isList, uint256 payloadLen, uint256 headerLen) = header(item.ptr, item.len);
        if (isList) revert MalformedRlp();
        return (item.ptr + headerLen, payloadLen);
    }

    /// @notice A canonical unsigned integer of at most 32 bytes (no leading zero byte).
    function toUint(Item memory item) internal pure returns (uint256 value) {
        (uint256 ptr, uint256 len) = stringPayload(item);
        if (len > 32 || (len > 0 && byteAt(ptr) == 0)) revert MalformedRlp();
        for (uint256 i = 0; i < len; ++i) value = (value << 8) | byteAt(ptr + i);
    }

    /// @notice A 20-byte address.
    function toAddress(Item memory item) internal pure returns (address a) {
        (uint256 ptr, uint256 len) = stringPayload(item);
        if (len != 20) revert MalformedRlp();
        assembly ("memory-safe") {
            a := shr(96, mload(ptr))
        }
    }

    /// @notice A string item's bytes, copied.
    function toBytes(Item memory item) internal pure returns (bytes memory out) {
        (uint256 ptr, uint256 len) = stringPayload(item);
        out = new bytes(len);
        for (uint256 i = 0; i < len; ++i) out[i] = bytes1(uint8(byteAt(ptr + i)));
    }

    /// @notice keccak256 of the item's whole encoding.
    function hashOf(Item memory item) internal pure returns (bytes32 h) {
        uint256 ptr = item.ptr;
        uint256 len = item.len;
        assembly ("memory-safe") {
            h := keccak256(ptr, len)
        }
    }

    function byteAt(uint256 ptr) private pure returns (uint256 b) {
        assembly ("memory-safe") {
            b := byte(0, mload(ptr))
        }
    }

    // ---- encoders -----------------------------------------------------------------------------

    /// @notice The encoding of an unsigned integer (minimal big-endian; zero is the empty string).
    function encodeUint(uint256 value) internal pure returns (bytes memory) {
        if (value == 0) return hex"80";
        if (value < 0x80) return abi.encodePacked(uint8(value));
        uint256 n = 0;
        for (uint256 v = value; v != 0; v >>= 8) ++n;
        bytes memory out = new bytes(n + 1);
        out[0] = bytes1(uint8(0x80 + n));
        for (uint256 i = 0; i < n; ++i) out[n - i] = bytes1(uint8(value >> (8 * i)));
        return out;
    }

    /// @notice The encoding of a 20-byte address.
    function encodeAddress(address a) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x94), a);
    }

    /// @notice A list header followed by `payload` (the concatenated encodings of its items).
    function encodeList(bytes memory payload) internal pure returns (bytes memory) {
        uint256 len = payload.length;
        if (len < 56) return abi.encodePacked(uint8(0xc0 + len), payload);
        uint256 n = 0;
        for (uint256 v = len; v != 0; v >>= 8) ++n;
        bytes memory head = new bytes(n + 1);
        head[0] = bytes1(uint8(0xf7 + n));
        for (uint256 i = 0; i < n; ++i) head[n - i] = bytes1(uint8(len >> (8 * i)));
        return abi.encodePacked(head, payload);
    }
}
