// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PlasmaRlp} from "./PlasmaRlp.sol";

/// @title PlasmaTx
/// @notice The child chain's UTXO transaction as src/plasma/transaction.hpp writes it:
///         signed = rlp([tx, [sig0, sig1]]), tx = [[in0, in1], [out0, out1], token],
///         in = [blknum, txindex, oindex] ([0, 0, 0] for no input), out = [owner, amount]
///         ([zero address, 0] for no output), sig = 65 bytes r || s || v or empty for no input.
///         A position (utxoPos) is blknum * 1e9 + txindex * 1e4 + oindex.
library PlasmaTx {
    using PlasmaRlp for PlasmaRlp.Item;

    /// @notice A field is out of range (an output index above 1, a tx index of 1e5 or more).
    error BadPosition();

    uint256 internal constant BLOCK_OFFSET = 1_000_000_000;
    uint256 internal constant TX_OFFSET = 10_000;
    uint256 internal constant MAX_TXINDEX = 100_000;

    /// @notice A decoded signed transaction.
    struct Tx {
        uint256[2] inputs;   ///< positions spent; 0 for no input
        address[2] owners;   ///< output owners
        uint256[2] amounts;  ///< output amounts
        address token;       ///< the zero address for ether
        bytes[2] sigs;       ///< signatures per input (empty for no input)
        bytes32 txHash;      ///< keccak256 of the unsigned tx encoding: what the owners sign
    }

    /// @notice Decodes a signed transaction strictly; reverts on anything malformed.
    function decode(bytes memory signedTx) internal pure returns (Tx memory t) {
        PlasmaRlp.Item[] memory top = PlasmaRlp.toItem(signedTx).toList(2);
        PlasmaRlp.Item[] memory body = top[0].toList(3);
        PlasmaRlp.Item[] memory ins = body[0].toList(2);
        PlasmaRlp.Item[] memory outs = body[1].toList(2);
        PlasmaRlp.Item[] memory sigs = top[1].toList(2);
        for (uint256 i = 0; i < 2; ++i) {
            PlasmaRlp.Item[] memory input = ins[i].toList(3);
            t.inputs[i] = position(input[0].toUint(), input[1].toUint(), input[2].toUint());
            PlasmaRlp.Item[] memory output = outs[i].toList(2);
            t.owners[i] = output[0].toAddress();
            t.amounts[i] = output[1].toUint();
            t.sigs[i] = sigs[i].toBytes();
        }
        t.token = body[2].toAddress();
        t.txHash = top[0].hashOf();
    }

    /// @notice blknum * 1e9 + txindex * 1e4 + oindex; reverts when a field is out of range.
    function position(uint256 blknum, uint256 txindex, uint256 oindex) internal pure returns (uint256) {
        if (oindex > 1 || txindex >= MAX_TXINDEX || blknum >= (1 << 64)) revert BadPosition();
        return blknum * BLOCK_OFFSET + txindex * TX_OFFSET + oindex;
    }

    /// @notice The signed encoding of a deposit: no inputs, output 0 to `owner`, no signatures.
    function depositTx(address owner, address token, uint256 amount) internal pure returns (bytes memory) {
        bytes memory noInput = PlasmaRlp.encodeList(hex"808080");
        bytes memory inputs = PlasmaRlp.encodeList(abi.encodePacked(noInput, noInput));
        bytes memory out0 = PlasmaRlp.encodeList(abi.encodePacked(PlasmaRlp.encodeAddress(owner), PlasmaRlp.encodeUint(amount)));
        bytes memory out1 = PlasmaRlp.encodeList(abi.encodePacked(PlasmaRlp.encodeAddress(address(0)), hex"80"));
        bytes memory outputs = PlasmaRlp.encodeList(abi.encodePacked(out0, out1));
        bytes memory body = PlasmaRlp.encodeList(abi.encodePacked(inputs, outputs, PlasmaRlp.encodeAddress(token)));
        return PlasmaRlp.encodeList(abi.encodePacked(body, PlasmaRlp.encodeList(hex"8080")));
    }
}
