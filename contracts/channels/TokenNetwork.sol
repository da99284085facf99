// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Signatures} from "../lib/Signatures.sol";
import {SecretRegistry} from "./SecretRegistry.sol";

/// @notice The ERC-20 calls a token network makes.
interface IChannelToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title TokenNetwork
/// @notice The L1 side of the payment channels of one token (Raiden's design): two participants
///         lock deposits, pay each other off-chain with signed balance proofs, and come back here
///         only to withdraw, to close with the partner's latest balance proof, to let the partner
///         (or a watchtower it delegated to) answer a stale close within the settle timeout, to
///         settle, and to unlock pending hash-time locks whose secret was registered in time.
///         Every off-chain message it accepts is EIP-712 typed data over the domain
///         ("Expressway TokenNetwork", "1", chain id, this contract), checked with ecrecover;
///         src/channels/balance_proof.hpp and channel_messages.hpp produce the same digests.
///         `token` is the zero address for ether.
contract TokenNetwork {
    // ---- types ---------------------------------------------------------------------------

    /// @notice What a participant signed about its own sends: its running totals and nonce.
    struct BalanceProof {
        uint256 channelId;
        uint256 nonce;
        uint256 transferredAmount;
        uint256 lockedAmount;
        bytes32 locksroot;
    }

    /// @notice Each side's L1 book: deposits, withdrawals, and the balance proof it signed that
    ///         the other side submitted at close or update.
    struct Participant {
        uint256 deposit;
        uint256 withdrawn;
        uint256 nonce;
        uint256 transferredAmount;
        uint256 lockedAmount;
        bytes32 locksroot;
    }

    /// @notice A channel's lifecycle: Removed is a settled channel (its id is never reused).
    enum State {
        None,
        Opened,
        Closed,
        Removed
    }

    struct Channel {
        address participant1;
        address participant2;
        State state;
        address closer;
        uint64 settleTimeout;
        uint64 settleAt;
        Participant p1;
        Participant p2;
    }

    /// @notice Locked amounts left after settlement, waiting for `unlock`.
    struct PendingUnlock {
        uint256 lockedAmount;
        bytes32 locksroot;
    }

    /// @notice A participant's payout in a cooperative settle.
    struct Payout {
        address participant;
        uint256 balance;
    }

    // ---- constants -----------------------------------------------------------------------

    bytes32 public constant BALANCE_PROOF_TYPEHASH = keccak256(
        "BalanceProof(uint256 channelId,uint256 nonce,uint256 transferredAmount,uint256 lockedAmount,bytes32 locksroot)"
    );
    bytes32 public constant UPDATE_DELEGATION_TYPEHASH =
        keccak256("UpdateDelegation(uint256 channelId,address watchtower,uint256 nonce,bytes32 balanceHash)");
    bytes32 public constant WITHDRAW_TYPEHASH =
        keccak256("Withdraw(uint256 channelId,address participant,uint256 totalWithdraw,uint256 expiration)");
    bytes32 public constant COOPERATIVE_SETTLE_TYPEHASH = keccak256(
        "CooperativeSettle(uint256 channelId,address participant1,uint256 balance1,address participant2,uint256 balance2)"
    );
    /// @notice Bytes of one encoded lock: expiration, amount, secrethash, 32 each.
    uint256 public constant LOCK_BYTES = 96;

    // ---- immutable configuration -------------------------------------------------------

    address public immutable token;
    SecretRegistry public immutable secretRegistry;
    uint256 public immutable settleTimeoutMin;
    uint256 public immutable settleTimeoutMax;
    bytes32 public immutable domainSeparator;

    // ---- state ---------------------------------------------------------------------------

    uint256 public channelCounter;
    mapping(uint256 => Channel) private channels;
    /// @notice The open or closed channel of a pair (keyed by pairKey), 0 when none.
    mapping(bytes32 => uint256) public channelOfPair;
    mapping(bytes32 => PendingUnlock) private pendingUnlocks;
    /// @notice Ether a payout could not deliver (a receiver that refused it), claimable later.
    mapping(address => uint256) public owed;

    // ---- events (the router's channel graph is built from these) --------------------------

    event ChannelOpened(
        uint256 indexed channelId, address indexed participant1, address indexed participant2, uint256 settleTimeout
    );
    event ChannelNewDeposit(uint256 indexed channelId, address indexed participant, uint256 totalDeposit);
    event ChannelWithdraw(uint256 indexed channelId, address indexed participant, uint256 totalWithdraw);
    event ChannelClosed(uint256 indexed channelId, address indexed closer, uint256 nonce, uint256 settleAt);
    event NonClosingBalanceProofUpdated(
        uint256 indexed channelId, address indexed closer, address indexed submitter, uint256 nonce
    );
    event ChannelSettled(
        uint256 indexed channelId, address participant1, uint256 amount1, address participant2, uint256 amount2
    );
    event ChannelUnlocked(
        uint256 indexed channelId,
        address indexed receiver,
        address indexed sender,
        bytes32 locksroot,
        uint256 unlockedAmount,
        uint256 returnedAmount
    );
    event PayoutDeferred(address indexed to, uint256 amount);

    // ---- errors --------------------------------------------------------------------------

    error BadConfiguration();
    error SettleTimeoutOutOfBounds(uint256 given, uint256 min, uint256 max);
    error BadParticipants();
    error ChannelExists(uint256 channelId);
    error WrongState(uint256 channelId, State state);
    error NotParticipant(address account);
    error DepositNotIncreased(uint256 current, uint256 requested);
    error WrongValue(uint256 sent, uint256 expected);
    error EtherForTokenNetwork();
    error TokenTransferFailed();
    error WithdrawNotIncreased(uint256 current, uint256 requested);
    error WithdrawExceedsDeposits(uint256 withdrawn, uint256 deposits);
    error Expired(uint256 expiration, uint256 now_);
    error WrongSigner(address expected, address recovered);
    error WrongChannelId(uint256 expected, uint256 given);
    error EmptyProofMustBeZero();
    error NotCloser(address given, address closer);
    error CloserCannotUpdate();
    error SettleWindowOver(uint256 settleAt, uint256 now_);
    error SettleWindowOpen(uint256 settleAt, uint256 now_);
    error StaleNonce(uint256 stored, uint256 given);
    error BalancesDoNotAddUp(uint256 sum, uint256 available);
    error NothingToUnlock();
    error LocksrootMismatch(bytes32 stored, bytes32 computed);
    error BadLocksLength(uint256 length);
    error NothingOwed();
    error LockNotExpired(bytes32 secrethash, uint256 expiration);

    constructor(address token_, SecretRegistry secretRegistry_, uint256 settleTimeoutMin_, uint256 settleTimeoutMax_) {
        if (address(secretRegistry_).code.length == 0) revert BadConfiguration();
        if (token_ != address(0) && token_.code.length == 0) revert BadConfiguration();
        if (settleTimeoutMin_ == 0 || settleTimeoutMin_ > settleTimeoutMax_ || settleTimeoutMax_ > type(uint64).max) {
            revert BadConfiguration();
        }
        token = token_;
        secretRegistry = secretRegistry_;
        settleTimeoutMin = settleTimeoutMin_;
        settleTimeoutMax = settleTimeoutMax_;
        domainSeparator = Signatures.domainSeparator("Expressway TokenNetwork", "1", block.chainid, address(this));
    }

    // ---- open, deposit, withdraw ---------------------------------------------------------

    /// @notice Opens a channel between the caller and `partner`, disputes lasting `settleTimeout`
    ///         seconds; one channel per pair at a time.
    function openChannel(address partner, uint256 settleTimeout) external returns (uint256 channelId) {
        if (settleTimeout < settleTimeoutMin || settleTimeout > settleTimeoutMax) {
            revert SettleTimeoutOutOfBounds(settleTimeout, settleTimeoutMin, settleTimeoutMax);
        }
        if (partner == address(0) || partner == msg.sender) revert BadParticipants();
        bytes32 pair = pairKey(msg.sender, partner);
        if (channelOfPair[pair] != 0) revert ChannelExists(channelOfPair[pair]);
        channelId = ++channelCounter;
        channelOfPair[pair] = channelId;
        Channel storage c = channels[channelId];
        c.participant1 = msg.sender;
        c.participant2 = partner;
        c.state = State.Opened;
        c.settleTimeout = uint64(settleTimeout);
        emit ChannelOpened(channelId, msg.sender, partner, settleTimeout);
    }

    /// @notice Raises `participant`'s deposit to `totalDeposit` (a total, so a replayed call is
    ///         harmless). The caller pays the difference: as msg.value for ether, by transferFrom.
    function setTotalDeposit(uint256 channelId, address participant, uint256 totalDeposit) external payable {
        Channel storage c = opened(channelId);
        Participant storage p = side(c, participant);
        if (totalDeposit <= p.deposit) revert DepositNotIncreased(p.deposit, totalDeposit);
        uint256 added = totalDeposit - p.deposit;
        p.deposit = totalDeposit;
        if (token == address(0)) {
            if (msg.value != added) revert WrongValue(msg.value, added);
        } else {
            if (msg.value != 0) revert EtherForTokenNetwork();
            if (!IChannelToken(token).transferFrom(msg.sender, address(this), added)) revert TokenTransferFailed();
        }
        emit ChannelNewDeposit(channelId, participant, totalDeposit);
    }

    /// @notice Raises `participant`'s total withdrawal while the channel is open, paying it the
    ///         difference. Both participants sign the Withdraw message, which expires at a timestamp.
    function setTotalWithdraw(
        uint256 channelId,
        address participant,
        uint256 totalWithdraw,
        uint256 expiration,
        bytes calldata participantSignature,
        bytes calldata partnerSignature
    ) external {
        Channel storage c = opened(channelId);
        if (block.timestamp > expiration) revert Expired(expiration, block.timestamp);
        Participant storage p = side(c, participant);
        if (totalWithdraw <= p.withdrawn) revert WithdrawNotIncreased(p.withdrawn, totalWithdraw);
        bytes32 digest = typedDigest(
            keccak256(abi.encode(WITHDRAW_TYPEHASH, channelId, participant, totalWithdraw, expiration))
        );
        requireSigner(participant, digest, participantSignature);
        requireSigner(partnerOf(c, participant), digest, partnerSignature);
        uint256 added = totalWithdraw - p.withdrawn;
        p.withdrawn = totalWithdraw;
        uint256 deposits = c.p1.deposit + c.p2.deposit;
        uint256 withdrawn = c.p1.withdrawn + c.p2.withdrawn;
        if (withdrawn > deposits) revert WithdrawExceedsDeposits(withdrawn, deposits);
        emit ChannelWithdraw(channelId, participant, totalWithdraw);
        pay(participant, added);
    }

    // ---- close, update, settle -------------------------------------------------------------

    /// @notice Closes the channel unilaterally with the partner's latest balance proof (nonce 0
    ///         and all zero for "the partner never sent anything", unsigned). Starts the settle
    ///         timeout.
    function closeChannel(
        uint256 channelId,
        address partner,
        BalanceProof calldata proof,
        bytes calldata partnerSignature
    ) external {
        Channel storage c = opened(channelId);
        side(c, msg.sender);
        Participant storage other = side(c, partner);
        if (partner == msg.sender) revert BadParticipants();
        if (proof.nonce == 0) {
            if (proof.transferredAmount != 0 || proof.lockedAmount != 0 || proof.locksroot != bytes32(0)) {
                revert EmptyProofMustBeZero();
            }
        } else {
            checkBalanceProof(channelId, partner, proof, partnerSignature);
            store(other, proof);
        }
        c.state = State.Closed;
        c.closer = msg.sender;
        c.settleAt = uint64(block.timestamp + c.settleTimeout);
        emit ChannelClosed(channelId, msg.sender, proof.nonce, c.settleAt);
    }

    /// @notice The non-closing participant answers a close with a newer balance proof signed by
    ///         the closer, within the settle timeout.
    function updateNonClosingBalanceProof(uint256 channelId, BalanceProof calldata proof, bytes calldata closerSignature)
        external
    {
        Channel storage c = closedChannel(channelId);
        if (msg.sender == c.closer) revert CloserCannotUpdate();
        side(c, msg.sender);
        updateCloserProof(c, channelId, proof, closerSignature);
    }

    /// @notice A watchtower answers a close for the non-closing participant, who signed an
    ///         UpdateDelegation naming the watchtower (the caller) and exactly this balance proof.
    function updateNonClosingBalanceProofDelegated(
        uint256 channelId,
        address nonCloser,
        BalanceProof calldata proof,
        bytes calldata closerSignature,
        bytes calldata delegationSignature
    ) external {
        Channel storage c = closedChannel(channelId);
        if (nonCloser == c.closer) revert CloserCannotUpdate();
        side(c, nonCloser);
        bytes32 digest = typedDigest(
            keccak256(
                abi.encode(
                    UPDATE_DELEGATION_TYPEHASH,
                    channelId,
                    msg.sender,
                    proof.nonce,
                    balanceHash(proof.transferredAmount, proof.lockedAmount, proof.locksroot)
                )
            )
        );
        requireSigner(nonCloser, digest, delegationSignature);
        updateCloserProof(c, channelId, proof, closerSignature);
    }

    /// @notice Pays both participants after the settle timeout: each gets its deposit less its
    ///         withdrawals, plus what the partner transferred, less what it transferred and its
    ///         pending locks, capped by what the channel holds. Pending locks wait for `unlock`.
    function settleChannel(uint256 channelId) external {
        Channel storage c = closedChannel(channelId);
        if (block.timestamp <= c.settleAt) revert SettleWindowOpen(c.settleAt, block.timestamp);
        uint256 available = c.p1.deposit + c.p2.deposit - c.p1.withdrawn - c.p2.withdrawn;
        uint256 net1 = netBalance(c.p1, c.p2, available);
        uint256 net2 = available - net1;
        uint256 locked1 = min(c.p1.lockedAmount, net1);
        uint256 locked2 = min(c.p2.lockedAmount, net2);
        address a1 = c.participant1;
        address a2 = c.participant2;
        if (locked1 != 0) pendingUnlocks[unlockKey(channelId, a1, a2)] = PendingUnlock(locked1, c.p1.locksroot);
        if (locked2 != 0) pendingUnlocks[unlockKey(channelId, a2, a1)] = PendingUnlock(locked2, c.p2.locksroot);
        delete channelOfPair[pairKey(a1, a2)];
        delete c.p1;
        delete c.p2;
        c.state = State.Removed;
        emit ChannelSettled(channelId, a1, net1 - locked1, a2, net2 - locked2);
        pay(a1, net1 - locked1);
        pay(a2, net2 - locked2);
    }

    /// @notice Settles an open channel at once with balances both participants signed; the
    ///         balances must add up to everything the channel holds.
    function cooperativeSettle(
        uint256 channelId,
        Payout calldata first,
        Payout calldata second,
        bytes calldata firstSignature,
        bytes calldata secondSignature
    ) external {
        Channel storage c = opened(channelId);
        if (first.participant == second.participant) revert BadParticipants();
        side(c, first.participant);
        side(c, second.participant);
        bytes32 digest = typedDigest(
            keccak256(
                abi.encode(
                    COOPERATIVE_SETTLE_TYPEHASH,
                    channelId,
                    first.participant,
                    first.balance,
                    second.participant,
                    second.balance
                )
            )
        );
        requireSigner(first.participant, digest, firstSignature);
        requireSigner(second.participant, digest, secondSignature);
        uint256 available = c.p1.deposit + c.p2.deposit - c.p1.withdrawn - c.p2.withdrawn;
        uint256 sum = first.balance + second.balance;
        if (sum != available) revert BalancesDoNotAddUp(sum, available);
        delete channelOfPair[pairKey(c.participant1, c.participant2)];
        delete c.p1;
        delete c.p2;
        c.state = State.Removed;
        emit ChannelSettled(channelId, first.participant, first.balance, second.participant, second.balance);
        pay(first.participant, first.balance);
        pay(second.participant, second.balance);
    }

    /// @notice After settlement, pays out the pending locks `sender` had towards `receiver`:
    ///         `locks` is the list whose keccak256 is the settled locksroot (96 bytes a lock:
    ///         expiration, amount, secrethash). A lock goes to the receiver when its secret was
    ///         registered at or before its expiration, back to the sender otherwise.
    function unlock(uint256 channelId, address receiver, address sender, bytes calldata locks) external {
        bytes32 key = unlockKey(channelId, sender, receiver);
        PendingUnlock memory pending = pendingUnlocks[key];
        if (pending.lockedAmount == 0) revert NothingToUnlock();
        if (locks.length % LOCK_BYTES != 0) revert BadLocksLength(locks.length);
        bytes32 computed = keccak256(locks);
        if (computed != pending.locksroot) revert LocksrootMismatch(pending.locksroot, computed);
        uint256 unlocked = min(claimable(locks), pending.lockedAmount);
        uint256 returned = pending.lockedAmount - unlocked;
        delete pendingUnlocks[key];
        emit ChannelUnlocked(channelId, receiver, sender, computed, unlocked, returned);
        pay(receiver, unlocked);
        pay(sender, returned);
    }

    /// @notice Claims ether a payout could not deliver earlier.
    function claimOwed() external {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TokenTransferFailed();
    }

    // ---- views ---------------------------------------------------------------------------

    /// @notice A channel's participants, state, closer, settle timeout and settle time.
    function getChannel(uint256 channelId)
        external
        view
        returns (
            address participant1,
            address participant2,
            State state,
            address closer,
            uint256 settleTimeout,
            uint256 settleAt
        )
    {
        Channel storage c = channels[channelId];
        return (c.participant1, c.participant2, c.state, c.closer, c.settleTimeout, c.settleAt);
    }

    /// @notice One participant's L1 book in a channel.
    function getParticipant(uint256 channelId, address participant) external view returns (Participant memory) {
        Channel storage c = channels[channelId];
        if (participant == c.participant1) return c.p1;
        if (participant == c.participant2) return c.p2;
        revert NotParticipant(participant);
    }

    /// @notice Locked amount and locksroot `sender` left towards `receiver` at settlement.
    function getPendingUnlock(uint256 channelId, address sender, address receiver)
        external
        view
        returns (PendingUnlock memory)
    {
        return pendingUnlocks[unlockKey(channelId, sender, receiver)];
    }

    /// @notice keccak256(transferredAmount, lockedAmount, locksroot), as in UpdateDelegation.
    function balanceHash(uint256 transferredAmount, uint256 lockedAmount, bytes32 locksroot)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(transferredAmount, lockedAmount, locksroot));
    }

    /// @notice The order-independent key of a pair of participants.
    function pairKey(address a, address b) public pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    // ---- internals -----------------------------------------------------------------------

    function opened(uint256 channelId) private view returns (Channel storage c) {
        c = channels[channelId];
        if (c.state != State.Opened) revert WrongState(channelId, c.state);
    }

    function closedChannel(uint256 channelId) private view returns (Channel storage c) {
        c = channels[channelId];
        if (c.state != State.Closed) revert WrongState(channelId, c.state);
    }

    function side(Channel storage c, address participant) private view returns (Participant storage) {
        if (participant == c.participant1) return c.p1;
        if (participant == c.participant2) return c.p2;
        revert NotParticipant(participant);
    }

    function partnerOf(Channel storage c, address participant) private view returns (address) {
        return participant == c.participant1 ? c.participant2 : c.participant1;
    }

    function updateCloserProof(
        Channel storage c,
        uint256 channelId,
        BalanceProof calldata proof,
        bytes calldata closerSignature
    ) private {
        if (block.timestamp > c.settleAt) revert SettleWindowOver(c.settleAt, block.timestamp);
        Participant storage closer = side(c, c.closer);
        if (proof.nonce <= closer.nonce) revert StaleNonce(closer.nonce, proof.nonce);
        checkBalanceProof(channelId, c.closer, proof, closerSignature);
        store(closer, proof);
        emit NonClosingBalanceProofUpdated(channelId, c.closer, msg.sender, proof.nonce);
    }

    function checkBalanceProof(uint256 channelId, address signer, BalanceProof calldata proof, bytes calldata signature)
        private
        view
    {
        if (proof.channelId != channelId) revert WrongChannelId(channelId, proof.channelId);
        bytes32 digest = typedDigest(
            keccak256(
                abi.encode(
                    BALANCE_PROOF_TYPEHASH,
                    proof.channelId,
                    proof.nonce,
                    proof.transferredAmount,
                    proof.lockedAmount,
                    proof.locksroot
                )
            )
        );
        requireSigner(signer, digest, signature);
    }

    function store(Participant storage p, BalanceProof calldata proof) private {
        p.nonce = proof.nonce;
        p.transferredAmount = proof.transferredAmount;
        p.lockedAmount = proof.lockedAmount;
        p.locksroot = proof.locksroot;
    }

    function typedDigest(bytes32 structHash) private view returns (bytes32) {
        return Signatures.typedDataDigest(domainSeparator, structHash);
    }

    function requireSigner(address expected, bytes32 digest, bytes calldata signature) private pure {
        address recovered = Signatures.recover(digest, signature);
        if (recovered != expected) revert WrongSigner(expected, recovered);
    }

    /// @dev `a`'s share of `available` before its pending locks: deposit - withdrawn + what the
    ///      partner transferred - what `a` transferred, clamped to [0, available]. Saturating sums
    ///      keep an absurd signed amount from making settlement revert forever.
    function netBalance(Participant storage a, Participant storage b, uint256 available)
        private
        view
        returns (uint256)
    {
        uint256 credit = saturatingAdd(a.deposit, b.transferredAmount);
        uint256 debit = saturatingAdd(a.withdrawn, a.transferredAmount);
        if (credit <= debit) return 0;
        return min(credit - debit, available);
    }

    /// @dev The sum of the locks in `locks` whose secret was registered by their expiration;
    ///      reverts on a lock that is neither claimable nor expired.
    function claimable(bytes calldata locks) private view returns (uint256 total) {
        for (uint256 offset = 0; offset < locks.length; offset += LOCK_BYTES) {
            uint256 expiration = uint256(bytes32(locks[offset:offset + 32]));
            uint256 amount = uint256(bytes32(locks[offset + 32:offset + 64]));
            bytes32 secrethash = bytes32(locks[offset + 64:offset + 96]);
            uint256 revealedAt = secretRegistry.revealTimestamp(secrethash);
            if (revealedAt != 0 && revealedAt <= expiration) {
                total = saturatingAdd(total, amount);
            } else if (block.timestamp <= expiration) {
                revert LockNotExpired(secrethash, expiration);
            }
        }
    }

    function unlockKey(uint256 channelId, address sender, address receiver) private pure returns (bytes32) {
        return keccak256(abi.encode(channelId, sender, receiver));
    }

    /// @dev Sends `amount` of the token. Ether a receiver refuses is kept in `owed` so one
    ///      participant cannot block the other's payout.
    function pay(address to, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) {
                owed[to] += amount;
                emit PayoutDeferred(to, amount);
            }
        } else if (!IChannelToken(token).transfer(to, amount)) {
            revert TokenTransferFailed();
        }
    }

    function min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function saturatingAdd(uint256 a, uint256 b) private pure returns (uint256) {
        unchecked {
            uint256 c = a + b;
            return c < a ? type(uint256).max : c;
        }
    }
}
