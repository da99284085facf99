// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SecretRegistry
/// @notice Where the secrets of hash-time locks are revealed on-chain. A lock in a payment channel
///         pays its receiver at settlement only if its secret was registered here at or before the
///         lock's expiration (a block timestamp), so a receiver whose partner vanished mid-payment
///         still gets paid. Secret hashes are keccak256 of the 32-byte secret, as src/channels/lock.hpp.
contract SecretRegistry {
    /// @notice When a secret was revealed.
    struct Reveal {
        uint64 blockNumber;
        uint64 timestamp;
    }

    mapping(bytes32 => Reveal) private reveals;

    /// @notice A secret became public on-chain.
    event SecretRevealed(bytes32 indexed secrethash, bytes32 secret, uint256 blockNumber, uint256 timestamp);

    /// @notice The zero secret is refused: it is what an unset word reads as.
    error EmptySecret();

    /// @notice Registers `secret`; false (and nothing changes) when it was registered before.
    function registerSecret(bytes32 secret) public returns (bool) {
        if (secret == bytes32(0)) revert EmptySecret();
        bytes32 secrethash = keccak256(abi.encodePacked(secret));
        if (reveals[secrethash].timestamp != 0) return false;
        reveals[secrethash] = Reveal(uint64(block.number), uint64(block.timestamp));
        emit SecretRevealed(secrethash, secret, block.number, block.timestamp);
        return true;
    }

    /// @notice Registers several secrets; true when every one was new.
    function registerSecretBatch(bytes32[] calldata secrets) external returns (bool allNew) {
        allNew = true;
        for (uint256 i = 0; i < secrets.length; ++i) {
            if (!registerSecret(secrets[i])) allNew = false;
        }
    }

    /// @notice The timestamp of the block that revealed the secret of `secrethash`; 0 if never.
    function revealTimestamp(bytes32 secrethash) external view returns (uint256) {
        return reveals[secrethash].timestamp;
    }

    /// @notice The number of the block that revealed the secret of `secrethash`; 0 if never.
    function revealBlock(bytes32 secrethash) external view returns (uint256) {
        return reveals[secrethash].blockNumber;
    }
}
