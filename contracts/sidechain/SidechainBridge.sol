// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Signatures} from "../lib/Signatures.sol";
import {SignerSet} from "./SignerSet.sol";

/// @notice The part of ERC-20 the bridge uses.
interface IBridgeToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @title SidechainBridge
/// @notice The L1 side of the sidechain's two-way peg. Deposits lock ether or an ERC-20 token and
///         emit an ordered Deposit event (ids 1, 2, 3, ...) that the validators mint once on the
///         sidechain. A release pays out on L1 against EIP-712 signatures of at least `threshold`
///         federation members over (recipient, token, amount, burnId, sidechainId) in the domain of
///         this contract on this chain; each burn id is paid once. The federation and threshold are
///         set at deploy and change only with the signatures of `threshold` current members.
///         The trust assumption: any `threshold` members can release anything the bridge holds.
contract SidechainBridge {
    using SignerSet for SignerSet.Set;

    /// @notice The deposit or release amount is zero.
    error ZeroAmount();
    /// @notice The recipient is the zero address.
    error ZeroRecipient();
    /// @notice Threshold must be between 1 and the federation size.
    error BadThreshold(uint256 threshold, uint256 size);
    /// @notice Fewer member signatures than the threshold.
    error TooFewSignatures(uint256 signed, uint256 threshold);
    /// @notice This burn id was released before.
    error AlreadyReleased(bytes32 burnId);
    /// @notice The bridge holds less of the token than the release asks for.
    error InsufficientLocked(address token, uint256 amount, uint256 locked);
    /// @notice An ERC-20 transfer or transferFrom failed or returned false.
    error TokenTransferFailed();
    /// @notice Sending ether to the recipient failed.
    error EtherTransferFailed();

    /// @notice One deposit: id `depositId` (1, 2, ...) of `amount` of `token` (zero: ether) from
    ///         `sender`, to be minted to `recipient` on the sidechain.
    event Deposit(
        uint256 indexed depositId, address indexed sender, address indexed recipient, address token, uint256 amount
    );
    /// @notice The release of sidechain burn `burnId`.
    event Released(bytes32 indexed burnId, address indexed recipient, address indexed token, uint256 amount);
    /// @notice The federation changed (nonce is the number of changes so far, 0 at deploy).
    event FederationChanged(uint256 indexed nonce, address[] members, uint256 threshold);

    /// @notice The EIP-712 type of a release.
    bytes32 public constant RELEASE_TYPEHASH =
        keccak256("Release(address recipient,address token,uint256 amount,bytes32 burnId,uint256 sidechainId)");
    /// @notice The EIP-712 type of a federation change.
    bytes32 public constant FEDERATION_CHANGE_TYPEHASH =
        keccak256("FederationChange(bytes32 membersHash,uint256 threshold,uint256 nonce,uint256 sidechainId)");

    /// @notice The sidechain's chain id, part of every signed message.
    uint256 public immutable sidechainId;
    /// @notice Member signatures a release or a federation change needs.
    uint256 public threshold;
    /// @notice The number of deposits so far (the id of the latest one).
    uint256 public depositCount;
    /// @notice Whether a burn id was released.
    mapping(bytes32 => bool) public released;
    /// @notice What the bridge holds per token (zero address: ether).
    mapping(address => uint256) public locked;

    SignerSet.Set private federation_;

    /// @notice A bridge for sidechain `sidechainId_` with federation `members` (ascending) and
    ///         `threshold_` of them needed.
    constructor(uint256 sidechainId_, address[] memory members, uint256 threshold_) {
        sidechainId = sidechainId_;
        setFederation(members, threshold_);
    }

    /// @notice Locks the ether sent, to be minted to `recipient` on the sidechain; returns its id.
    function deposit(address recipient) external payable returns (uint256) {
        return record(recipient, address(0), msg.value);
    }

    /// @notice Locks `amount` of `token` (approved beforehand), to be minted to `recipient`.
    function depositToken(address token, address recipient, uint256 amount) external returns (uint256) {
        if (token == address(0)) revert TokenTransferFailed();
        uint256 id = record(recipient, token, amount);
        if (!IBridgeToken(token).transferFrom(msg.sender, address(this), amount)) revert TokenTransferFailed();
        return id;
    }

    /// @notice Pays `amount` of `token` to `recipient` for sidechain burn `burnId`, against
    ///         signatures by at least `threshold` members, signers in ascending address order.
    function release(address recipient, address token, uint256 amount, bytes32 burnId, bytes[] calldata signatures)
        external
    {
        if (recipient == address(0)) revert ZeroRecipient();
        if (amount == 0) revert ZeroAmount();
        if (released[burnId]) revert AlreadyReleased(burnId);
        uint256 signed = federation_.countSigners(releaseDigest(recipient, token, amount, burnId), signatures);
        if (signed < threshold) revert TooFewSignatures(signed, threshold);
        uint256 held = locked[token];
        if (amount > held) revert InsufficientLocked(token, amount, held);
        released[burnId] = true;
        locked[token] = held - amount;
        emit Released(burnId, recipient, token, amount);
        if (token == address(0)) {
            (bool ok,) = recipient.call{value: amount}("");
            if (!ok) revert EtherTransferFailed();
        } else if (!IBridgeToken(token).transfer(recipient, amount)) {
            revert TokenTransferFailed();
        }
    }

    /// @notice Replaces the federation with `members` (ascending) and `newThreshold`, against
    ///         signatures by at least `threshold` current members over federationChangeDigest.
    function changeFederation(address[] calldata members, uint256 newThreshold, bytes[] calldata signatures)
        external
    {
        uint256 signed = federation_.countSigners(federationChangeDigest(members, newThreshold), signatures);
        if (signed < threshold) revert TooFewSignatures(signed, threshold);
        ++federation_.nonce;
        setFederation(members, newThreshold);
    }

    /// @notice The federation members, ascending.
    function members() external view returns (address[] memory) {
        return federation_.members;
    }

    /// @notice Whether `account` is a federation member.
    function isMember(address account) external view returns (bool) {
        return federation_.isMember[account];
    }

    /// @notice How many times the federation changed.
    function federationNonce() external view returns (uint256) {
        return federation_.nonce;
    }

    /// @notice The EIP-712 domain ("Expressway Sidechain Bridge", "1", this chain, this contract).
    function domainSeparator() public view returns (bytes32) {
        return Signatures.domainSeparator("Expressway Sidechain Bridge", "1", block.chainid, address(this));
    }

    /// @notice The digest the members sign to release burn `burnId`.
    function releaseDigest(address recipient, address token, uint256 amount, bytes32 burnId)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(RELEASE_TYPEHASH, recipient, token, amount, burnId, sidechainId));
        return Signatures.typedDataDigest(domainSeparator(), structHash);
    }

    /// @notice The digest the members sign to change the federation (at the current nonce).
    function federationChangeDigest(address[] memory members_, uint256 newThreshold) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                FEDERATION_CHANGE_TYPEHASH,
                SignerSet.hashMembers(members_),
                newThreshold,
                federation_.nonce,
                sidechainId
            )
        );
        return Signatures.typedDataDigest(domainSeparator(), structHash);
    }

    function record(address recipient, address token, uint256 amount) private returns (uint256 id) {
        if (recipient == address(0)) revert ZeroRecipient();
        if (amount == 0) revert ZeroAmount();
        id = ++depositCount;
        locked[token] += amount;
        emit Deposit(id, msg.sender, recipient, token, amount);
    }

    function setFederation(address[] memory members_, uint256 threshold_) private {
        if (threshold_ == 0 || threshold_ > members_.length) revert BadThreshold(threshold_, members_.length);
        federation_.replace(members_);
        threshold = threshold_;
        emit FederationChanged(federation_.nonce, members_, threshold_);
    }
}
