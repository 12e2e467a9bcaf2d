package dev.sandbench.client.account;

/** A new account with its first API key. */
public record CreatedAccount(Account account, CreatedKey key) {}
