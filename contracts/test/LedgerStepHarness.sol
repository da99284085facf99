// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LedgerStep} from "../lib/LedgerStep.sol";

/// Exposes LedgerStep to tests: `step` as a call, `record` as a transaction whose receipt gives the
/// gas of a one-step proof on L1.
contract LedgerStepHarness {
    /// The last post-root `record` computed.
    bytes32 public lastRoot;
    /// The status of the last `record`.
    uint8 public lastStatus;

    /// Applies one operation to its witnesses.
    function step(
        bytes32 preRoot,
        LedgerStep.Params calldata p,
        LedgerStep.Op calldata op,
        LedgerStep.Witness[] calldata ws
    ) external pure returns (uint8 status, bytes32 postRoot) {
        return LedgerStep.applyOp(preRoot, p, op, ws);
    }

    /// Applies one operation and stores the outcome.
    function record(
        bytes32 preRoot,
        LedgerStep.Params calldata p,
        LedgerStep.Op calldata op,
        LedgerStep.Witness[] calldata ws
    ) external returns (uint8 status, bytes32 postRoot) {
        (status, postRoot) = LedgerStep.applyOp(preRoot, p, op, ws);
        lastRoot = postRoot;
        lastStatus = status;
    }
}
