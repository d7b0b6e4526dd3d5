/**
 * The noticeboard's machinery: mutations posted by any thread, committed in one serial order into
 * immutable snapshots, and the per-body frozen views. Not exported from the module; not API.
 */
package io.boc4j.internal.board;
