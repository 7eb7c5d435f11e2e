package io.fhe4j.party;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.party.proto.Piece;
import io.fhe4j.party.proto.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ciphertexts of one refresh round's reply that arrive ahead of it as {@link Piece}s: each is
 * read (and checked: of the run's context, two parts) as it arrives, into the slot of the item,
 * layout and index the server asked for; a slot out of range or filled twice breaks the protocol.
 * When the reply comes, {@link #views} takes every layout's ciphertexts from the pieces (a reply
 * value with no ciphertexts) or from the reply itself, never a mix. Memory is bounded by what the
 * server asked. Pieces arrive on the thread reading the stream and are taken by the thread that
 * awaits the reply after it; the arrays are published through the reply's future.
 */
final class Pieces implements Consumer<Piece> {
  private final Context context;
  private final List<List<Layout>> asked;
  private final Ciphertext[][][] slots;
  private long count;
  private long bytes;

  /** The slots of a round asking {@code requests}. */
  Pieces(List<KeyHolder.RefreshRequest> requests, Context context) {
    this.context = context;
    this.asked = new ArrayList<>(requests.size());
    this.slots = new Ciphertext[requests.size()][][];
    for (int i = 0; i < requests.size(); i++) {
      List<Layout> ls = requests.get(i).layouts();
      asked.add(ls);
      slots[i] = new Ciphertext[ls.size()][];
      for (int j = 0; j < ls.size(); j++) {
        slots[i][j] = new Ciphertext[ls.get(j).ciphertexts()];
      }
    }
  }

  /**
   * Reads a piece into its slot.
   *
   * @throws ProtocolException if its slot is out of range or already filled, or its ciphertext is
   *     malformed or of another context
   */
  @Override
  public void accept(Piece p) {
    int item = p.getItem();
    int view = p.getView();
    int index = p.getIndex();
    if (item < 0 || item >= slots.length || view < 0 || view >= slots[item].length || index < 0
        || index >= slots[item][view].length) {
      throw ProtocolException.invalid("a piece for item " + Integer.toUnsignedString(item) + ", layout "
          + Integer.toUnsignedString(view) + ", ciphertext " + Integer.toUnsignedString(index)
          + ", outside what the round asked");
    }
    if (slots[item][view][index] != null) {
      throw ProtocolException.invalid("a second piece for item " + item + ", layout " + view + ", ciphertext " + index);
    }
    slots[item][view][index] = Wire.ciphertext(p.getCiphertext(), context);
    count++;
    bytes += p.getCiphertext().size();
  }

  /** Ciphertexts read from pieces. */
  long count() {
    return count;
  }

  /** Their serialized bytes. */
  long bytes() {
    return bytes;
  }

  /**
   * Item {@code item}'s views: for each layout asked, the reply's value (its layout must be the
   * one asked) with its ciphertexts, or if it has none, every ciphertext from the pieces.
   *
   * @throws ProtocolException if a layout differs, pieces are missing, or a value has both
   */
  List<List<Ciphertext>> views(int item, List<Value> values) {
    List<Layout> ls = asked.get(item);
    Wire.checkViewCount(values, ls);
    List<List<Ciphertext>> out = new ArrayList<>(ls.size());
    for (int j = 0; j < ls.size(); j++) {
      Value v = values.get(j);
      Ciphertext[] got = slots[item][j];
      boolean none = Arrays.stream(got).allMatch(c -> c == null);
      if (v.getCiphertextsCount() > 0) {
        if (!none) {
          throw ProtocolException.invalid("view " + j + " of item " + item + " came both in pieces and in the reply");
        }
        out.add(Wire.view(v, ls.get(j), j, context));
        continue;
      }
      Wire.checkLayout(v, ls.get(j), j, context);
      for (int k = 0; k < got.length; k++) {
        if (got[k] == null) {
          throw ProtocolException.invalid("the reply came without ciphertext " + k + " of view " + j + " of item "
              + item + " (" + got.length + " asked)");
        }
      }
      out.add(List.of(got));
    }
    return out;
  }
}
