// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Signatures
/// @notice EIP-191 and EIP-712 digests and a strict `ecrecover`, matching src/crypto/eip191.hpp,
///         eip712.hpp and secp256k1.hpp: signatures are r || s || v with v = 27 or 28 and s in the
///         lower half of the curve order (no malleable twin), and a failed recovery never yields a
///         signer.
library Signatures {
    /// @notice A packed signature that is not 65 bytes long.
    error BadSignatureLength();
    /// @notice v is not 27 or 28.
    error BadRecoveryId();
    /// @notice s is in the upper half of the curve order.
    error HighS();
    /// @notice ecrecover found no signer.
    error InvalidSignature();

    /// @notice secp256k1's order n divided by 2: the largest s a signature may have.
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)").
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// @notice The EIP-712 domain separator of (name, version, chainId, verifyingContract).
    function domainSeparator(string memory name, string memory version, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract)
        );
    }

    /// @notice keccak256(0x19 || 0x01 || domainSeparator || structHash): the EIP-712 digest to sign.
    function typedDataDigest(bytes32 separator, bytes32 structHash) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), separator)
            mstore(add(ptr, 0x22), structHash)
            digest := keccak256(ptr, 0x42)
        }
    }

    /// @notice keccak256("\x19Ethereum Signed Message:\n" || decimal(len) || message): personal_sign.
    function personalMessageDigest(bytes memory message) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n", decimal(message.length), message));
    }

    /// @notice keccak256(0x19 || 0x00 || validator || data): EIP-191 version 0 (intended validator).
    function intendedValidatorDigest(address validator, bytes memory data) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes2(0x1900), validator, data));
    }

    /// @notice The signer of `digest`; reverts on a high s, a bad v or a failed recovery.
    function recover(bytes32 digest, uint8 v, bytes32 r, bytes32 s) internal pure returns (address) {
        if (uint256(s) > HALF_ORDER) revert HighS();
        if (v != 27 && v != 28) revert BadRecoveryId();
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
        return signer;
    }

    /// @notice The signer of `digest` from a packed 65-byte r || s || v signature.
    function recover(bytes32 digest, bytes memory signature) internal pure returns (address) {
        (bytes32 r, bytes32 s, uint8 v) = split(signature);
        return recover(digest, v, r, s);
    }

    /// @notice True when `signature` over `digest` is valid and by `signer`; never reverts.
    function isValidSignature(address signer, bytes32 digest, bytes memory signature) internal pure returns (bool) {
        if (signature.length != 65 || signer == address(0)) return false;
        (bytes32 r, bytes32 s, uint8 v) = split(signature);
        if (uint256(s) > HALF_ORDER || (v != 27 && v != 28)) return false;
        return ecrecover(digest, v, r, s) == signer;
    }

    /// @notice r, s and v of a packed 65-byte signature.
    function split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        if (signature.length != 65) revert BadSignatureLength();
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }

    function decimal(uint256 value) private pure returns (bytes memory out) {
        uint256 digits = 1;
        for (uint256 v = value; v >= 10; v /= 10) ++digits;
        out = new bytes(digits);
        for (uint256 i = digits; i > 0; --i) {
            out[i - 1] = bytes1(uint8(48 + (value % 10)));
            value /= 10;
        }
    }
}
