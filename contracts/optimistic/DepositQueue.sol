// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The ERC-20 calls the bridge makes.
interface IERC20Bridge {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @title DepositQueue
/// @notice The rollup's L1 deposit queue: ETH and ERC-20 deposits in one ordered, indexed list, and
///         the registry of ERC-20 token ids (id 0 is ETH; an ERC-20 gets the next id on its first
///         deposit). Batches consume deposits in queue order; each consumed deposit is one step.
abstract contract DepositQueue {
    /// @notice A deposit of nothing.
    error ZeroDeposit();
    /// @notice A deposit to the zero L2 address.
    error ZeroRecipient();
    /// @notice The token registry is full (ids must fit the ledger's balance tree).
    error TooManyTokens();
    /// @notice An ERC-20 transfer returned false.
    error TokenTransferFailed();

    /// @notice A deposit joined the queue at `index`.
    event DepositQueued(uint256 indexed index, address indexed from, address l2Address, uint256 token, uint256 amount);
    /// @notice An ERC-20 got token id `id`.
    event TokenRegistered(address indexed token, uint256 id);

    /// @notice keccak256(abi.encode(l2Address, token, amount)) of each deposit, in queue order.
    bytes32[] public depositHashes;
    /// @notice The token id of an ERC-20 (0 when unregistered).
    mapping(address => uint32) public tokenIds;
    /// @notice The L1 token of each id (index 0 unused: ETH).
    address[] internal tokenList;

    uint256 internal immutable maxTokenId;

    constructor(uint256 tokenDepth) {
        maxTokenId = (1 << tokenDepth) - 1;
        tokenList.push(address(0));
    }

    /// @notice The hash a deposit is queued under.
    function depositHash(address l2Address, uint256 token, uint256 amount) public pure returns (bytes32) {
        return keccak256(abi.encode(l2Address, token, amount));
    }

    /// @notice How many deposits were ever queued.
    function depositCount() external view returns (uint256) {
        return depositHashes.length;
    }

    /// @notice The id the next registered ERC-20 gets.
    function nextTokenId() public view returns (uint256) {
        return tokenList.length;
    }

    /// @notice The L1 token of id `id` (zero for ETH or an unknown id).
    function tokenAt(uint32 id) external view returns (address) {
        return id < tokenList.length ? tokenList[id] : address(0);
    }

    /// @notice Deposits msg.value wei to `l2Address` on the L2.
    function depositEth(address l2Address) external payable returns (uint256 index) {
        if (msg.value == 0) revert ZeroDeposit();
        return enqueue(l2Address, 0, msg.value);
    }

    /// @notice Deposits `amount` of ERC-20 `token` (approved beforehand) to `l2Address`.
    function depositToken(address token, address l2Address, uint256 amount) external returns (uint256 index) {
        if (amount == 0) revert ZeroDeposit();
        uint32 id = tokenIds[token];
        if (id == 0) {
            if (tokenList.length > maxTokenId) revert TooManyTokens();
            id = uint32(tokenList.length);
            tokenIds[token] = id;
            tokenList.push(token);
            emit TokenRegistered(token, id);
        }
        if (!IERC20Bridge(token).transferFrom(msg.sender, address(this), amount)) revert TokenTransferFailed();
        return enqueue(l2Address, id, amount);
    }

    function enqueue(address l2Address, uint256 token, uint256 amount) private returns (uint256 index) {
        if (l2Address == address(0)) revert ZeroRecipient();
        index = depositHashes.length;
        depositHashes.push(depositHash(l2Address, token, amount));
        emit DepositQueued(index, msg.sender, l2Address, token, amount);
    }

    /// Pays `amount` of token id `token` on L1.
    function payOut(address to, uint256 token, uint256 amount) internal {
        if (token == 0) {
            (bool ok,) = to.call{value: amount}("");
            require(ok, "ETH payout failed");
        } else if (!IERC20Bridge(tokenList[token]).transfer(to, amount)) {
            revert TokenTransferFailed();
        }
    }
}
