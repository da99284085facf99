// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Signatures} from "../lib/Signatures.sol";

/// @title SignerSet
/// @notice A set of signers (the bridge federation, the checkpoint validators) and the check that a
///         list of signatures over one digest comes from distinct members: signers must appear in
///         strictly ascending address order, which rules out duplicates without a bitmap.
library SignerSet {
    /// @notice A signature recovers to an address that is not in the set.
    error NotASigner(address signer);
    /// @notice Signers are not in strictly ascending order (a duplicate, or unsorted).
    error SignersNotAscending(address signer, address previous);
    /// @notice A proposed set is empty or larger than MAX_SIZE.
    error BadSetSize(uint256 size);
    /// @notice A proposed set is not strictly ascending (a duplicate, unsorted, or the zero address).
    error MembersNotAscending(uint256 index);

    /// @notice The most members a set may have (bounds the gas of a change).
    uint256 internal constant MAX_SIZE = 64;

    /// @notice The members, their membership map, and how many times the set has changed.
    struct Set {
        address[] members;
        mapping(address => bool) isMember;
        uint256 nonce;
    }

    /// @notice Replaces the members with `members` (strictly ascending, non-zero, 1..MAX_SIZE).
    function replace(Set storage set, address[] memory members) internal {
        if (members.length == 0 || members.length > MAX_SIZE) revert BadSetSize(members.length);
        address previous = address(0);
        for (uint256 i = 0; i < members.length; ++i) {
            if (members[i] <= previous) revert MembersNotAscending(i);
            previous = members[i];
        }
        for (uint256 i = 0; i < set.members.length; ++i) set.isMember[set.members[i]] = false;
        delete set.members;
        for (uint256 i = 0; i < members.length; ++i) {
            set.isMember[members[i]] = true;
            set.members.push(members[i]);
        }
    }

    /// @notice How many distinct members signed `digest`; reverts on a signature by a non-member,
    ///         a malformed signature, or signers out of ascending order.
    function countSigners(Set storage set, bytes32 digest, bytes[] calldata signatures)
        internal
        view
        returns (uint256)
    {
        address previous = address(0);
        for (uint256 i = 0; i < signatures.length; ++i) {
            address signer = Signatures.recover(digest, signatures[i]);
            if (!set.isMember[signer]) revert NotASigner(signer);
            if (signer <= previous) revert SignersNotAscending(signer, previous);
            previous = signer;
        }
        return signatures.length;
    }

    /// @notice keccak256(abi.encodePacked(members)) (each address padded to 32 bytes, as encodePacked
    ///         does for arrays): what the change digests commit to.
    function hashMembers(address[] memory members) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(members));
    }
}
