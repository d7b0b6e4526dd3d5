package io.boc4j.spring.sample;

/**
 * A transfer's outcome, as the bank answers it.
 *
 * @param id the transfer's id (0 when refused)
 * @param from the account debited
 * @param to the account credited
 * @param amount the amount
 * @param applied whether it was applied (false: insufficient funds)
 * @param fromBalance the debited account's balance after the transfer
 * @param toBalance the credited account's balance after the transfer
 */
public record Transfer(
    long id, int from, int to, long amount, boolean applied, long fromBalance, long toBalance) {}
