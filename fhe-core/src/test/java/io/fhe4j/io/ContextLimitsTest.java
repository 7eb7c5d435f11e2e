package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Presets;
import java.io.ByteArrayInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The reader's opt-in for insecure contexts and its residue limit. */
class ContextLimitsTest {
    @Test
    void insecureContextsNeedTheReadersOptIn() {
        byte[] b = BgvSerializer.toBytes(IoFixtures.SMALL);
        InsecureContextException e = assertThrows(InsecureContextException.class, () -> BgvSerializer.readContext(b));
        assertTrue(e.getMessage().contains("m = 2048") && e.getMessage().contains("allowInsecure()"), e.getMessage());
        assertThrows(InsecureContextException.class, () -> BgvSerializer.readContext(new ByteArrayInputStream(b)));
        assertThrows(InsecureContextException.class, () -> BgvSerializer.readContext(b, ContextLimits.defaults()));
        assertTrue(BgvSerializer.readContext(b, INSECURE_OK).sameAs(IoFixtures.SMALL));
        assertTrue(BgvSerializer.readContext(new ByteArrayInputStream(b), INSECURE_OK).sameAs(IoFixtures.SMALL));
    }

    @Test
    void secureContextsReadWithTheDefaultsAndRespectALowerResidueLimit() {
        Context secure = Presets.n8192().build(); // N = 8192, 4 ciphertext primes in 4 digits
        byte[] b = BgvSerializer.toBytes(secure);
        assertTrue(BgvSerializer.readContext(b).sameAs(secure));
        long residues = 8192L * (4 + 1 + 2);
        assertTrue(BgvSerializer.readContext(b, ContextLimits.defaults().maxResidues(residues)).sameAs(secure));
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> BgvSerializer.readContext(b, ContextLimits.defaults().maxResidues(residues - 1)));
        assertTrue(e.getMessage().contains(String.valueOf(residues)), e.getMessage());
        // a context built with allowInsecure() but secure is read without the opt-in
        Context flagged = Presets.n8192().allowInsecure().build();
        assertTrue(BgvSerializer.readContext(BgvSerializer.toBytes(flagged)).insecureAllowed());
    }

    @Test
    void limitsAreImmutableAndRangeChecked() {
        ContextLimits d = ContextLimits.defaults();
        assertFalse(d.insecureAllowed());
        assertEquals(ContextLimits.MAX_RESIDUES, d.maxResidues());
        ContextLimits lower = d.allowInsecure().maxResidues(1000);
        assertTrue(lower.insecureAllowed());
        assertEquals(1000, lower.maxResidues());
        assertFalse(d.insecureAllowed());
        assertThrows(IllegalArgumentException.class, () -> d.maxResidues(0));
        assertThrows(IllegalArgumentException.class, () -> d.maxResidues(ContextLimits.MAX_RESIDUES + 1));
    }

    /**
     * The bound on the special primes the builder picks ({@code ceil(L/c) + 2}) and the residue count
     * never refuse a context the builder made: random small parameter sets round-trip.
     */
    @Property(tries = 40)
    void everyBuiltContextRoundTrips(@ForAll @IntRange(min = 0, max = 2) int size, @ForAll @IntRange(min = 40, max = 700)
            int bits, @ForAll @IntRange(min = 1, max = 12) int c, @ForAll @IntRange(min = 30, max = 60) int primeBits) {
        Context ctx;
        try {
            ctx = new ContextBuilder().m(2048 << size).p(65537).bits(bits).c(c).primeBits(primeBits).allowInsecure()
                    .build();
        } catch (IllegalArgumentException notBuildable) {
            return; // c above the number of primes, primes too small for N, ...
        }
        byte[] b = BgvSerializer.toBytes(ctx);
        Context back = BgvSerializer.readContext(b, INSECURE_OK);
        assertArrayEquals(b, BgvSerializer.toBytes(back));
    }
}
