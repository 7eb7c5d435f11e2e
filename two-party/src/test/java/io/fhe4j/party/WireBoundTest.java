package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** A refresh item's clamp bound (issue 22) as the owner validates it: 0 (none) or in [1, t/2). */
class WireBoundTest {
  @Test
  void boundsInsideHalfTPassAndOthersAreInvalidArguments() {
    Context c = Fixtures.context();
    long t = c.plaintextModulus();
    assertEquals(0, Wire.bound(0, c));
    assertEquals(1, Wire.bound(1, c));
    assertEquals(t / 2 - 1, Wire.bound(t / 2 - 1, c));
    for (long bad : new long[] {-1, t / 2, t, Long.MAX_VALUE, Long.MIN_VALUE}) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> Wire.bound(bad, c));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains(Long.toString(bad)) && e.getMessage().contains("t/2"), e.getMessage());
    }
  }
}
