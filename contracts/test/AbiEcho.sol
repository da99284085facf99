// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Echoes and emits every ABI shape, so that the C++ ABI codec and the generated bindings are
/// checked against what solc itself encodes: integers of several widths, addresses, bools, fixed
/// and dynamic bytes, strings, dynamic and fixed arrays, nested structs, indexed and hashed event
/// parameters, an anonymous event, revert strings, panics and a custom error.
contract AbiEcho {
    struct Leaf {
        bool flag;
        bytes data;
    }

    struct Node {
        uint8 tag;
        Leaf[2] leaves;
        address[] owners;
    }

    event Scalars(address indexed from, uint256 indexed amount, int64 delta, bool flag, bytes4 tag);
    event Dynamics(string indexed label, bytes data, uint256[] values, string text);
    event Nested(Node node, uint256[][] grid);
    event Anon(uint256 indexed a, bytes32 b) anonymous;
    event Created(uint256 initial, string label);

    error TooLarge(uint256 value, uint256 limit);

    uint256 public stored;
    string public label;

    constructor(uint256 initial, string memory initialLabel) {
        stored = initial;
        label = initialLabel;
        emit Created(initial, initialLabel);
    }

    function echoScalars(uint8 a, int16 b, address c, bool d, bytes32 e, bytes3 f)
        external
        pure
        returns (uint8, int16, address, bool, bytes32, bytes3)
    {
        return (a, b, c, d, e, f);
    }

    function echoDynamic(bytes calldata b, string calldata s, uint256[] calldata v, string[] calldata ss)
        external
        pure
        returns (bytes memory, string memory, uint256[] memory, string[] memory)
    {
        return (b, s, v, ss);
    }

    function echoNested(Node calldata node, uint256[][] calldata grid)
        external
        pure
        returns (Node memory, uint256[][] memory)
    {
        return (node, grid);
    }

    function echoFixed(uint256[3] calldata a, bytes2[2][] calldata b)
        external
        pure
        returns (uint256[3] memory, bytes2[2][] memory)
    {
        return (a, b);
    }

    function state() external view returns (uint256 value, string memory name) {
        return (stored, label);
    }

    function ping() external pure returns (uint256) {
        return 1;
    }

    function ping(uint256 x) external pure returns (uint256) {
        return x + 1;
    }

    function store(uint256 value) external {
        if (value > 1000) revert TooLarge(value, 1000);
        stored = value;
    }

    function emitAll(
        address from,
        uint256 amount,
        int64 delta,
        string calldata tag,
        Node calldata node,
        uint256[][] calldata grid
    ) external {
        emit Scalars(from, amount, delta, amount % 2 == 1, bytes4(keccak256(bytes(tag))));
        emit Dynamics(tag, bytes(tag), grid.length > 0 ? grid[0] : new uint256[](0), tag);
        emit Nested(node, grid);
        emit Anon(amount, keccak256(bytes(tag)));
    }

    /// Reverts in the way `how` names: 0 a reason string, 1 a bare revert, 2 a custom error,
    /// 3 an arithmetic panic, 4 an out-of-bounds panic.
    function fail(uint8 how, uint256 value) external pure returns (uint256) {
        if (how == 0) revert("AbiEcho: refused");
        if (how == 1) revert();
        if (how == 2) revert TooLarge(value, 1000);
        if (how == 3) return value + type(uint256).max;
        uint256[] memory empty = new uint256[](0);
        return empty[value];
    }
}
