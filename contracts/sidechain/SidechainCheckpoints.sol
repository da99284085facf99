// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "../lib/MerkleProof.sol";
import {Signatures} from "../lib/Signatures.sol";
import {SignerSet} from "./SignerSet.sol";

/// @title SidechainCheckpoints
/// @notice Checkpoints of the sidechain on L1: every `interval` sidechain blocks the validators post
///         the Merkle root (src/crypto/merkle.hpp's tree, leaves the 32-byte block hashes in height
///         order) of the block hashes of heights [fromHeight, toHeight], signed (EIP-712) by more
///         than 2/3 of the validator set, every validator with equal voting power. Checkpoints are
///         contiguous and stored; `verifyBlock` proves a block hash against one. The validator set
///         is set at deploy and changes only with more than 2/3 of the current set.
contract SidechainCheckpoints {
    using SignerSet for SignerSet.Set;

    /// @notice The checkpoint does not start at `nextHeight` or does not span `interval` blocks.
    error WrongRange(uint64 fromHeight, uint64 toHeight, uint64 expectedFrom, uint64 expectedTo);
    /// @notice The root is the zero word.
    error ZeroRoot();
    /// @notice Not more than 2/3 of the validators signed.
    error NoQuorum(uint256 signed, uint256 validators);
    /// @notice The interval is zero.
    error ZeroInterval();
    /// @notice No checkpoint with this index.
    error UnknownCheckpoint(uint256 index);

    /// @notice A stored checkpoint.
    struct Checkpoint {
        uint64 fromHeight;
        uint64 toHeight;
        bytes32 root;
        uint64 postedAt;
    }

    /// @notice Checkpoint `index` covering heights [fromHeight, toHeight] was stored.
    event CheckpointPosted(uint256 indexed index, uint64 fromHeight, uint64 toHeight, bytes32 root);
    /// @notice The validator set changed (nonce: changes so far, 0 at deploy).
    event ValidatorsChanged(uint256 indexed nonce, address[] validators);

    /// @notice The EIP-712 type of a checkpoint.
    bytes32 public constant CHECKPOINT_TYPEHASH =
        keccak256("Checkpoint(uint256 sidechainId,uint64 fromHeight,uint64 toHeight,bytes32 root)");
    /// @notice The EIP-712 type of a validator set change.
    bytes32 public constant VALIDATOR_CHANGE_TYPEHASH =
        keccak256("ValidatorChange(bytes32 validatorsHash,uint256 nonce,uint256 sidechainId)");

    /// @notice The sidechain's chain id, part of every signed message.
    uint256 public immutable sidechainId;
    /// @notice Sidechain blocks per checkpoint.
    uint64 public immutable interval;
    /// @notice The first height the next checkpoint covers.
    uint64 public nextHeight;

    Checkpoint[] private checkpoints_;
    SignerSet.Set private validators_;

    /// @notice Checkpoints of sidechain `sidechainId_`, `interval_` blocks each starting at
    ///         `firstHeight`, by `validators` (ascending).
    constructor(uint256 sidechainId_, uint64 interval_, uint64 firstHeight, address[] memory validators) {
        if (interval_ == 0) revert ZeroInterval();
        sidechainId = sidechainId_;
        interval = interval_;
        nextHeight = firstHeight;
        validators_.replace(validators);
        emit ValidatorsChanged(0, validators);
    }

    /// @notice Stores the checkpoint of heights [fromHeight, toHeight] with block-hash root `root`,
    ///         against signatures by more than 2/3 of the validators, signers ascending.
    function postCheckpoint(uint64 fromHeight, uint64 toHeight, bytes32 root, bytes[] calldata signatures)
        external
        returns (uint256 index)
    {
        uint64 expectedTo = nextHeight + interval - 1;
        if (fromHeight != nextHeight || toHeight != expectedTo) {
            revert WrongRange(fromHeight, toHeight, nextHeight, expectedTo);
        }
        if (root == bytes32(0)) revert ZeroRoot();
        uint256 signed = validators_.countSigners(checkpointDigest(fromHeight, toHeight, root), signatures);
        requireQuorum(signed);
        index = checkpoints_.length;
        checkpoints_.push(Checkpoint(fromHeight, toHeight, root, uint64(block.timestamp)));
        nextHeight = toHeight + 1;
        emit CheckpointPosted(index, fromHeight, toHeight, root);
    }

    /// @notice Replaces the validator set, against signatures by more than 2/3 of the current one.
    function changeValidators(address[] calldata validators, bytes[] calldata signatures) external {
        uint256 signed = validators_.countSigners(validatorChangeDigest(validators), signatures);
        requireQuorum(signed);
        ++validators_.nonce;
        validators_.replace(validators);
        emit ValidatorsChanged(validators_.nonce, validators);
    }

    /// @notice Checkpoint `index`.
    function checkpoint(uint256 index) external view returns (Checkpoint memory) {
        if (index >= checkpoints_.length) revert UnknownCheckpoint(index);
        return checkpoints_[index];
    }

    /// @notice How many checkpoints are stored.
    function checkpointCount() external view returns (uint256) {
        return checkpoints_.length;
    }

    /// @notice True when `blockHash` is the hash of sidechain block `height` under checkpoint `index`.
    function verifyBlock(uint256 index, uint64 height, bytes32 blockHash, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        if (index >= checkpoints_.length) revert UnknownCheckpoint(index);
        Checkpoint storage c = checkpoints_[index];
        if (height < c.fromHeight || height > c.toHeight) return false;
        return MerkleProof.verify(c.root, abi.encodePacked(blockHash), height - c.fromHeight, proof);
    }

    /// @notice The validators, ascending.
    function validators() external view returns (address[] memory) {
        return validators_.members;
    }

    /// @notice Signatures a checkpoint needs: the least count above 2/3 of the validators.
    function quorum() public view returns (uint256) {
        return (validators_.members.length * 2) / 3 + 1;
    }

    /// @notice The EIP-712 domain ("Expressway Sidechain Checkpoints", "1", this chain, this contract).
    function domainSeparator() public view returns (bytes32) {
        return Signatures.domainSeparator("Expressway Sidechain Checkpoints", "1", block.chainid, address(this));
    }

    /// @notice The digest the validators sign for a checkpoint.
    function checkpointDigest(uint64 fromHeight, uint64 toHeight, bytes32 root) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(CHECKPOINT_TYPEHASH, sidechainId, fromHeight, toHeight, root));
        return Signatures.typedDataDigest(domainSeparator(), structHash);
    }

    /// @notice The digest the validators sign to change the set (at the current nonce).
    function validatorChangeDigest(address[] memory validators_new) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                VALIDATOR_CHANGE_TYPEHASH, SignerSet.hashMembers(validators_new), validators_.nonce, sidechainId
            )
        );
        return Signatures.typedDataDigest(domainSeparator(), structHash);
    }

    function requireQuorum(uint256 signed) private view {
        uint256 n = validators_.members.length;
        if (signed * 3 <= n * 2) revert NoQuorum(signed, n);
    }
}
