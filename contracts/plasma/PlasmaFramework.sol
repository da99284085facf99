// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "../lib/MerkleProof.sol";
import {Signatures} from "../lib/Signatures.sol";
import {ExitQueue} from "./ExitQueue.sol";
import {PlasmaTx} from "./PlasmaTx.sol";

interface IPlasmaToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address owner) external view returns (uint256);
}

/// @title PlasmaFramework
/// @notice Plasma MVP root chain. The operator commits child block roots at block numbers that are
///         multiples of CHILD_BLOCK_INTERVAL; every deposit (ether or ERC-20) becomes its own
///         one-transaction block numbered in between. An owner exits an output with a bond and an
///         inclusion proof; anyone holding the owner's signed spend of that output challenges the
///         exit and takes the bond. Exits are paid in priority order after the exit period: the
///         priority is (exitableAt, position) with exitableAt = max(blockTime + 2 * exitPeriod,
///         now + exitPeriod), so an old output exiting late cannot jump ahead of the exits of a
///         fresh (possibly invalid) block, and within the same time older positions go first.
contract PlasmaFramework {
    using ExitQueue for uint256[];

    /// @notice A child block (or deposit block) root and when it was committed.
    struct ChildBlock {
        bytes32 root;
        uint64 timestamp;
    }

    /// @notice Where an exit stands.
    enum ExitStatus {
        None,
        Active,
        Challenged,
        Finalized
    }

    /// @notice An exit of one output.
    struct Exit {
        address owner;
        address token;
        uint256 amount;
        uint256 bond;
        ExitStatus status;
    }

    uint256 public constant CHILD_BLOCK_INTERVAL = 1000;
    /// @notice The production exit period.
    uint256 public constant DEFAULT_EXIT_PERIOD = 7 days;
    string public constant NAME = "Expressway Plasma";
    string public constant VERSION = "1";
    /// @notice EIP-712 type of what owners sign: the keccak256 of the unsigned tx's RLP encoding.
    bytes32 public constant TX_TYPEHASH = keccak256("PlasmaTransaction(bytes32 rlpHash)");

    address public immutable operator;
    uint256 public immutable exitPeriod;
    uint256 public immutable exitBond;
    bytes32 public immutable domainSeparator;

    uint256 public nextChildBlock = CHILD_BLOCK_INTERVAL;
    uint256 public nextDepositBlock = 1;
    mapping(uint256 => ChildBlock) public blocks;
    mapping(uint256 => Exit) public exits;
    mapping(address => uint256[]) private queues;
    /// @notice Payouts whose transfer failed, claimable with withdraw().
    mapping(address => uint256) public owed;

    event BlockSubmitted(uint256 indexed blknum, bytes32 root, uint256 timestamp);
    event DepositCreated(address indexed owner, uint256 indexed blknum, address token, uint256 amount);
    event ExitStarted(address indexed owner, uint256 indexed utxoPos, address token, uint256 amount, uint256 exitableAt);
    event ExitChallenged(uint256 indexed utxoPos, address indexed challenger);
    event ExitFinalized(uint256 indexed utxoPos, address indexed owner, address token, uint256 amount);
    /// @notice An exit whose turn came when the contract no longer held its amount (an exit of an
    ///         output that an invalid block created, after every honest exit ahead of it was paid).
    event ExitUnfunded(uint256 indexed utxoPos, address indexed owner, address token, uint256 amount);

    error NotOperator();
    error ZeroExitPeriod();
    error DepositSlotsExhausted();
    error ZeroAmount();
    error WrongValue(uint256 sent, uint256 required);
    error TokenTransferFailed();
    error UnknownBlock(uint256 blknum);
    error BadInclusionProof();
    error NotOutputOwner(address owner, address sender);
    error ExitExists(uint256 utxoPos);
    error NoActiveExit(uint256 utxoPos);
    error NotASpend(uint256 utxoPos);
    error BadSpendSignature();
    error NothingOwed();

    /// @param exitPeriod_ seconds an exit waits (DEFAULT_EXIT_PERIOD in production)
    /// @param exitBond_ wei posted with every exit, paid to a successful challenger
    constructor(uint256 exitPeriod_, uint256 exitBond_) {
        if (exitPeriod_ == 0) revert ZeroExitPeriod();
        operator = msg.sender;
        exitPeriod = exitPeriod_;
        exitBond = exitBond_;
        domainSeparator = Signatures.domainSeparator(NAME, VERSION, block.chainid, address(this));
    }

    // ---- blocks and deposits -------------------------------------------------------------------

    /// @notice The operator commits the Merkle root of the next child block.
    function submitBlock(bytes32 root) external {
        if (msg.sender != operator) revert NotOperator();
        uint256 blknum = nextChildBlock;
        blocks[blknum] = ChildBlock(root, uint64(block.timestamp));
        nextChildBlock = blknum + CHILD_BLOCK_INTERVAL;
        nextDepositBlock = 1;
        emit BlockSubmitted(blknum, root, block.timestamp);
    }

    /// @notice Deposits ether: a deposit block with one output of msg.value to the sender.
    function deposit() external payable {
        createDeposit(msg.sender, address(0), msg.value);
    }

    /// @notice Deposits `amount` of an ERC-20 the sender approved to this contract.
    function depositToken(address token, uint256 amount) external {
        if (token == address(0)) revert ZeroAmount();
        if (!IPlasmaToken(token).transferFrom(msg.sender, address(this), amount)) revert TokenTransferFailed();
        createDeposit(msg.sender, token, amount);
    }

    function createDeposit(address owner, address token, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        if (nextDepositBlock >= CHILD_BLOCK_INTERVAL) revert DepositSlotsExhausted();
        uint256 blknum = nextChildBlock - CHILD_BLOCK_INTERVAL + nextDepositBlock;
        ++nextDepositBlock;
        bytes32 root = MerkleProof.leafHash(PlasmaTx.depositTx(owner, token, amount));
        blocks[blknum] = ChildBlock(root, uint64(block.timestamp));
        emit DepositCreated(owner, blknum, token, amount);
    }

    // ---- exits -----------------------------------------------------------------------------

    /// @notice Starts the exit of output `utxoPos` of `signedTx`, proven by `proof` in its block.
    ///         msg.value must be exactly exitBond.
    function startExit(uint256 utxoPos, bytes calldata signedTx, bytes32[] calldata proof) external payable {
        if (msg.value != exitBond) revert WrongValue(msg.value, exitBond);
        if (exits[utxoPos].status != ExitStatus.None) revert ExitExists(utxoPos);
        uint256 blknum = utxoPos / PlasmaTx.BLOCK_OFFSET;
        uint256 txindex = (utxoPos % PlasmaTx.BLOCK_OFFSET) / PlasmaTx.TX_OFFSET;
        uint256 oindex = utxoPos % PlasmaTx.TX_OFFSET;
        if (oindex > 1) revert PlasmaTx.BadPosition();
        ChildBlock memory b = blocks[blknum];
        if (b.timestamp == 0) revert UnknownBlock(blknum);
        if (!MerkleProof.verify(b.root, signedTx, txindex, proof)) revert BadInclusionProof();
        PlasmaTx.Tx memory t = PlasmaTx.decode(signedTx);
        address owner = t.owners[oindex];
        uint256 amount = t.amounts[oindex];
        if (amount == 0) revert ZeroAmount();
        if (owner != msg.sender) revert NotOutputOwner(owner, msg.sender);
        uint256 exitableAt = b.timestamp + 2 * exitPeriod;
        if (block.timestamp + exitPeriod > exitableAt) exitableAt = block.timestamp + exitPeriod;
        exits[utxoPos] = Exit(owner, t.token, amount, msg.value, ExitStatus.Active);
        queues[t.token].insert((exitableAt << 128) | utxoPos);
        emit ExitStarted(owner, utxoPos, t.token, amount, exitableAt);
    }

    /// @notice Challenges the exit of `utxoPos` with a transaction whose input `inputIndex` spends it,
    ///         signed by the exit's owner. The exit is cancelled and its bond paid to the sender.
    function challengeExit(uint256 utxoPos, bytes calldata spendingTx, uint256 inputIndex) external {
        Exit storage e = exits[utxoPos];
        if (e.status != ExitStatus.Active) revert NoActiveExit(utxoPos);
        PlasmaTx.Tx memory t = PlasmaTx.decode(spendingTx);
        if (inputIndex > 1 || t.inputs[inputIndex] != utxoPos) revert NotASpend(utxoPos);
        bytes32 digest = Signatures.typedDataDigest(domainSeparator, keccak256(abi.encode(TX_TYPEHASH, t.txHash)));
        if (!Signatures.isValidSignature(e.owner, digest, t.sigs[inputIndex])) revert BadSpendSignature();
        e.status = ExitStatus.Challenged;
        uint256 bond = e.bond;
        e.bond = 0;
        emit ExitChallenged(utxoPos, msg.sender);
        pay(msg.sender, address(0), bond);
    }

    /// @notice Pays out up to `maxCount` exits of `token` whose time has come, oldest priority
    ///         first; challenged exits are dropped from the queue and count toward maxCount.
    /// @return processed the number of queue entries taken off
    function processExits(address token, uint256 maxCount) external returns (uint256 processed) {
        uint256[] storage queue = queues[token];
        while (processed < maxCount && queue.length > 0) {
            uint256 priority = queue.peekMin();
            if ((priority >> 128) > block.timestamp) break;
            queue.popMin();
            ++processed;
            uint256 utxoPos = uint256(uint128(priority));
            Exit storage e = exits[utxoPos];
            if (e.status != ExitStatus.Active) continue;
            e.status = ExitStatus.Finalized;
            uint256 bond = e.bond;
            e.bond = 0;
            if (holding(e.token) < e.amount + (e.token == address(0) ? bond : 0)) {
                emit ExitUnfunded(utxoPos, e.owner, e.token, e.amount);
                continue;
            }
            emit ExitFinalized(utxoPos, e.owner, e.token, e.amount);
            pay(e.owner, e.token, e.amount);
            pay(e.owner, address(0), bond);
        }
    }

    /// @notice Claims ether whose transfer to the sender failed during a payout.
    function withdraw() external {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TokenTransferFailed();
    }

    // ---- views -----------------------------------------------------------------------------

    /// @notice The number of queued (not yet processed) exit entries of `token`.
    function queueLength(address token) external view returns (uint256) {
        return queues[token].length;
    }

    /// @notice The smallest queued priority of `token` ((exitableAt << 128) | utxoPos), 0 if none.
    function nextExit(address token) external view returns (uint256) {
        uint256[] storage queue = queues[token];
        return queue.length == 0 ? 0 : queue[0];
    }

    /// @notice The EIP-712 digest an owner signs for a transaction whose unsigned encoding hashes to txHash.
    function txDigest(bytes32 txHash) external view returns (bytes32) {
        return Signatures.typedDataDigest(domainSeparator, keccak256(abi.encode(TX_TYPEHASH, txHash)));
    }

    /// @notice Decodes a signed transaction (for tooling and tests); reverts on malformed input.
    function decodeTx(bytes calldata signedTx) external pure returns (PlasmaTx.Tx memory) {
        return PlasmaTx.decode(signedTx);
    }

    function holding(address token) private view returns (uint256) {
        if (token == address(0)) return address(this).balance;
        return IPlasmaToken(token).balanceOf(address(this));
    }

    function pay(address to, address token, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount, gas: 50_000}("");
            if (!ok) owed[to] += amount;
        } else if (!IPlasmaToken(token).transfer(to, amount)) {
            revert TokenTransferFailed();
        }
    }
}
