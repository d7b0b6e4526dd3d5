/**
 * Bank transfers: each transfer is one behaviour over the two accounts it touches, so transfers
 * over disjoint pairs run in parallel and nothing else is shared on the hot path. Run {@link
 * io.boc4j.samples.bank.BankTransfers}.
 */
package io.boc4j.samples.bank;
