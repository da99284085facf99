// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IZkRollupForOwner {
    function registerKey(bytes32 key) external returns (uint256);
    function deposit() external payable returns (uint256);
    function claimPending() external;
}

/// @title Test helper: a ZK rollup account owned by a contract that refuses ether until told to
/// accept it, so a withdrawal's push fails and must wait in ZkRollup.pendingWei.
contract ZkRejectingOwner {
    IZkRollupForOwner public immutable rollup;
    bool public accepting;

    constructor(IZkRollupForOwner rollup_) {
        rollup = rollup_;
    }

    function register(bytes32 key) external {
        rollup.registerKey(key);
    }

    function deposit() external payable {
        rollup.deposit{value: msg.value}();
    }

    function setAccepting(bool on) external {
        accepting = on;
    }

    function claim() external {
        rollup.claimPending();
    }

    receive() external payable {
        require(accepting, "ZkRejectingOwner: not accepting");
    }
}
