package io.fhe4j.party;

import com.google.protobuf.ByteString;
import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ForeignContextException;
import io.fhe4j.io.SerializationException;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.party.proto.EncodingMsg;
import io.fhe4j.party.proto.LayoutMsg;
import io.fhe4j.party.proto.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversions between the protocol's messages and fhe4j's objects, with the checks a receiver
 * makes before it uses anything: a layout of known kind whose slots are the context's, at most
 * {@link #MAX_LAYOUTS} layouts a request, exactly the ciphertexts a layout needs, each one read by
 * {@link BgvSerializer} against the run's context (a foreign context is a FAILED_PRECONDITION),
 * relinearized (two parts), encodings of a level and a plaintext factor the context has. Stateless
 * and thread-safe.
 */
public final class Wire {
  /** Layouts one request may name. */
  public static final int MAX_LAYOUTS = 16;

  private Wire() {}

  /** The message of a layout. */
  public static LayoutMsg toMsg(Layout l) {
    return LayoutMsg.newBuilder().setKind(l.kind().name()).setRows(l.rows()).setCols(l.cols()).setParam(l.param())
        .setSlots(l.slots()).setBlocks(l.blocks()).build();
  }

  /**
   * The layout of a message, for {@code context}'s slot count.
   *
   * @throws ProtocolException INVALID_ARGUMENT if the kind is unknown or the sizes impossible
   */
  public static Layout layout(LayoutMsg m, Context context) {
    Layout.Kind kind;
    try {
      kind = Layout.Kind.valueOf(m.getKind());
    } catch (IllegalArgumentException e) {
      throw ProtocolException.invalid("unknown layout kind '" + abbreviate(m.getKind()) + "'");
    }
    if (m.getSlots() != context.n()) {
      throw ProtocolException.precondition("a layout of " + m.getSlots() + " slots, but the run's context has "
          + context.n());
    }
    try {
      return new Layout(kind, m.getRows(), m.getCols(), m.getParam(), m.getSlots(), m.getBlocks());
    } catch (RuntimeException e) {
      throw ProtocolException.invalid("impossible layout: " + e.getMessage());
    }
  }

  /** The layouts of a request, at most {@link #MAX_LAYOUTS}. */
  public static List<Layout> layouts(List<LayoutMsg> ms, Context context) {
    if (ms.size() > MAX_LAYOUTS) {
      throw ProtocolException.exhausted(ms.size() + " layouts in one request; at most " + MAX_LAYOUTS);
    }
    List<Layout> out = new ArrayList<>(ms.size());
    for (LayoutMsg m : ms) {
      out.add(layout(m, context));
    }
    return out;
  }

  /** The message of an encoding (the top level and no factor: the empty message). */
  public static EncodingMsg toMsg(KeyHolder.Encoding e) {
    return EncodingMsg.newBuilder().setLevel(e.level()).setFactor(e.factor() == 1 ? 0 : e.factor()).build();
  }

  /**
   * The encoding of a message, for {@code context}: level 0 (unset) is the top, else in [1, L];
   * factor 0 (unset) or 1 is none, else in [2, t) and invertible mod t. Checks only the numbers,
   * never a value: a refusal tells the peer nothing about the data.
   *
   * @throws ProtocolException INVALID_ARGUMENT naming the level or factor and the allowed range
   */
  public static KeyHolder.Encoding encoding(EncodingMsg m, Context context) {
    int top = context.maxLevel();
    if (m.getLevel() < 0 || m.getLevel() > top) {
      throw ProtocolException.invalid("encoding level " + m.getLevel() + " outside [1, " + top
          + "] (0 or unset: the top level " + top + ")");
    }
    long t = context.plaintextModulus();
    long f = m.getFactor() == 0 ? 1 : m.getFactor(); // uint64: a negative long is a factor above 2^63
    if (f < 1 || f >= t || gcd(f, t) != 1) {
      throw ProtocolException.invalid("encoding factor " + Long.toUnsignedString(m.getFactor()) + " is not in [1, "
          + t + ") or not invertible mod t = " + t + " (0 or unset: no factor)");
    }
    return new KeyHolder.Encoding(m.getLevel(), f);
  }

  /**
   * A refresh item's clamp bound, validated against the context: 0 (unset: no clamp) or in [1, t/2).
   *
   * @throws ProtocolException (INVALID_ARGUMENT) naming the bound and t otherwise
   */
  public static long bound(long bound, Context context) {
    long t = context.plaintextModulus();
    if (bound != 0 && (bound < 1 || bound >= t / 2)) {
      throw ProtocolException.invalid("refresh clamp bound " + bound + " is not in [1, t/2) = [1, " + (t / 2)
          + ") (0 or unset: no clamp)");
    }
    return bound;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /** The messages of layouts. */
  public static List<LayoutMsg> toMsgs(List<Layout> ls) {
    List<LayoutMsg> out = new ArrayList<>(ls.size());
    for (Layout l : ls) {
      out.add(toMsg(l));
    }
    return out;
  }

  /** A value's message: its layout and its ciphertexts serialized. */
  public static Value toValue(Layout l, List<Ciphertext> cts) {
    Value.Builder b = Value.newBuilder().setLayout(toMsg(l));
    for (Ciphertext c : cts) {
      b.addCiphertexts(ByteString.copyFrom(BgvSerializer.toBytes(c)));
    }
    return b.build();
  }

  /** A stored value's message. */
  public static Value toValue(Stored s) {
    return toValue(s.layout(), s.ciphertexts());
  }

  /**
   * A value read from a message: the layout checked, exactly {@code layout.ciphertexts()}
   * ciphertexts of {@code context}, each of two parts.
   *
   * @throws ProtocolException on any mismatch
   */
  public static Stored value(Value v, Context context) {
    Layout l = layout(v.getLayout(), context);
    if (v.getCiphertextsCount() != l.ciphertexts()) {
      throw ProtocolException.invalid("a value in " + l + " needs " + l.ciphertexts() + " ciphertexts, got "
          + v.getCiphertextsCount());
    }
    List<Ciphertext> cts = new ArrayList<>(l.ciphertexts());
    for (ByteString b : v.getCiphertextsList()) {
      cts.add(ciphertext(b, context));
    }
    return new Stored(l, List.copyOf(cts));
  }

  /** The values of a list of messages, each in the corresponding expected layout. */
  public static List<List<Ciphertext>> views(List<Value> vs, List<Layout> expected, Context context) {
    checkViewCount(vs, expected);
    List<List<Ciphertext>> out = new ArrayList<>(vs.size());
    for (int i = 0; i < vs.size(); i++) {
      out.add(view(vs.get(i), expected.get(i), i, context));
    }
    return out;
  }

  /**
   * Checks that a reply has one view per layout asked.
   *
   * @throws ProtocolException if the counts differ
   */
  static void checkViewCount(List<Value> vs, List<Layout> expected) {
    if (vs.size() != expected.size()) {
      throw ProtocolException.invalid(vs.size() + " views returned for " + expected.size() + " layouts asked");
    }
  }

  /**
   * The ciphertexts of view {@code i}, a value that must be in layout {@code expected}.
   *
   * @throws ProtocolException on any mismatch
   */
  static List<Ciphertext> view(Value v, Layout expected, int i, Context context) {
    Stored s = value(v, context);
    expectLayout(s.layout(), expected, i);
    return s.ciphertexts();
  }

  /**
   * Checks that view {@code i} is in layout {@code expected} (its ciphertexts unread).
   *
   * @throws ProtocolException if the layout is malformed or another
   */
  static void checkLayout(Value v, Layout expected, int i, Context context) {
    expectLayout(layout(v.getLayout(), context), expected, i);
  }

  private static void expectLayout(Layout got, Layout expected, int i) {
    if (!got.equals(expected)) {
      throw ProtocolException.invalid("view " + i + " is in " + got + ", asked " + expected);
    }
  }

  /**
   * One ciphertext of {@code context}, relinearized.
   *
   * @throws ProtocolException INVALID_ARGUMENT if malformed, FAILED_PRECONDITION if of another context
   */
  public static Ciphertext ciphertext(ByteString b, Context context) {
    Ciphertext c;
    try {
      c = BgvSerializer.readCiphertext(b.toByteArray(), context);
    } catch (ForeignContextException e) {
      throw ProtocolException.precondition("a ciphertext of another context: " + abbreviate(e.getMessage()));
    } catch (SerializationException e) {
      throw ProtocolException.invalid("malformed ciphertext (" + b.size() + " bytes): " + abbreviate(e.getMessage()));
    }
    if (c.size() != 2) {
      throw ProtocolException.invalid("a ciphertext of " + c.size() + " parts; the protocol carries relinearized"
          + " ciphertexts (2 parts)");
    }
    return c;
  }

  /** Serialized bytes of a list of values' ciphertexts. */
  static long bytes(List<Value> vs) {
    long n = 0;
    for (Value v : vs) {
      for (ByteString b : v.getCiphertextsList()) {
        n += b.size();
      }
    }
    return n;
  }

  /** Ciphertexts in a list of values. */
  static long count(List<Value> vs) {
    long n = 0;
    for (Value v : vs) {
      n += v.getCiphertextsCount();
    }
    return n;
  }

  /** A peer-supplied string cut to 80 characters for logs and errors. */
  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
