// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title L2TxHash
/// @notice Rebuilds the EIP-1559 signing hash of an L2 transaction from what a batch carries
///         (docs/l2-transactions.md): keccak256(0x02 || rlp([chainId, nonce, feePerGas, feePerGas,
///         21000, to, value, data, []])), the same bytes as src/eth/transaction.cpp's
///         signing_payload for such a transaction.
library L2TxHash {
    /// @notice The gas limit every L2 transaction carries.
    uint256 internal constant L2_TX_GAS = 21_000;

    /// @notice The signing hash of (chainId, nonce, feePerGas, to, value, data).
    function signingHash(uint256 chainId, uint256 nonce, uint256 feePerGas, address to, uint256 value, bytes memory data)
        internal
        pure
        returns (bytes32)
    {
        bytes memory fee = rlpUint(feePerGas);
        bytes memory head = bytes.concat(rlpUint(chainId), rlpUint(nonce), fee, fee, rlpUint(L2_TX_GAS));
        bytes memory tail = bytes.concat(bytes1(0x94), bytes20(to), rlpUint(value), rlpBytes(data), hex"c0");
        bytes memory body = bytes.concat(head, tail);
        return keccak256(bytes.concat(bytes1(0x02), listHeader(body.length), body));
    }

    /// @notice The RLP encoding of an unsigned integer (minimal big-endian bytes).
    function rlpUint(uint256 x) internal pure returns (bytes memory out) {
        if (x == 0) return hex"80";
        if (x < 0x80) return abi.encodePacked(uint8(x));
        uint256 len = 0;
        for (uint256 t = x; t != 0; t >>= 8) ++len;
        out = new bytes(len + 1);
        out[0] = bytes1(uint8(0x80 + len));
        for (uint256 i = 0; i < len; ++i) out[len - i] = bytes1(uint8(x >> (8 * i)));
    }

    /// @notice The RLP encoding of a byte string.
    function rlpBytes(bytes memory b) internal pure returns (bytes memory) {
        if (b.length == 1 && uint8(b[0]) < 0x80) return b;
        return bytes.concat(header(0x80, b.length), b);
    }

    /// @notice The RLP header of a list whose payload is `len` bytes.
    function listHeader(uint256 len) internal pure returns (bytes memory) {
        return header(0xc0, len);
    }

    function header(uint8 base, uint256 len) private pure returns (bytes memory out) {
        if (len < 56) return abi.encodePacked(uint8(base + len));
        uint256 n = 0;
        for (uint256 t = len; t != 0; t >>= 8) ++n;
        out = new bytes(n + 1);
        out[0] = bytes1(uint8(base + 55 + n));
        for (uint256 i = 0; i < n; ++i) out[n - i] = bytes1(uint8(len >> (8 * i)));
    }
}
