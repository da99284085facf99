// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ExitQueue
/// @notice A binary min-heap of exit priorities in storage: O(log n) insert and pop, so each
///         processed exit costs a bounded amount of gas however long the queue is.
library ExitQueue {
    /// @notice The queue is empty.
    error QueueEmpty();

    /// @notice Adds a priority.
    function insert(uint256[] storage heap, uint256 value) internal {
        heap.push(value);
        uint256 i = heap.length - 1;
        while (i > 0) {
            uint256 parent = (i - 1) / 2;
            uint256 p = heap[parent];
            if (p <= value) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = value;
    }

    /// @notice The smallest priority; reverts when empty.
    function peekMin(uint256[] storage heap) internal view returns (uint256) {
        if (heap.length == 0) revert QueueEmpty();
        return heap[0];
    }

    /// @notice Removes and returns the smallest priority; reverts when empty.
    function popMin(uint256[] storage heap) internal returns (uint256 smallest) {
        uint256 n = heap.length;
        if (n == 0) revert QueueEmpty();
        smallest = heap[0];
        uint256 last = heap[n - 1];
        heap.pop();
        --n;
        if (n == 0) return smallest;
        uint256 i = 0;
        while (true) {
            uint256 child = 2 * i + 1;
            if (child >= n) break;
            uint256 c = heap[child];
            if (child + 1 < n) {
                uint256 r = heap[child + 1];
                if (r < c) {
                    c = r;
                    ++child;
                }
            }
            if (last <= c) break;
            heap[i] = c;
            i = child;
        }
        heap[i] = last;
    }
}
