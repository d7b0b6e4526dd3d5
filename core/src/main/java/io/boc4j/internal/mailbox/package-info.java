/**
 * The mailbox's machinery: per-tag lock-free queues and the parked receivers' wake-up hand-off. Not
 * exported from the module; not API.
 */
package io.boc4j.internal.mailbox;
