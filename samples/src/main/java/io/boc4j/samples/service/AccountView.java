package io.boc4j.samples.service;

/**
 * An account as the API shows it.
 *
 * @param id the account's id
 * @param balance its balance when it was read
 */
record AccountView(long id, long balance) {}
