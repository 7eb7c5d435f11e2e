package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A refresh not yet sent, then the handle of its result at the owner. Holds no reference to its
 * matrix, so that a value nobody uses is collected and its refresh skipped or released.
 */
final class PendingRefresh {
  final String site;
  final Layout inLayout;
  final int bits;
  final long bound;
  final KeyHolder owner;
  final Map<Layout, List<Ciphertext>> stash = new HashMap<>();
  final Set<Layout> produced = new HashSet<>();
  private List<Ciphertext> input;
  private long handle;
  private boolean dropped;

  /** {@code bound}: the clamp of a saturating rescale, 0 for none. */
  PendingRefresh(String site, Layout inLayout, List<Ciphertext> input, int bits, long bound, KeyHolder owner) {
    this.site = site;
    this.inLayout = inLayout;
    this.input = input;
    this.bits = bits;
    this.bound = bound;
    this.owner = owner;
  }

  synchronized long handle() {
    return handle;
  }

  /** Whether the refresh is still to be sent. */
  synchronized boolean waiting() {
    return input != null;
  }

  /** The ciphertexts to send (once), or null if sent already or the value was dropped. */
  synchronized List<Ciphertext> takeInput() {
    List<Ciphertext> in = input;
    input = null;
    return in;
  }

  synchronized void setHandle(long h) {
    if (dropped) {
      owner.release(h);
    } else {
      handle = h;
    }
  }

  /** The matrix was collected: release the owner's copy (the Cleaner's thread). */
  synchronized void drop() {
    dropped = true;
    input = null;
    if (handle != 0) {
      owner.release(handle);
    }
  }
}
