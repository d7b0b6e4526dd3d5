package io.boc4j.samples.service;

/**
 * What a transfer behaviour did, read while it held both accounts.
 *
 * @param from the paying account
 * @param to the receiving account
 * @param amount the amount asked for
 * @param applied true if the amount moved; false if the paying account could not cover it (then
 *     nothing moved)
 * @param fromBalance the paying account's balance afterwards
 * @param toBalance the receiving account's balance afterwards
 */
record TransferOutcome(
    long from, long to, long amount, boolean applied, long fromBalance, long toBalance) {}
