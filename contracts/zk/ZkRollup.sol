// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IZkTransferVerifier {
    function DEPTH() external view returns (uint256);
    function verify(bytes calldata proof, bytes calldata publicInputs) external view returns (bool);
}

interface IZkAccountTree {
    function DEPTH() external view returns (uint256);
    function accountRoot(bytes32 key, uint256 balance, uint256 nonce, uint256 index, bytes calldata siblings)
        external
        view
        returns (bytes32);
}

/// @title The ZK rollup on L1 (issue 6, docs/zk.md): a priority queue of key registrations and
/// ETH deposits with deadlines, batches of 12-byte transfer records proven by the `zk-transfer`
/// STARK (ZkTransferStarkVerifier), withdrawals paid in the transaction that verifies them, and an
/// exodus mode in which every account exits with a Merkle proof of its leaf in the last verified root.
/// @notice Balances are in units of 1 gwei. Account 0 is the reserve: the genesis tree gives it
/// 2^60 - 1 units and nobody owns it; a deposit is a transfer from the reserve (the contract
/// requires each one to be the next deposit of the queue, in order), a withdrawal a transfer to
/// it (paid to the sender's L1 address). Account 1 is the operator's, credited the fees.
contract ZkRollup {
    uint256 public constant UNIT = 1 gwei;
    uint256 public constant RESERVE_INDEX = 0;
    uint256 public constant OPERATOR_INDEX = 1;
    uint256 public constant RESERVE_UNITS = (1 << 60) - 1;
    uint256 public constant RECORD_BYTES = 12;
    uint256 public constant MAX_TRANSFERS = 1023;
    uint8 public constant KIND_REGISTER = 1;
    uint8 public constant KIND_DEPOSIT = 2;

    IZkTransferVerifier public immutable verifier;
    IZkAccountTree public immutable tree;
    address public immutable operator;
    uint256 public immutable depth;
    /// Seconds a queued request may wait for a batch to consume it.
    uint256 public immutable requestDeadline;
    /// Seconds without a verified batch after which anyone may freeze the rollup.
    uint256 public immutable exodusTimeout;

    /// The account tree's root after the last verified batch.
    bytes32 public stateRoot;
    uint256 public batchCount;
    uint256 public lastBatchTime;
    bool public frozen;

    /// Accounts: the next index to assign, each index's L1 owner and registered L2 key commitment.
    uint256 public nextIndex;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => bytes32) public keyOf;
    /// index + 1 of an L1 address (0: none).
    mapping(address => uint256) public indexPlusOne;

    /// The priority queue, in order; `queueHead` is the first request no verified batch consumed.
    struct Request {
        uint8 kind;
        uint32 index;
        uint64 amount;
        uint64 deadline;
    }

    Request[] public queue;
    uint256 public queueHead;
    /// Units deposited and not withdrawn (queued deposits included); at most RESERVE_UNITS.
    uint256 public outstandingUnits;

    /// Payouts whose transfer failed, claimable by their owner (wei).
    mapping(address => uint256) public pendingWei;
    mapping(uint256 => bool) public exited;
    mapping(uint256 => bool) public refunded;

    event KeyRegistered(uint256 indexed index, address indexed owner, bytes32 key, uint256 position);
    event Deposited(uint256 indexed index, uint256 units, uint256 position, uint256 deadline);
    event BatchVerified(uint256 indexed batch, bytes32 root, uint256 transfers, uint256 queueHead);
    event WithdrawalPaid(uint256 indexed index, address indexed to, uint256 amountWei, bool pushed);
    event Frozen(uint256 time, bytes32 root);
    event Exited(uint256 indexed index, address indexed to, uint256 amountWei);

    constructor(
        IZkTransferVerifier verifier_,
        IZkAccountTree tree_,
        bytes32 genesisRoot,
        uint256 requestDeadline_,
        uint256 exodusTimeout_
    ) {
        require(verifier_.DEPTH() == tree_.DEPTH(), "deploy: verifier and tree depths differ");
        verifier = verifier_;
        tree = tree_;
        depth = verifier_.DEPTH();
        operator = msg.sender;
        requestDeadline = requestDeadline_;
        exodusTimeout = exodusTimeout_;
        stateRoot = genesisRoot;
        lastBatchTime = block.timestamp;
        ownerOf[OPERATOR_INDEX] = msg.sender;
        indexPlusOne[msg.sender] = OPERATOR_INDEX + 1;
        nextIndex = 2;
    }

    // ---- the priority queue --------------------------------------------------------------------

    /// Registers the caller's L2 key commitment under a fresh account index (queued: the next
    /// batch must consume it before its deadline).
    function registerKey(bytes32 key) external returns (uint256 index) {
        require(!frozen, "registerKey: the rollup is frozen");
        require(indexPlusOne[msg.sender] == 0, "registerKey: this address has an account");
        index = nextIndex;
        require(index >> depth == 0, "registerKey: the account tree is full");
        nextIndex = index + 1;
        ownerOf[index] = msg.sender;
        keyOf[index] = key;
        indexPlusOne[msg.sender] = index + 1;
        uint64 deadline = uint64(block.timestamp + requestDeadline);
        queue.push(Request(KIND_REGISTER, uint32(index), 0, deadline));
        emit KeyRegistered(index, msg.sender, key, queue.length - 1);
    }

    /// Deposits msg.value into the caller's account: a whole number of gwei whose unit count
    /// the public data can carry (m·10^e with a 27-bit m).
    function deposit() external payable returns (uint256 position) {
        require(!frozen, "deposit: the rollup is frozen");
        uint256 plus = indexPlusOne[msg.sender];
        require(plus > 1, "deposit: register a key first");
        require(msg.value > 0 && msg.value % UNIT == 0, "deposit: value is not a positive whole number of gwei");
        uint256 units = msg.value / UNIT;
        require(packable(units, 27), "deposit: amount not representable in the public data");
        require(outstandingUnits + units <= RESERVE_UNITS, "deposit: the reserve is exhausted");
        outstandingUnits += units;
        uint64 deadline = uint64(block.timestamp + requestDeadline);
        queue.push(Request(KIND_DEPOSIT, uint32(plus - 1), uint64(units), deadline));
        position = queue.length - 1;
        emit Deposited(plus - 1, units, position, deadline);
    }

    function queueLength() external view returns (uint256) {
        return queue.length;
    }

    // ---- batches -------------------------------------------------------------------------------

    /// Verifies a batch and applies it: `publicData` the 12-byte records, `roots` R_1..R_2n+2 (32
    /// bytes each; R_0 is the stored root, R_2n+2 the new one), `proof` the STARK proof, and the
    /// queue consumed up to `newQueueHead`. Then pays the batch's withdrawals.
    function submitBatch(bytes calldata publicData, bytes calldata roots, bytes calldata proof, uint256 newQueueHead)
        external
    {
        require(msg.sender == operator, "submitBatch: only the operator");
        require(!frozen, "submitBatch: the rollup is frozen");
        require(!exodusDue(), "submitBatch: exodus is due");
        uint256 n = publicData.length / RECORD_BYTES;
        require(publicData.length % RECORD_BYTES == 0 && n >= 1 && n <= MAX_TRANSFERS, "submitBatch: public data length is not 1..1023 records");
        require(roots.length == 32 * (2 * n + 2), "submitBatch: roots length is not 32 bytes for each of 2n+2 roots");
        require(newQueueHead >= queueHead && newQueueHead <= queue.length, "submitBatch: queue head out of range");
        uint256[4][] memory recs = _decode(publicData, n);
        _checkQueue(recs, newQueueHead);
        bytes memory pi = _publicInputs(recs, roots);
        require(verifier.verify(proof, pi), "submitBatch: proof rejected");
        stateRoot = bytes32(roots[roots.length - 32:]);
        batchCount += 1;
        lastBatchTime = block.timestamp;
        queueHead = newQueueHead;
        emit BatchVerified(batchCount, stateRoot, n, newQueueHead);
        for (uint256 i = 0; i < n; ++i) {
            if (recs[i][1] == RESERVE_INDEX && recs[i][0] != RESERVE_INDEX) _payWithdrawal(recs[i][0], recs[i][2]);
        }
    }

    /// The records (from, to, amount, fee), decoded strictly as public_data.cpp does; every index
    /// must be an assigned account.
    function _decode(bytes calldata data, uint256 n) private view returns (uint256[4][] memory recs) {
        recs = new uint256[4][](n);
        uint256 accounts = nextIndex;
        for (uint256 i = 0; i < n; ++i) {
            uint256 w = uint256(uint96(bytes12(data[12 * i:12 * i + 12])));
            uint256 from = w >> 72;
            uint256 to = (w >> 48) & 0xFFFFFF;
            require(from < accounts && to < accounts, "publicData: an index is not an assigned account");
            recs[i][0] = from;
            recs[i][1] = to;
            recs[i][2] = _unpack((w >> 16) & 0xFFFFFFFF, 27);
            recs[i][3] = _unpack(w & 0xFFFF, 11);
        }
    }

    /// Every transfer from the reserve is the next deposit of the consumed queue prefix, in order,
    /// with fee 0; the prefix holds no other deposit.
    function _checkQueue(uint256[4][] memory recs, uint256 newHead) private view {
        uint256 q = queueHead;
        for (uint256 i = 0; i < recs.length; ++i) {
            if (recs[i][0] != RESERVE_INDEX) continue;
            while (q < newHead && queue[q].kind != KIND_DEPOSIT) ++q;
            require(q < newHead, "submitBatch: a reserve transfer matches no queued deposit");
            Request memory r = queue[q];
            require(recs[i][1] == r.index && recs[i][2] == r.amount && recs[i][3] == 0, "submitBatch: a deposit differs from the queue");
            ++q;
        }
        for (; q < newHead; ++q) require(queue[q].kind != KIND_DEPOSIT, "submitBatch: a consumed deposit is missing from the batch");
    }

    /// TransferAir::public_inputs() of the batch: depth, n, operator, the records, R_0..R_2n+2.
    function _publicInputs(uint256[4][] memory recs, bytes calldata roots) private view returns (bytes memory pi) {
        uint256 n = recs.length;
        pi = new bytes(24 + 32 * n + 32 * (2 * n + 3));
        bytes32 root = stateRoot;
        uint256 d = depth;
        assembly {
            let p := add(pi, 32)
            mstore(p, or(shl(192, d), or(shl(128, n), shl(64, 1))))
            p := add(p, 24)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let r := mload(add(add(recs, 32), shl(5, i)))
                mstore(p, or(or(shl(192, mload(r)), shl(128, mload(add(r, 32)))), or(shl(64, mload(add(r, 64))), mload(add(r, 96)))))
                p := add(p, 32)
            }
            mstore(p, root)
            calldatacopy(add(p, 32), roots.offset, roots.length)
        }
    }

    function _payWithdrawal(uint256 index, uint256 units) private {
        outstandingUnits -= units;
        address to = ownerOf[index];
        uint256 amount = units * UNIT;
        (bool ok,) = to.call{value: amount, gas: 30000}("");
        if (!ok) pendingWei[to] += amount;
        emit WithdrawalPaid(index, to, amount, ok);
    }

    /// Pays the caller what a failed push left pending.
    function claimPending() external {
        uint256 amount = pendingWei[msg.sender];
        require(amount > 0, "claimPending: nothing pending");
        pendingWei[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        require(ok, "claimPending: transfer failed");
    }

    // ---- exodus --------------------------------------------------------------------------------

    /// True when no batch was verified for exodusTimeout, or the oldest unconsumed request is
    /// past its deadline.
    function exodusDue() public view returns (bool) {
        if (block.timestamp > lastBatchTime + exodusTimeout) return true;
        return queueHead < queue.length && block.timestamp > queue[queueHead].deadline;
    }

    /// Freezes the rollup once exodus is due: no more batches, deposits or registrations.
    function freeze() external {
        require(!frozen, "freeze: already frozen");
        require(exodusDue(), "freeze: exodus is not due");
        frozen = true;
        emit Frozen(block.timestamp, stateRoot);
    }

    /// In exodus: pays account `index` its balance in the last verified root, proven by its leaf
    /// (key, balance, nonce) and `siblings` (depth × 32 bytes), once.
    function exit(uint256 index, bytes32 key, uint256 balance, uint256 nonce, bytes calldata siblings) external {
        require(frozen, "exit: the rollup is not frozen");
        require(index != RESERVE_INDEX && index < nextIndex, "exit: not an account that can exit");
        require(!exited[index], "exit: already exited");
        require(tree.accountRoot(key, balance, nonce, index, siblings) == stateRoot, "exit: leaf not in the last verified root");
        exited[index] = true;
        outstandingUnits -= balance;
        address to = ownerOf[index];
        uint256 amount = balance * UNIT;
        emit Exited(index, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) pendingWei[to] += amount;
    }

    /// In exodus: refunds a deposit no verified batch consumed.
    function refundDeposit(uint256 position) external {
        require(frozen, "refundDeposit: the rollup is not frozen");
        require(position >= queueHead && position < queue.length, "refundDeposit: not an unconsumed request");
        Request memory r = queue[position];
        require(r.kind == KIND_DEPOSIT, "refundDeposit: not a deposit");
        require(!refunded[position], "refundDeposit: already refunded");
        refunded[position] = true;
        outstandingUnits -= r.amount;
        address to = ownerOf[r.index];
        uint256 amount = uint256(r.amount) * UNIT;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) pendingWei[to] += amount;
    }

    // ---- the public data's decimal floats (public_data.hpp) -------------------------------------

    /// True when `value` is m·10^e with m below 2^bits and below 2^60.
    function packable(uint256 value, uint256 bits) public pure returns (bool) {
        if (value >> 60 != 0) return false;
        while (value >> bits != 0) {
            if (value % 10 != 0) return false;
            value /= 10;
        }
        return true;
    }

    /// The value of a canonical packing (exponent in the top 5 bits); reverts on any other.
    function _unpack(uint256 packed, uint256 bits) private pure returns (uint256) {
        uint256 limit = 1 << bits;
        uint256 m = packed & (limit - 1);
        uint256 e = packed >> bits;
        if (e == 0) return m;
        require(m != 0 && m * 10 >= limit, "publicData: a packing is not canonical");
        require(e <= 18, "publicData: a value is 2^60 or more");
        uint256 v = m * 10 ** e;
        require(v >> 60 == 0, "publicData: a value is 2^60 or more");
        return v;
    }
}
