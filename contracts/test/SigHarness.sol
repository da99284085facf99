// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Signatures} from "../lib/Signatures.sol";

/// @title SigHarness
/// @notice Exposes Signatures to tests, with two EIP-712 types hashed the way a family contract
///         would: a flat Transfer under this contract's own domain, and the EIP-712 specification's
///         nested Mail example under any domain.
contract SigHarness {
    bytes32 private constant TRANSFER_TYPEHASH = keccak256("Transfer(address to,uint256 amount,uint256 nonce)");
    bytes32 private constant PERSON_TYPEHASH = keccak256("Person(string name,address wallet)");
    bytes32 private constant MAIL_TYPEHASH =
        keccak256("Mail(Person from,Person to,string contents)Person(string name,address wallet)");

    /// @notice A Person of the Mail example.
    struct Person {
        string name;
        address wallet;
    }

    /// @notice The Mail example's message.
    struct Mail {
        Person from;
        Person to;
        string contents;
    }

    /// @notice This contract's domain: ("Expressway", "1", block.chainid, address(this)).
    function domainSeparator() public view returns (bytes32) {
        return Signatures.domainSeparator("Expressway", "1", block.chainid, address(this));
    }

    /// @notice The digest of Transfer(to, amount, nonce) under this contract's domain.
    function transferDigest(address to, uint256 amount, uint256 nonce) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(TRANSFER_TYPEHASH, to, amount, nonce));
        return Signatures.typedDataDigest(domainSeparator(), structHash);
    }

    /// @notice The signer of a Transfer; reverts on a malformed or malleable signature.
    function transferSigner(address to, uint256 amount, uint256 nonce, bytes calldata signature)
        external
        view
        returns (address)
    {
        return Signatures.recover(transferDigest(to, amount, nonce), signature);
    }

    /// @notice The digest of the Mail example under (name, version, chainId, verifyingContract).
    function mailDigest(
        string calldata name,
        string calldata version,
        uint256 chainId,
        address verifyingContract,
        Mail calldata mail
    ) external pure returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(MAIL_TYPEHASH, hashPerson(mail.from), hashPerson(mail.to), keccak256(bytes(mail.contents)))
        );
        return Signatures.typedDataDigest(
            Signatures.domainSeparator(name, version, chainId, verifyingContract), structHash
        );
    }

    /// @notice Signatures.recover over a digest.
    function recover(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return Signatures.recover(digest, signature);
    }

    /// @notice Signatures.isValidSignature.
    function isValid(address signer, bytes32 digest, bytes calldata signature) external pure returns (bool) {
        return Signatures.isValidSignature(signer, digest, signature);
    }

    /// @notice Signatures.personalMessageDigest.
    function personalDigest(bytes calldata message) external pure returns (bytes32) {
        return Signatures.personalMessageDigest(message);
    }

    /// @notice Signatures.intendedValidatorDigest with this contract as the validator.
    function validatorDigest(bytes calldata data) external view returns (bytes32) {
        return Signatures.intendedValidatorDigest(address(this), data);
    }

    function hashPerson(Person calldata p) private pure returns (bytes32) {
        return keccak256(abi.encode(PERSON_TYPEHASH, keccak256(bytes(p.name)), p.wallet));
    }
}
