package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.NoiseBudgetExhaustedException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The level at which the server asks for each owner upload and refresh output: the lowest that the
 * products it undergoes before its next refresh leave enough capacity for, so that fewer RNS
 * residues cross the link (and the server's products run on fewer primes).
 *
 * <p>Values are keyed by their <b>site</b> (operation, shape, bits and occurrence within the step,
 * the same every step; see {@link EncryptedArithmetic}). Every value the server computes carries
 * the sites of the sources it was computed from since their last refresh ({@link
 * EncryptedMatrix#lineage}). At every <b>endpoint</b> (a value sent to the refresher) the plan
 * reads the capacity that the noise model tracked through the server's actual operations ({@link
 * Ciphertext#capacity()}) and derives how many levels its sources could be lowered: BGV noise does
 * not depend on the level (a fresh encryption has the same noise at every level, a product adds
 * the operands' noise, a switch down by one prime removes that prime's bits from the noise and
 * from the modulus alike), so the same operations on sources {@code k} levels lower end with the
 * capacity less the bits of those {@code k} primes. A source takes the smallest lowering over all
 * endpoints it reaches; a site never seen at an endpoint stays at the top level. The first step
 * runs at the top level and learns; a model parameter's updates come with the canonical plaintext
 * factor of their level ({@link #markParameter}) and sources added to each other share a level
 * ({@link #tie}), both because BGV aligns the plaintext factors of a sum (changed by every switch
 * down) by a constant of up to t/2; each step's findings take effect at the next step
 * ({@link #commit}), so the plan follows the slow growth of the weights' noise (sums of updates):
 * a site whose endpoint comes within {@link #HEADROOM}/2 bits of the {@link #MARGIN} goes back up
 * a level.
 *
 * <p>Checks that fail loudly: an endpoint below {@link #MARGIN} bits of capacity throws {@link
 * NoiseBudgetExhaustedException} naming the endpoint and the levels of its sources (the server does
 * not send an undecryptable value), and a source received below the level asked for throws {@link
 * IllegalStateException}. Not thread-safe (the trainer's thread).
 */
final class LevelPlan {
  /** Bits of capacity every value must keep when it reaches the refresher (and the owner's decryption). */
  static final double MARGIN = 2;
  /**
   * Bits beyond {@link #MARGIN} that an endpoint must keep after a further lowering of its
   * sources: covers a fresh encryption's data-dependent noise (its plaintext's L1 norm, up to about
   * 2.1 bits per fresh operand at N = 16384) and the weights' noise growth between two steps.
   */
  static final double HEADROOM = 8;

  private final Context context;
  private final int top;
  /** Levels below the top, in effect this step. */
  private final Map<String, Integer> drop = new HashMap<>();
  /** Levels below the top found by this step's endpoints (the smallest per site). */
  private final Map<String, Integer> proposed = new HashMap<>();
  private final boolean enabled;
  /** Sites of model parameters and their updates: encrypted with the canonical factor of their level. */
  private final Set<String> parameters = new java.util.HashSet<>();
  /** The canonical plaintext factor per level (index l). */
  private final long[] canonical;
  /** Sites added to each other directly: one level for all (union-find parents). */
  private final Map<String, String> tied = new HashMap<>();

  /**
   * @param enabled false: every source at the top level (endpoints are still checked)
   */
  LevelPlan(Context context, boolean enabled) {
    this.context = context;
    this.top = context.maxLevel();
    this.enabled = enabled;
    this.canonical = new long[top + 1];
    io.fhe4j.math.Modulus tm = context.plaintextModulusArithmetic();
    long[] q = context.ciphertextPrimes();
    canonical[top] = 1;
    for (int l = top - 1; l >= 1; l--) {
      canonical[l] = tm.mul(canonical[l + 1], tm.inverse(tm.reduce(q[l])));
    }
  }

  /**
   * How to ask for the values of {@code site}: its level, and for a model parameter's sources the
   * canonical factor of that level (the factor a top-level ciphertext of factor 1 has after being
   * switched down to it), so that the parameter, whatever level it has reached, and the update
   * add without aligning their factors.
   */
  KeyHolder.Encoding encoding(String site) {
    int l = level(site);
    return new KeyHolder.Encoding(l, parameters.contains(site) ? canonical[l] : 1);
  }

  /** The level to ask for the values of {@code site}, in [1, L]. */
  int level(String site) {
    return top - drop.getOrDefault(site, 0);
  }

  /** A new step begins: the previous step's findings take effect (sites not found go back to the top). */
  void commit() {
    if (!enabled || proposed.isEmpty()) {
      return;
    }
    drop.clear();
    Map<String, Integer> group = new HashMap<>();
    for (Map.Entry<String, Integer> e : proposed.entrySet()) {
      group.merge(root(e.getKey()), e.getValue(), Math::min);
    }
    for (String s : proposed.keySet()) {
      int d = group.get(root(s));
      if (d > 0) {
        drop.put(s, d);
      }
    }
    proposed.clear();
  }

  /**
   * Marks the sources of a model parameter and of its update: a parameter is a running sum of its
   * updates (never refreshed itself), so its ciphertexts keep the factor of whatever level they
   * were switched to, and its updates are asked for with the canonical factor ({@link #encoding}):
   * BGV would otherwise align the factors of the sum by a constant of up to t/2 (about log2 t bits
   * of noise at every update; a first version lost 33 bits of capacity that way).
   */
  void markParameter(Set<String> sites) {
    parameters.addAll(sites);
  }

  /**
   * Gives the sources of {@code a} and {@code b}, which the server adds to each other, one level:
   * two fresh values at one level have the same plaintext factor (1); at different levels the
   * sum's factor alignment would cost up to log2 t bits.
   */
  void tie(Set<String> a, Set<String> b) {
    String ra = null;
    for (String s : a) {
      ra = ra == null ? root(s) : union(ra, s);
    }
    for (String s : b) {
      ra = ra == null ? root(s) : union(ra, s);
    }
  }

  private String union(String r, String s) {
    String rs = root(s);
    if (!rs.equals(r)) {
      tied.put(rs, r);
    }
    return r;
  }

  private String root(String s) {
    String r = s;
    for (String p = tied.get(r); p != null; p = tied.get(r)) {
      r = p;
    }
    return r;
  }

  /**
   * The views of a source of {@code site} as received in {@code encoding}: checks that none is
   * below the level asked for, and records the plaintext factor (the serialized form of a fresh
   * encryption carries factor 1; the owner encrypted {@code factor * value}).
   *
   * @throws IllegalStateException if a ciphertext is below the level asked for, or a factor was
   *     asked for and the ciphertext is neither at that level nor at the top (where factor 1 is the
   *     canonical one: an owner that ignores encodings answers there)
   */
  List<List<Ciphertext>> received(String site, KeyHolder.Encoding encoding, List<List<Ciphertext>> views) {
    int level = encoding.level() == 0 ? top : encoding.level();
    List<List<Ciphertext>> out = new java.util.ArrayList<>(views.size());
    for (List<Ciphertext> v : views) {
      List<Ciphertext> w = new java.util.ArrayList<>(v.size());
      for (Ciphertext c : v) {
        boolean relabel = encoding.factor() != 1 && c.level() == level;
        if (c.level() < level || (encoding.factor() != 1 && c.level() != level && c.level() != top)) {
          throw new IllegalStateException("the owner sent a value of site " + site + " at level " + c.level()
              + " where level " + level + (encoding.factor() != 1 ? " with factor " + encoding.factor() : "")
              + " was asked for: its consumers would run out of noise budget");
        }
        if (relabel) { // at the top (an owner that ignores encodings) factor 1 is the canonical one
          io.fhe4j.ring.DoubleCrt[] parts = new io.fhe4j.ring.DoubleCrt[c.size()];
          for (int i = 0; i < parts.length; i++) {
            parts[i] = c.part(i);
          }
          c = Ciphertext.restore(c.context(), parts, encoding.factor(), c.noiseBoundBits());
        }
        w.add(c);
      }
      out.add(w);
    }
    return out;
  }

  /**
   * An endpoint: a value of {@code lineage} about to be sent to the refresher, whose ciphertexts
   * have at least {@code capacity} bits left (before switching down). Checks it, and records how
   * far its sources may be lowered in the next steps.
   *
   * @throws NoiseBudgetExhaustedException if {@code capacity < MARGIN}
   */
  void endpoint(String what, Set<String> lineage, double capacity) {
    check(what, lineage, capacity);
    int d = 0;
    for (String s : lineage) {
      d = Math.max(d, drop.getOrDefault(s, 0));
    }
    int target = d;
    if (capacity < MARGIN + HEADROOM / 2) {
      target = Math.max(0, d - 1);
    } else {
      while (top - target - 1 >= 1
          && capacity - (context.logQ(top - d) - context.logQ(top - target - 1)) >= MARGIN + HEADROOM) {
        target++;
      }
    }
    for (String s : lineage) {
      proposed.merge(s, target, Math::min);
    }
  }

  /**
   * Checks that a value leaving the server (to the refresher or for the owner's decryption) keeps
   * {@link #MARGIN} bits of capacity.
   *
   * @throws NoiseBudgetExhaustedException naming {@code what} and the levels of its sources
   */
  void check(String what, Set<String> lineage, double capacity) {
    if (capacity < MARGIN) {
      StringBuilder levels = new StringBuilder();
      for (String s : lineage) {
        levels.append(levels.length() == 0 ? "" : ", ").append(s).append(" at level ").append(level(s));
      }
      throw new NoiseBudgetExhaustedException(String.format(Locale.ROOT, "%s: %.1f bits of capacity left, below the"
          + " %.0f the refresher needs; computed from %s of %d. A source was sent at too low a level or the circuit"
          + " between two refreshes is too deep for this modulus chain", what, capacity, MARGIN, levels, top));
    }
  }

  /** The levels in effect (site to level), for reports and tests. */
  Map<String, Integer> levels() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    drop.forEach((s, k) -> out.put(s, top - k));
    return out;
  }
}
