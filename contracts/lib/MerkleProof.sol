// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MerkleProof
/// @notice Verifies the positional inclusion proofs of Expressway's binary Merkle tree
///         (src/crypto/merkle.hpp), with exactly its rules:
///         - leaf hash  = keccak256(0x00 || leafData), inner node = keccak256(0x01 || left || right),
///           so a leaf can never be passed off as an inner node;
///         - a level with an odd number of nodes pairs its last node with the zero word;
///         - a proof is the leaf's index and its siblings from the leaf level up; bit i of the index
///           says whether the node at level i is a right child; the index must be below
///           2^siblings.length (one proof per leaf) and proofs have at most 64 siblings.
library MerkleProof {
    /// @notice The index does not fit the proof's height, or the proof is longer than 64 levels.
    error MerkleIndexOutOfRange();

    /// @notice keccak256(0x00 || data).
    function leafHash(bytes memory data) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x00), data));
    }

    /// @notice keccak256(0x01 || left || right).
    function nodeHash(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore8(ptr, 0x01)
            mstore(add(ptr, 1), left)
            mstore(add(ptr, 33), right)
            h := keccak256(ptr, 65)
        }
    }

    /// @notice The root implied by a leaf hash at `index` with `proof`; reverts on a bad index.
    function computeRoot(bytes32 leaf, uint256 index, bytes32[] memory proof) internal pure returns (bytes32) {
        if (proof.length > 64 || (index >> proof.length) != 0) revert MerkleIndexOutOfRange();
        bytes32 node = leaf;
        for (uint256 level = 0; level < proof.length; ++level) {
            node = ((index >> level) & 1) == 1 ? nodeHash(proof[level], node) : nodeHash(node, proof[level]);
        }
        return node;
    }

    /// @notice True when `leafData` sits at `index` under `root`; false for any malformed proof.
    function verify(bytes32 root, bytes memory leafData, uint256 index, bytes32[] memory proof)
        internal
        pure
        returns (bool)
    {
        if (proof.length > 64 || (index >> proof.length) != 0) return false;
        return computeRoot(leafHash(leafData), index, proof) == root;
    }
}
