package io.boc4j.spring.sample;

/**
 * A request to move {@code amount} from account {@code from} to account {@code to}.
 *
 * @param from the account to debit
 * @param to the account to credit
 * @param amount the amount, positive
 */
public record TransferRequest(int from, int to, long amount) {}
