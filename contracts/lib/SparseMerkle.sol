// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SparseMerkle
/// @notice Verifies compressed proofs of Expressway's Keccak sparse Merkle tree
///         (src/crypto/sparse_merkle.hpp, KeccakSparseMerkleTree) and computes the root after one
///         leaf changes, which the rollups' one-step fraud proof executes. Same layout:
///         - depth 1..256; a key is a uint256 below 2^depth; bit i of the key says whether the key's
///           node at level i (0 = leaves) is a right child;
///         - the empty leaf is zero; default(0) = 0, default(i + 1) = keccak256(default(i) || default(i));
///         - inner node = keccak256(left || right);
///         - bit i of `bitmap` is set when the sibling at level i is not default(i); `siblings`
///           lists exactly those siblings, lowest level first.
library SparseMerkle {
    /// @notice Depth outside 1..256.
    error SmtBadDepth();
    /// @notice The key has bits at or above the depth.
    error SmtKeyOutOfRange();
    /// @notice Bitmap bits at or above the depth, or sibling count differs from the bitmap's.
    error SmtBadProof();
    /// @notice The proof with the old leaf does not lead to the current root.
    error SmtRootMismatch();

    /// @notice keccak256(left || right).
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            h := keccak256(0x00, 0x40)
        }
    }

    /// @notice The root a proof implies for `leaf` at `key`; reverts on a malformed proof.
    function computeRoot(uint256 depth, uint256 key, bytes32 leaf, uint256 bitmap, bytes32[] memory siblings)
        internal
        pure
        returns (bytes32)
    {
        checkShape(depth, key, bitmap, siblings.length);
        return walk(depth, key, leaf, bitmap, siblings);
    }

    /// @notice True when `leaf` is at `key` under `root` (leaf = 0 proves absence); false when malformed.
    function verify(bytes32 root, uint256 depth, uint256 key, bytes32 leaf, uint256 bitmap, bytes32[] memory siblings)
        internal
        pure
        returns (bool)
    {
        if (!wellShaped(depth, key, bitmap, siblings.length)) return false;
        return walk(depth, key, leaf, bitmap, siblings) == root;
    }

    /// @notice The new root after the leaf at `key` changes from `oldLeaf` to `newLeaf`; reverts
    ///         unless the proof shows `oldLeaf` at `key` under `root`.
    function update(
        bytes32 root,
        uint256 depth,
        uint256 key,
        bytes32 oldLeaf,
        bytes32 newLeaf,
        uint256 bitmap,
        bytes32[] memory siblings
    ) internal pure returns (bytes32) {
        checkShape(depth, key, bitmap, siblings.length);
        (bytes32 oldRoot, bytes32 newRoot) = walkTwo(depth, key, oldLeaf, newLeaf, bitmap, siblings);
        if (oldRoot != root) revert SmtRootMismatch();
        return newRoot;
    }

    function wellShaped(uint256 depth, uint256 key, uint256 bitmap, uint256 count) private pure returns (bool) {
        if (depth == 0 || depth > 256) return false;
        if (depth < 256 && ((key >> depth) != 0 || (bitmap >> depth) != 0)) return false;
        return popcount(bitmap) == count;
    }

    function checkShape(uint256 depth, uint256 key, uint256 bitmap, uint256 count) private pure {
        if (depth == 0 || depth > 256) revert SmtBadDepth();
        if (depth < 256 && (key >> depth) != 0) revert SmtKeyOutOfRange();
        if ((depth < 256 && (bitmap >> depth) != 0) || popcount(bitmap) != count) revert SmtBadProof();
    }

    /// Hashes one leaf up its path.
    function walk(uint256 depth, uint256 key, bytes32 node, uint256 bitmap, bytes32[] memory siblings)
        private
        pure
        returns (bytes32)
    {
        bytes32 empty; // default(level)
        uint256 next;
        for (uint256 level = 0; level < depth; ++level) {
            bytes32 sibling = empty;
            if ((bitmap >> level) & 1 == 1) sibling = siblings[next++];
            node = (key >> level) & 1 == 1 ? hashPair(sibling, node) : hashPair(node, sibling);
            empty = hashPair(empty, empty);
        }
        return node;
    }

    /// Hashes two leaves up the same path at once: the proof's siblings serve both.
    function walkTwo(uint256 depth, uint256 key, bytes32 a, bytes32 b, uint256 bitmap, bytes32[] memory siblings)
        private
        pure
        returns (bytes32, bytes32)
    {
        bytes32 empty; // default(level)
        uint256 next;
        for (uint256 level = 0; level < depth; ++level) {
            bytes32 sibling = empty;
            if ((bitmap >> level) & 1 == 1) sibling = siblings[next++];
            if ((key >> level) & 1 == 1) {
                a = hashPair(sibling, a);
                b = hashPair(sibling, b);
            } else {
                a = hashPair(a, sibling);
                b = hashPair(b, sibling);
            }
            empty = hashPair(empty, empty);
        }
        return (a, b);
    }

    function popcount(uint256 x) private pure returns (uint256 n) {
        while (x != 0) {
            x &= x - 1;
            ++n;
        }
    }
}
