// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SparseMerkle} from "./SparseMerkle.sol";

/// @title LedgerStep
/// @notice Applies one ledger operation to Merkle witnesses of the accounts it touches and returns
///         the post-state root: the one-step proof of the optimistic rollup. Same rules, layout and
///         status codes as src/ledger (apply_to_witnesses with KeccakLedgerHasher):
///         - state root = account tree (accountDepth levels, key = account index);
///         - account leaf = keccak256(abi.encodePacked(address, uint64 nonce, bytes32 balanceRoot)),
///           zero for an empty slot; balance tree: tokenDepth levels, key = token id,
///           leaf = bytes32(balance);
///         - an operation is a list of changes applied in order (transfer: debit sender by
///           amount + fee with its nonce, credit receiver binding it to `addr` when empty, credit the
///           fee account when fee > 0; deposit: credit `to` binding it to `addr`; withdraw: debit,
///           then the fee credit); witness i is the touched account before change i, proven under
///           the root after change i - 1.
///         A rule the state breaks is an outcome, not a revert: status != 0 and postRoot = preRoot.
///         Witnesses that do not prove the state revert.
library LedgerStep {
    uint8 internal constant OK = 0;
    uint8 internal constant UNKNOWN_ACCOUNT = 1;
    uint8 internal constant BAD_NONCE = 2;
    uint8 internal constant INSUFFICIENT_BALANCE = 3;
    uint8 internal constant BALANCE_OVERFLOW = 4;
    uint8 internal constant AMOUNT_OVERFLOW = 5;
    uint8 internal constant NONCE_OVERFLOW = 6;
    uint8 internal constant ADDRESS_MISMATCH = 7;
    uint8 internal constant ZERO_ADDRESS = 8;
    uint8 internal constant ACCOUNT_OUT_OF_RANGE = 9;
    uint8 internal constant TOKEN_OUT_OF_RANGE = 10;

    uint8 internal constant TRANSFER = 1;
    uint8 internal constant DEPOSIT = 2;
    uint8 internal constant WITHDRAW = 3;

    /// @notice The number of witnesses differs from the changes the operation makes.
    error LedgerWitnessCount();
    /// @notice A witness is for another account than its change.
    error LedgerWitnessAccount();
    /// @notice A witnessed account does not lead to the current root.
    error LedgerWitnessRoot();
    /// @notice An empty slot's witness carries a nonce or balances.
    error LedgerWitnessShape();
    /// @notice Depths out of range or the fee account outside the tree.
    error LedgerBadParams();
    /// @notice The operation kind is not 1, 2 or 3.
    error LedgerBadKind();

    /// @notice The ledger's shape.
    struct Params {
        uint256 accountDepth;
        uint256 tokenDepth;
        uint64 feeAccount;
    }

    /// @notice An operation: transfer (from, to, addr = receiver address), deposit (to, addr) or
    ///         withdraw (from); unused fields are zero.
    struct Op {
        uint8 kind;
        uint64 from;
        uint64 to;
        address addr;
        uint32 token;
        uint256 amount;
        uint256 fee;
        uint64 nonce;
    }

    /// @notice One touched account before one change, with its two proofs.
    struct Witness {
        uint64 account;
        address addr;
        uint64 nonce;
        uint256 balance;
        uint256 balanceBitmap;
        bytes32[] balanceSiblings;
        uint256 accountBitmap;
        bytes32[] accountSiblings;
    }

    struct Slot {
        address addr;
        uint64 nonce;
        uint256 balance;
    }

    struct Change {
        bool debit;
        uint64 account;
        uint256 amount;
        uint64 nonce;
        bool bind;
        address bindTo;
    }

    /// @notice Applies `op` to `ws` from `preRoot`: (0, post-root), or (rule code, preRoot).
    function applyOp(bytes32 preRoot, Params memory p, Op memory op, Witness[] memory ws)
        internal
        pure
        returns (uint8 status, bytes32 postRoot)
    {
        (uint8 early, Change[] memory changes, uint256 count) = changesOf(p, op);
        if (early != OK) return (early, preRoot);
        bytes32 root = preRoot;
        for (uint256 i = 0; i < count; ++i) {
            if (i >= ws.length) revert LedgerWitnessCount();
            (uint8 s, bytes32 next) = step(root, p, op.token, changes[i], ws[i]);
            if (s != OK) return (s, preRoot);
            root = next;
        }
        if (ws.length != count) revert LedgerWitnessCount();
        return (OK, root);
    }

    function changesOf(Params memory p, Op memory op)
        private
        pure
        returns (uint8 status, Change[] memory changes, uint256 count)
    {
        if (p.accountDepth == 0 || p.accountDepth > 40 || p.tokenDepth == 0 || p.tokenDepth > 32) {
            revert LedgerBadParams();
        }
        if (p.feeAccount >> p.accountDepth != 0) revert LedgerBadParams();
        changes = new Change[](3);
        if (op.kind < TRANSFER || op.kind > WITHDRAW) revert LedgerBadKind();
        if (op.kind != DEPOSIT && op.from >> p.accountDepth != 0) return (ACCOUNT_OUT_OF_RANGE, changes, 0);
        if (op.kind != WITHDRAW && op.to >> p.accountDepth != 0) return (ACCOUNT_OUT_OF_RANGE, changes, 0);
        if (uint256(op.token) >> p.tokenDepth != 0) return (TOKEN_OUT_OF_RANGE, changes, 0);
        if (op.kind == DEPOSIT) {
            changes[0] = Change(false, op.to, op.amount, 0, true, op.addr);
            return (OK, changes, 1);
        }
        uint256 total;
        unchecked {
            total = op.amount + op.fee;
        }
        if (total < op.amount) return (AMOUNT_OVERFLOW, changes, 0);
        changes[count++] = Change(true, op.from, total, op.nonce, false, address(0));
        if (op.kind == TRANSFER) changes[count++] = Change(false, op.to, op.amount, 0, true, op.addr);
        if (op.fee != 0) changes[count++] = Change(false, p.feeAccount, op.fee, 0, false, address(0));
        return (OK, changes, count);
    }

    /// One change against its witness: (0, next root) or (rule code, root).
    function step(bytes32 root, Params memory p, uint32 token, Change memory c, Witness memory w)
        private
        pure
        returns (uint8, bytes32)
    {
        if (w.account != c.account) revert LedgerWitnessAccount();
        bytes32 leaf = accountLeaf(p, w.addr, w.nonce, balanceRoot(p, token, w.balance, w));
        Slot memory slot = Slot(w.addr, w.nonce, w.balance);
        uint8 status = applyChange(c, slot);
        if (status != OK) {
            if (!SparseMerkle.verify(root, p.accountDepth, w.account, leaf, w.accountBitmap, w.accountSiblings)) {
                revert LedgerWitnessRoot();
            }
            return (status, root);
        }
        bytes32 newLeaf = keccak256(abi.encodePacked(slot.addr, slot.nonce, balanceRoot(p, token, slot.balance, w)));
        if (SparseMerkle.computeRoot(p.accountDepth, w.account, leaf, w.accountBitmap, w.accountSiblings) != root) {
            revert LedgerWitnessRoot();
        }
        return (OK, SparseMerkle.computeRoot(p.accountDepth, w.account, newLeaf, w.accountBitmap, w.accountSiblings));
    }

    function balanceRoot(Params memory p, uint32 token, uint256 balance, Witness memory w)
        private
        pure
        returns (bytes32)
    {
        return SparseMerkle.computeRoot(p.tokenDepth, token, bytes32(balance), w.balanceBitmap, w.balanceSiblings);
    }

    function accountLeaf(Params memory p, address addr, uint64 nonce, bytes32 balances) private pure returns (bytes32) {
        if (addr != address(0)) return keccak256(abi.encodePacked(addr, nonce, balances));
        bytes32 empty;
        for (uint256 i = 0; i < p.tokenDepth; ++i) empty = SparseMerkle.hashPair(empty, empty);
        if (nonce != 0 || balances != empty) revert LedgerWitnessShape();
        return bytes32(0);
    }

    /// Applies one change to the slot; returns a rule code (the slot is then unchanged) or OK.
    function applyChange(Change memory c, Slot memory s) private pure returns (uint8) {
        if (c.debit) {
            if (s.addr == address(0)) return UNKNOWN_ACCOUNT;
            if (s.nonce != c.nonce) return BAD_NONCE;
            if (s.nonce == type(uint64).max) return NONCE_OVERFLOW;
            if (s.balance < c.amount) return INSUFFICIENT_BALANCE;
            s.nonce += 1;
            s.balance -= c.amount;
            return OK;
        }
        address addr = s.addr;
        if (addr == address(0)) {
            if (!c.bind) return UNKNOWN_ACCOUNT;
            if (c.bindTo == address(0)) return ZERO_ADDRESS;
            addr = c.bindTo;
        } else if (c.bind && c.bindTo != addr) {
            return ADDRESS_MISMATCH;
        }
        if (c.amount > type(uint256).max - s.balance) return BALANCE_OVERFLOW;
        s.addr = addr;
        s.balance += c.amount;
        return OK;
    }
}
