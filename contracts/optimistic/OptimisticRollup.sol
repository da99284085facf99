// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "../lib/MerkleProof.sol";
import {SparseMerkle} from "../lib/SparseMerkle.sol";
import {BatchFormat} from "./BatchFormat.sol";
import {DepositQueue} from "./DepositQueue.sol";
import {ForcedQueue} from "./ForcedQueue.sol";
import {OneStepProver} from "./OneStepProver.sol";

/// @title OptimisticRollup
/// @notice The optimistic rollup on L1 (docs/optimistic.md): deposits and forced entries queue
///         here; the sequencer posts batches as calldata (parsed strictly, their steps committed in
///         a Merkle root); anyone proposes the state after each batch with a bond, as a claim
///         keccak256(stateRoot, withdrawalRoot) and the Merkle root of every intermediate claim;
///         within the challenge window anyone may challenge with a bond and play the bisection game
///         against the proposer, one move per deadline, down to one step that OneStepProver
///         executes. The loser's bond is slashed (half to the winner); a lost proposal is deleted
///         with every proposal after it. A proposal final after the window pays its withdrawals
///         by Merkle proof, each once.
contract OptimisticRollup is DepositQueue, ForcedQueue {
    error NotSequencer();
    error NotEnoughDeposits(uint256 wanted, uint256 queued);
    error NotEnoughForced(uint256 wanted, uint256 queued);
    error EmptyBatch();
    error TooManySteps(uint256 steps);
    error NoSuchBatch(uint256 batch);
    error WrongProposalIndex(uint256 expected);
    error WrongBond(uint256 expected);
    error WindowClosed(uint256 proposal);
    error WindowOpen(uint256 proposal, uint256 until);
    error NotNextToFinalize(uint256 expected);
    error GamesOpen(uint256 proposal);
    error NoSuchGame(uint256 game);
    error GameVoid(uint256 game);
    error GameNotVoid(uint256 game);
    error NotYourTurn(uint8 turn);
    error MoveTooLate(uint256 deadline);
    error DeadlineNotPassed(uint256 deadline);
    error BadRevealProof();
    error BadPreState();
    error BadStepProof();
    error NotFinal(uint256 batch);
    error AlreadyClaimed(uint256 batch, uint256 step);
    error BadWithdrawalProof();
    error NothingToClaim();

    event BatchSubmitted(
        uint256 indexed index, bytes32 payloadHash, bytes32 stepsRoot, uint256 steps, uint256 depositsEnd, uint256 forcedEnd,
        uint256 tokenCount
    );
    event RootProposed(
        uint256 indexed index, address indexed proposer, bytes32 stateRoot, bytes32 withdrawalRoot, bytes32 claimsRoot
    );
    event ProposalsDeleted(uint256 indexed fromIndex, uint256 count);
    event ProposalFinalized(uint256 indexed index, bytes32 stateRoot);
    event ChallengeStarted(uint256 indexed game, uint256 indexed proposal, address challenger, uint256 hi);
    event MidRevealed(uint256 indexed game, uint256 mid, bytes32 claim);
    event MidChosen(uint256 indexed game, bool agree, uint256 lo, uint256 hi);
    event GameEnded(uint256 indexed game, bool challengerWon, string how);
    event WithdrawalPaid(uint256 indexed batch, uint256 indexed step, address recipient, uint256 token, uint256 amount);

    /// @notice A posted batch.
    struct Batch {
        bytes32 payloadHash;
        bytes32 stepsRoot;
        uint64 steps;
        uint64 depositsEnd;
        uint64 forcedEnd;
        uint32 tokenCount;
        uint64 timestamp;
    }

    /// @notice A state proposal for one batch.
    struct Proposal {
        bytes32 stateRoot;
        bytes32 withdrawalRoot;
        bytes32 claimsRoot;
        address proposer;
        uint64 timestamp;
        uint64 id;
        uint32 activeGames;
    }

    uint8 public constant TURN_NONE = 0;
    uint8 public constant TURN_PROPOSER = 1;
    uint8 public constant TURN_CHALLENGER = 2;
    uint8 public constant TURN_STEP = 3;

    /// @notice A bisection game over the claims of one proposal: the players agree on claimLo at
    ///         step lo and disagree on claimHi at step hi.
    struct Game {
        uint64 proposal;
        uint64 proposalId;
        address challenger;
        uint64 lo;
        uint64 hi;
        bytes32 claimLo;
        bytes32 claimHi;
        bytes32 claimMid;
        uint64 deadline;
        uint8 turn;
    }

    OneStepProver public immutable prover;
    address public immutable sequencer;
    bytes32 public immutable genesisRoot;
    bytes32 public immutable emptyWithdrawalRoot;
    uint256 public immutable challengePeriod;
    uint256 public immutable moveTimeout;
    uint256 public immutable proposalBond;
    uint256 public immutable challengerBond;

    Batch[] public batches;
    uint256 public depositsConsumed;
    uint256 public forcedConsumed;
    mapping(uint256 => Proposal) public proposals;
    uint256 public proposalCount;
    uint256 public finalizedCount;
    uint64 private nextProposalId = 1;
    Game[] public games;
    mapping(address => uint256) public claimable;
    mapping(uint256 => mapping(uint256 => bool)) public withdrawalClaimed;

    constructor(
        OneStepProver prover_,
        address sequencer_,
        bytes32 genesisRoot_,
        uint256 challengePeriod_,
        uint256 moveTimeout_,
        uint256 forcedDelay_,
        uint256 proposalBond_,
        uint256 challengerBond_
    ) DepositQueue(prover_.tokenDepth()) ForcedQueue(forcedDelay_) {
        prover = prover_;
        sequencer = sequencer_;
        genesisRoot = genesisRoot_;
        challengePeriod = challengePeriod_;
        moveTimeout = moveTimeout_;
        proposalBond = proposalBond_;
        challengerBond = challengerBond_;
        bytes32 empty;
        for (uint256 i = 0; i < prover_.WITHDRAWAL_DEPTH(); ++i) empty = SparseMerkle.hashPair(empty, empty);
        emptyWithdrawalRoot = empty;
    }

    // ---- batches ----------------------------------------------------------------------------

    /// @notice The number of posted batches.
    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    /// @notice Sequencer: posts a batch (BatchFormat's version-2 payload). It consumes the next
    ///         D deposits and F forced entries it names; refused when malformed, when it names more
    ///         than are queued, or when it leaves an overdue forced entry out.
    function submitBatch(bytes calldata payload) external returns (uint256 index) {
        if (msg.sender != sequencer) revert NotSequencer();
        bytes memory data = payload;
        BatchFormat.Layout memory l = BatchFormat.parse(data);
        uint256 depositsEnd = depositsConsumed + l.depositAccounts.length;
        if (depositsEnd > depositHashes.length) revert NotEnoughDeposits(depositsEnd, depositHashes.length);
        uint256 forcedEnd = forcedConsumed + l.forcedCount;
        if (forcedEnd > forced.length) revert NotEnoughForced(forcedEnd, forced.length);
        checkForcedDeadline(forcedEnd);
        bytes32[] memory leaves = stepLeaves(data, l);
        bytes32 root = merkleRoot(leaves);
        index = batches.length;
        Batch storage b = batches.push();
        b.payloadHash = keccak256(data);
        b.stepsRoot = root;
        b.steps = uint64(leaves.length);
        b.depositsEnd = uint64(depositsEnd);
        b.forcedEnd = uint64(forcedEnd);
        b.tokenCount = uint32(tokenList.length);
        b.timestamp = uint64(block.timestamp);
        depositsConsumed = depositsEnd;
        forcedConsumed = forcedEnd;
        emit BatchSubmitted(index, b.payloadHash, root, leaves.length, depositsEnd, forcedEnd, tokenList.length);
    }

    /// The leaf hash of every step: the consumed deposits, then forced entries, then the batch's own.
    function stepLeaves(bytes memory data, BatchFormat.Layout memory l) private view returns (bytes32[] memory leaves) {
        uint256 d = l.depositAccounts.length;
        uint256 n = l.entryStart.length - 1;
        uint256 steps = d + l.forcedCount + n;
        if (steps == 0) revert EmptyBatch();
        if (steps >= (1 << prover.WITHDRAWAL_DEPTH())) revert TooManySteps(steps);
        leaves = new bytes32[](steps);
        uint256 k = 0;
        uint256 first = depositsConsumed;
        for (uint256 i = 0; i < d; ++i) {
            leaves[k++] = MerkleProof.leafHash(abi.encodePacked(uint8(1), depositHashes[first + i], l.depositAccounts[i]));
        }
        first = forcedConsumed;
        for (uint256 i = 0; i < l.forcedCount; ++i) {
            leaves[k++] = MerkleProof.leafHash(abi.encodePacked(uint8(2), forced[first + i].entryHash));
        }
        for (uint256 i = 0; i < n; ++i) {
            bytes32 h = BatchFormat.sliceHash(data, l.entryStart[i], l.entryStart[i + 1]);
            leaves[k++] = MerkleProof.leafHash(abi.encodePacked(uint8(2), h));
        }
    }

    /// The root of crypto/merkle.hpp's tree over leaf hashes (odd levels pair with zero).
    function merkleRoot(bytes32[] memory level) private pure returns (bytes32) {
        uint256 len = level.length;
        while (len > 1) {
            uint256 half = (len + 1) / 2;
            for (uint256 i = 0; i < half; ++i) {
                bytes32 right = 2 * i + 1 < len ? level[2 * i + 1] : bytes32(0);
                level[i] = MerkleProof.nodeHash(level[2 * i], right);
            }
            len = half;
        }
        return level[0];
    }

    // ---- proposals --------------------------------------------------------------------------

    /// @notice The claim a state commits to: keccak256(stateRoot || withdrawalRoot).
    function claimOf(bytes32 stateRoot, bytes32 withdrawalRoot) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(stateRoot, withdrawalRoot));
    }

    /// @notice The state root a proposal for batch `index` starts from.
    function parentStateRoot(uint256 index) public view returns (bytes32) {
        return index == 0 ? genesisRoot : proposals[index - 1].stateRoot;
    }

    /// @notice Proposes the state after batch `index` (the next without a proposal), posting the bond.
    function propose(uint256 index, bytes32 stateRoot, bytes32 withdrawalRoot, bytes32 claimsRoot) external payable {
        if (index != proposalCount) revert WrongProposalIndex(proposalCount);
        if (index >= batches.length) revert NoSuchBatch(index);
        if (msg.value != proposalBond) revert WrongBond(proposalBond);
        proposals[index] =
            Proposal(stateRoot, withdrawalRoot, claimsRoot, msg.sender, uint64(block.timestamp), nextProposalId++, 0);
        proposalCount = index + 1;
        emit RootProposed(index, msg.sender, stateRoot, withdrawalRoot, claimsRoot);
    }

    /// @notice Makes proposal `index` final once its window passed with no open game.
    function finalize(uint256 index) external {
        if (index != finalizedCount || index >= proposalCount) revert NotNextToFinalize(finalizedCount);
        Proposal storage p = proposals[index];
        uint256 until = p.timestamp + challengePeriod;
        if (block.timestamp < until) revert WindowOpen(index, until);
        if (p.activeGames != 0) revert GamesOpen(index);
        finalizedCount = index + 1;
        claimable[p.proposer] += proposalBond;
        emit ProposalFinalized(index, p.stateRoot);
    }

    // ---- the bisection game -----------------------------------------------------------------

    /// @notice The number of games ever started.
    function gameCount() external view returns (uint256) {
        return games.length;
    }

    /// @notice Challenges proposal `index` within its window, posting the challenger bond.
    function challenge(uint256 index) external payable returns (uint256 id) {
        if (index >= proposalCount) revert WrongProposalIndex(proposalCount);
        Proposal storage p = proposals[index];
        if (block.timestamp >= p.timestamp + challengePeriod) revert WindowClosed(index);
        if (msg.value != challengerBond) revert WrongBond(challengerBond);
        uint64 steps = batches[index].steps;
        p.activeGames += 1;
        id = games.length;
        Game storage g = games.push();
        g.proposal = uint64(index);
        g.proposalId = p.id;
        g.challenger = msg.sender;
        g.hi = steps;
        g.claimLo = claimOf(parentStateRoot(index), emptyWithdrawalRoot);
        g.claimHi = claimOf(p.stateRoot, p.withdrawalRoot);
        g.deadline = uint64(block.timestamp + moveTimeout);
        g.turn = steps == 1 ? TURN_STEP : TURN_PROPOSER;
        emit ChallengeStarted(id, index, msg.sender, steps);
    }

    /// @notice Proposer: reveals its claim at the midpoint, proven against its claims root.
    function reveal(uint256 id, bytes32 claimMid, bytes32[] calldata proof) external {
        (Game storage g, Proposal storage p) = live(id, TURN_PROPOSER);
        if (msg.sender != p.proposer) revert NotYourTurn(g.turn);
        uint256 mid = (uint256(g.lo) + g.hi) / 2;
        if (!MerkleProof.verify(p.claimsRoot, abi.encodePacked(claimMid), mid, proof)) revert BadRevealProof();
        g.claimMid = claimMid;
        g.turn = TURN_CHALLENGER;
        g.deadline = uint64(block.timestamp + moveTimeout);
        emit MidRevealed(id, mid, claimMid);
    }

    /// @notice Challenger: agrees (the fault is after the midpoint) or disagrees (at or before it).
    function choose(uint256 id, bool agree) external {
        (Game storage g,) = live(id, TURN_CHALLENGER);
        if (msg.sender != g.challenger) revert NotYourTurn(g.turn);
        uint64 mid = uint64((uint256(g.lo) + g.hi) / 2);
        if (agree) {
            g.lo = mid;
            g.claimLo = g.claimMid;
        } else {
            g.hi = mid;
            g.claimHi = g.claimMid;
        }
        g.turn = g.hi - g.lo == 1 ? TURN_STEP : TURN_PROPOSER;
        g.deadline = uint64(block.timestamp + moveTimeout);
        emit MidChosen(id, agree, g.lo, g.hi);
    }

    /// @notice Anyone: executes the disputed step from the agreed claim. The challenger wins when
    ///         the result differs from the proposer's claim after the step.
    function proveStep(uint256 id, OneStepProver.StepProof calldata step, bytes32[] calldata stepProof) external {
        (Game storage g,) = live(id, TURN_STEP);
        if (claimOf(step.stateRoot, step.withdrawalRoot) != g.claimLo) revert BadPreState();
        Batch storage b = batches[g.proposal];
        if (!MerkleProof.verify(b.stepsRoot, stepLeafData(step.kind, step.data), g.lo, stepProof)) {
            revert BadStepProof();
        }
        (bytes32 s, bytes32 w) = prover.execute(g.lo, b.tokenCount, step);
        if (claimOf(s, w) == g.claimHi) proposerWins(id, g, "one-step proof");
        else challengerWins(id, g, "one-step proof");
    }

    /// @notice Anyone: ends a game whose player to move let the deadline pass; that player loses.
    function timeout(uint256 id) external {
        (Game storage g,) = live(id, TURN_NONE);
        if (block.timestamp <= g.deadline) revert DeadlineNotPassed(g.deadline);
        if (g.turn == TURN_PROPOSER) challengerWins(id, g, "timeout");
        else proposerWins(id, g, "timeout");
    }

    /// @notice Anyone: closes a game whose proposal was deleted by another game; refunds the challenger.
    function cancel(uint256 id) external {
        if (id >= games.length) revert NoSuchGame(id);
        Game storage g = games[id];
        if (g.turn == TURN_NONE || !isVoid(g)) revert GameNotVoid(id);
        g.turn = TURN_NONE;
        claimable[g.challenger] += challengerBond;
        emit GameEnded(id, false, "proposal deleted");
    }

    /// @notice The data of step leaves: deposit (1, depositHash, account), entry (2, keccak(entry)).
    function stepLeafData(uint8 kind, bytes calldata data) public pure returns (bytes memory) {
        if (kind == 1) {
            (address l2Address, uint256 token, uint256 amount, uint64 account) =
                abi.decode(data, (address, uint256, uint256, uint64));
            return abi.encodePacked(uint8(1), depositHash(l2Address, token, amount), account);
        }
        return abi.encodePacked(uint8(2), keccak256(data));
    }

    function isVoid(Game storage g) private view returns (bool) {
        return g.proposal >= proposalCount || proposals[g.proposal].id != g.proposalId;
    }

    /// The open, non-void game `id` whose turn is `turn` (any turn for TURN_NONE), within its deadline
    /// unless asked for a timeout.
    function live(uint256 id, uint8 turn) private view returns (Game storage g, Proposal storage p) {
        if (id >= games.length) revert NoSuchGame(id);
        g = games[id];
        if (g.turn == TURN_NONE) revert NoSuchGame(id);
        if (isVoid(g)) revert GameVoid(id);
        if (turn != TURN_NONE) {
            if (g.turn != turn) revert NotYourTurn(g.turn);
            if (block.timestamp > g.deadline) revert MoveTooLate(g.deadline);
        }
        p = proposals[g.proposal];
    }

    function challengerWins(uint256 id, Game storage g, string memory how) private {
        g.turn = TURN_NONE;
        uint256 index = g.proposal;
        claimable[g.challenger] += challengerBond + proposalBond / 2;
        for (uint256 j = index + 1; j < proposalCount; ++j) claimable[proposals[j].proposer] += proposalBond;
        emit ProposalsDeleted(index, proposalCount - index);
        for (uint256 j = index; j < proposalCount; ++j) delete proposals[j];
        proposalCount = index;
        emit GameEnded(id, true, how);
    }

    function proposerWins(uint256 id, Game storage g, string memory how) private {
        g.turn = TURN_NONE;
        Proposal storage p = proposals[g.proposal];
        p.activeGames -= 1;
        claimable[p.proposer] += challengerBond / 2;
        emit GameEnded(id, false, how);
    }

    /// @notice Pays out the bonds and rewards owed to the caller.
    function claimBonds() external {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim();
        claimable[msg.sender] = 0;
        payOut(msg.sender, 0, amount);
    }

    // ---- withdrawals ------------------------------------------------------------------------

    /// @notice Pays the withdrawal at step `step` of final batch `batch` to `recipient`, proven by a
    ///         sparse Merkle proof in the batch's withdrawal tree; each withdrawal once.
    function claimWithdrawal(
        uint256 batch,
        uint256 step,
        address recipient,
        uint32 token,
        uint256 amount,
        uint256 bitmap,
        bytes32[] calldata siblings
    ) external {
        if (batch >= finalizedCount) revert NotFinal(batch);
        if (withdrawalClaimed[batch][step]) revert AlreadyClaimed(batch, step);
        bytes32 leaf = keccak256(abi.encodePacked(recipient, token, amount));
        if (!SparseMerkle.verify(
                proposals[batch].withdrawalRoot, prover.WITHDRAWAL_DEPTH(), step, leaf, bitmap, siblings
            )) revert BadWithdrawalProof();
        withdrawalClaimed[batch][step] = true;
        payOut(recipient, token, amount);
        emit WithdrawalPaid(batch, step, recipient, token, amount);
    }
}
