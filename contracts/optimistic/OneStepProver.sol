// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LedgerStep} from "../lib/LedgerStep.sol";
import {SparseMerkle} from "../lib/SparseMerkle.sol";
import {BatchFormat} from "./BatchFormat.sol";
import {L2TxHash} from "./L2TxHash.sol";

/// @notice Where the prover reads the L1 address of an ERC-20 token id (the rollup itself).
interface ITokenRegistry {
    /// @notice The L1 token of id `id` (ids start at 1).
    function tokenAt(uint32 id) external view returns (address);
}

/// @title OneStepProver
/// @notice Executes one step of a batch on L1, by the derivation rules of docs/optimistic.md: the
///         state of a step is (ledger state root, withdrawal root of the batch so far); a step is a
///         deposit (credit the batch-named account) or an entry (a transfer or a withdrawal signed
///         by the sender's standard EIP-1559 signature). A step that breaks any rule is a no-op.
///         Witnesses that do not prove the pre-state revert, so the outcome of a step is the same
///         whoever supplies them.
contract OneStepProver {
    /// @notice Levels of a batch's withdrawal tree (key = step index).
    uint256 public constant WITHDRAWAL_DEPTH = 20;
    /// @notice The L2 address a withdrawal is sent to.
    address public constant WITHDRAWAL_ADDRESS = 0x4200000000000000000000000000000000000016;
    /// @notice secp256k1's order / 2: the largest s (EIP-2).
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    /// @notice Step kinds.
    uint8 public constant STEP_DEPOSIT = 1;
    uint8 public constant STEP_ENTRY = 2;

    /// @notice A step kind other than 1 or 2, or deposit data that is not 128 bytes.
    error BadStep();

    /// @notice The L2 chain id transactions are signed for.
    uint256 public immutable chainId;
    uint256 public immutable accountDepth;
    uint256 public immutable tokenDepth;
    uint64 public immutable feeAccount;

    /// @notice One step's input: the pre-state, the step's data and the witnesses it touches.
    struct StepProof {
        bytes32 stateRoot;
        bytes32 withdrawalRoot;
        uint8 kind;
        bytes data; // deposit: abi.encode(address l2Address, uint256 token, uint256 amount, uint64 account); entry: its bytes
        LedgerStep.Witness[] witnesses;
        uint256 withdrawalBitmap; // proof that the step's withdrawal leaf is empty (withdrawals only)
        bytes32[] withdrawalSiblings;
    }

    constructor(uint256 chainId_, uint256 accountDepth_, uint256 tokenDepth_, uint64 feeAccount_) {
        chainId = chainId_;
        accountDepth = accountDepth_;
        tokenDepth = tokenDepth_;
        feeAccount = feeAccount_;
    }

    /// @notice The leaf a withdrawal leaves in its batch's withdrawal tree.
    function withdrawalLeaf(address recipient, uint32 token, uint256 amount) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(recipient, token, amount));
    }

    /// @notice The state after step `step` of a batch whose ERC-20 ids are below `tokenCount`.
    function execute(uint256 step, uint256 tokenCount, StepProof memory p)
        external
        view
        returns (bytes32 stateRoot, bytes32 withdrawalRoot)
    {
        LedgerStep.Params memory params = LedgerStep.Params(accountDepth, tokenDepth, feeAccount);
        if (p.kind == STEP_DEPOSIT) return executeDeposit(step, params, p);
        if (p.kind != STEP_ENTRY) revert BadStep();
        BatchFormat.Entry memory e = BatchFormat.parseEntry(p.data);
        return executeEntry(step, tokenCount, params, e, p);
    }

    /// A deposit the ledger refuses (its account bound to another address, a full balance) leaves
    /// the state as it was and a refund in the withdrawal tree at its step: the deposit's amount to
    /// its L2 address on L1, paid by claimWithdrawal once the batch is final.
    function executeDeposit(uint256 step, LedgerStep.Params memory params, StepProof memory p)
        private
        pure
        returns (bytes32, bytes32)
    {
        if (p.data.length != 128) revert BadStep();
        LedgerStep.Op memory op;
        op.kind = LedgerStep.DEPOSIT;
        uint256 token;
        (op.addr, token, op.amount, op.to) = abi.decode(p.data, (address, uint256, uint256, uint64));
        op.token = uint32(token);
        (uint8 status, bytes32 post) = LedgerStep.applyOp(p.stateRoot, params, op, p.witnesses);
        if (status == LedgerStep.OK) return (post, p.withdrawalRoot);
        bytes32 leaf = withdrawalLeaf(op.addr, op.token, op.amount);
        return (p.stateRoot, SparseMerkle.update(
            p.withdrawalRoot, WITHDRAWAL_DEPTH, step, bytes32(0), leaf, p.withdrawalBitmap, p.withdrawalSiblings
        ));
    }

    function executeEntry(
        uint256 step,
        uint256 tokenCount,
        LedgerStep.Params memory params,
        BatchFormat.Entry memory e,
        StepProof memory p
    ) private view returns (bytes32, bytes32) {
        // Rules that need no state: a known token, a fee that is 21,000 x a price, a low s.
        if (e.token != 0 && e.token >= tokenCount) return (p.stateRoot, p.withdrawalRoot);
        if (e.fee % L2TxHash.L2_TX_GAS != 0 || uint256(e.s) > HALF_ORDER) return (p.stateRoot, p.withdrawalRoot);
        (LedgerStep.Op memory op, address receiver) = opOf(e, p.witnesses);
        (uint8 status, bytes32 post) = LedgerStep.applyOp(p.stateRoot, params, op, p.witnesses);
        if (status != LedgerStep.OK) return (p.stateRoot, p.withdrawalRoot);
        // The witnesses are proven now: the sender's address and nonce, the receiver's address.
        if (!e.withdraw && receiver == WITHDRAWAL_ADDRESS) return (p.stateRoot, p.withdrawalRoot);
        if (signer(e, op.nonce, receiver) != p.witnesses[0].addr) return (p.stateRoot, p.withdrawalRoot);
        if (!e.withdraw) return (post, p.withdrawalRoot);
        return (post, recordWithdrawal(step, p, e));
    }

    /// The ledger operation of an entry: its nonce is the sender's (witness 0), and the receiver's
    /// address is the entry's new address or the one bound at `to` (witness 1).
    function opOf(BatchFormat.Entry memory e, LedgerStep.Witness[] memory ws)
        private
        pure
        returns (LedgerStep.Op memory op, address receiver)
    {
        if (ws.length == 0) revert LedgerStep.LedgerWitnessCount();
        op.from = e.from;
        op.token = e.token;
        op.amount = e.amount;
        op.fee = e.fee;
        op.nonce = ws[0].nonce;
        if (e.withdraw) {
            op.kind = LedgerStep.WITHDRAW;
            return (op, address(0));
        }
        if (ws.length < 2) revert LedgerStep.LedgerWitnessCount();
        receiver = e.newAccount != address(0) ? e.newAccount : ws[1].addr;
        op.kind = LedgerStep.TRANSFER;
        op.to = e.to;
        op.addr = receiver;
    }

    /// Sets the step's leaf of the withdrawal tree (empty before, proven by the step's proof).
    function recordWithdrawal(uint256 step, StepProof memory p, BatchFormat.Entry memory e) private pure returns (bytes32) {
        bytes32 leaf = withdrawalLeaf(p.witnesses[0].addr, e.token, e.amount);
        return SparseMerkle.update(
            p.withdrawalRoot, WITHDRAWAL_DEPTH, step, bytes32(0), leaf, p.withdrawalBitmap, p.withdrawalSiblings
        );
    }

    /// The address that signed the transaction the entry stands for (zero when none recovers).
    function signer(BatchFormat.Entry memory e, uint64 nonce, address receiver) private view returns (address) {
        address to;
        uint256 value;
        bytes memory data;
        address token = e.token == 0 ? address(0) : ITokenRegistry(msg.sender).tokenAt(e.token);
        if (e.withdraw) {
            to = WITHDRAWAL_ADDRESS;
            if (e.token == 0) value = e.amount;
            else data = abi.encodeWithSignature("withdraw(address,uint256)", token, e.amount);
        } else if (e.token == 0) {
            to = receiver;
            value = e.amount;
        } else {
            to = token;
            data = abi.encodeWithSignature("transfer(address,uint256)", receiver, e.amount);
        }
        bytes32 h = L2TxHash.signingHash(chainId, nonce, e.fee / L2TxHash.L2_TX_GAS, to, value, data);
        if (e.r == bytes32(0) || e.s == bytes32(0)) return address(0);
        return ecrecover(h, 27 + e.v, e.r, e.s);
    }
}
