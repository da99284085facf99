// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BatchFormat} from "./BatchFormat.sol";

/// @title ForcedQueue
/// @notice Forced inclusion: anyone queues a signed batch entry (a transfer or withdrawal, in the
///         batch encoding) on L1; batches consume queued entries in order, and once the oldest
///         unconsumed entry is past its deadline the contract refuses every batch that does not
///         consume it. A forced entry is a step like any other: it applies or, breaking a rule, is
///         a no-op.
abstract contract ForcedQueue {
    /// @notice A batch leaves a forced entry past its deadline unconsumed.
    error ForcedInclusionMissed(uint256 index, uint256 deadline);

    /// @notice An entry joined the forced queue.
    event ForcedQueued(uint256 indexed index, bytes entry, uint256 deadline);

    /// @notice A queued forced entry.
    struct Forced {
        bytes32 entryHash;
        uint64 deadline;
    }

    /// @notice The forced entries, in queue order.
    Forced[] public forced;
    /// @notice How long the sequencer has to include a forced entry.
    uint256 public immutable forcedInclusionDelay;

    constructor(uint256 delay) {
        forcedInclusionDelay = delay;
    }

    /// @notice How many entries were ever forced.
    function forcedCount() external view returns (uint256) {
        return forced.length;
    }

    /// @notice Queues `entry` (one canonical batch entry); returns its index.
    function forceInclude(bytes calldata entry) external returns (uint256 index) {
        BatchFormat.parseEntry(entry);
        index = forced.length;
        uint256 deadline = block.timestamp + forcedInclusionDelay;
        forced.push(Forced(keccak256(entry), uint64(deadline)));
        emit ForcedQueued(index, entry, deadline);
    }

    /// Reverts when the oldest entry not consumed after `consumedEnd` is overdue.
    function checkForcedDeadline(uint256 consumedEnd) internal view {
        if (consumedEnd < forced.length && forced[consumedEnd].deadline <= block.timestamp) {
            revert ForcedInclusionMissed(consumedEnd, forced[consumedEnd].deadline);
        }
    }
}
