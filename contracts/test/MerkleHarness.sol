// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "../lib/MerkleProof.sol";
import {SparseMerkle} from "../lib/SparseMerkle.sol";

/// @title MerkleHarness
/// @notice Exposes MerkleProof and SparseMerkle to tests, so proofs made in C++ are checked by the
///         exact library code the family contracts use. `applyUpdate` keeps a root in storage so a
///         test can measure one sparse-tree update's gas from its receipt.
contract MerkleHarness {
    /// @notice The sparse tree root that `applyUpdate` advances.
    bytes32 public root;

    /// @notice Emitted by `applyUpdate` with the new root.
    event RootUpdated(bytes32 root);

    /// @notice Starts at `initialRoot` (an empty tree's root, for example).
    constructor(bytes32 initialRoot) {
        root = initialRoot;
    }

    /// @notice MerkleProof.verify.
    function verify(bytes32 merkleRoot, bytes calldata leafData, uint256 index, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return MerkleProof.verify(merkleRoot, leafData, index, proof);
    }

    /// @notice MerkleProof.computeRoot over MerkleProof.leafHash(leafData).
    function computeRoot(bytes calldata leafData, uint256 index, bytes32[] calldata proof)
        external
        pure
        returns (bytes32)
    {
        return MerkleProof.computeRoot(MerkleProof.leafHash(leafData), index, proof);
    }

    /// @notice SparseMerkle.verify.
    function smtVerify(
        bytes32 smtRoot,
        uint256 depth,
        uint256 key,
        bytes32 leaf,
        uint256 bitmap,
        bytes32[] calldata siblings
    ) external pure returns (bool) {
        return SparseMerkle.verify(smtRoot, depth, key, leaf, bitmap, siblings);
    }

    /// @notice SparseMerkle.update against an explicit root.
    function smtUpdate(
        bytes32 smtRoot,
        uint256 depth,
        uint256 key,
        bytes32 oldLeaf,
        bytes32 newLeaf,
        uint256 bitmap,
        bytes32[] calldata siblings
    ) external pure returns (bytes32) {
        return SparseMerkle.update(smtRoot, depth, key, oldLeaf, newLeaf, bitmap, siblings);
    }

    /// @notice Applies one leaf update to the stored root (reverts when the proof does not match it).
    function applyUpdate(
        uint256 depth,
        uint256 key,
        bytes32 oldLeaf,
        bytes32 newLeaf,
        uint256 bitmap,
        bytes32[] calldata siblings
    ) external {
        root = SparseMerkle.update(root, depth, key, oldLeaf, newLeaf, bitmap, siblings);
        emit RootUpdated(root);
    }
}
