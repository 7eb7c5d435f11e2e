package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static io.fhe4j.io.IoFixtures.contextFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.Primes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forged contexts (valid checksum and digest, impossible or oversized parameters) are refused by
 * cheap checks, before the reader builds any table.
 */
class ForgedContextTest {
    /** Well under what building any real context costs: the checks allocate a few kilobytes. */
    private static final long CHEAP_BYTES = 1 << 20;
    private static final double CHEAP_MILLIS = 1000;

    /** Reads once to load and compile the code paths, then measures a second read. */
    private static Cost refusedCheaply(Class<? extends SerializationException> type, Runnable read) {
        Cost.of(read);
        Cost cost = Cost.of(read);
        assertTrue(type.isInstance(cost.thrown), () -> "expected " + type.getSimpleName() + ": " + cost);
        assertTrue(cost.bytes < CHEAP_BYTES && cost.millis() < CHEAP_MILLIS, cost::toString);
        return cost;
    }

    @Test
    void the613ByteForgeryOfTheIssueIsRefusedBeforeBuilding() throws Exception {
        long[] bogus = new long[64];
        for (int i = 0; i < bogus.length; i++) {
            bogus[i] = 12345 + 2 * i;
        }
        byte[] forged = contextFrame(1 << 18, 65537, 1, 64 * 60, 1, 0, 60, true, bogus, new long[] {99991});
        assertEquals(613, forged.length);
        BgvSerializer.readContext(BgvSerializer.toBytes(IoFixtures.SMALL), INSECURE_OK); // classes loaded outside
        refusedCheaply(LimitExceededException.class, () -> BgvSerializer.readContext(forged));
        refusedCheaply(LimitExceededException.class, () -> BgvSerializer.readContext(forged, INSECURE_OK));
        // within the residue limit, the bogus primes themselves are refused before building
        byte[] small = contextFrame(2048, 65537, 1, 64 * 60, 64, 0, 60, true, bogus, new long[] {99991});
        refusedCheaply(MalformedDataException.class, () -> BgvSerializer.readContext(small, INSECURE_OK));
    }

    @Test
    void genuinePrimesDoNotLiftTheResidueLimit() throws Exception {
        long[] primes = Primes.generate(60, 1 << 18, 64, List.of()).stream().mapToLong(Long::longValue).toArray();
        long[] special = Primes.generate(59, 1 << 18, 2, List.of()).stream().mapToLong(Long::longValue).toArray();
        for (int c : new int[] {1, 64}) {
            byte[] forged = contextFrame(1 << 18, 65537, 1, 64 * 60, c, 0, 60, true, primes, special);
            Cost cost = refusedCheaply(LimitExceededException.class, () -> BgvSerializer.readContext(forged, INSECURE_OK));
            assertTrue(cost.thrown.getMessage().contains("maxResidues"), cost.thrown.getMessage());
        }
        // m = 2^17 (N = 65536), 64 primes in 64 digits: 65536 x 67 residues, over 2^22
        long[] p17 = Primes.generate(60, 1 << 17, 64, List.of()).stream().mapToLong(Long::longValue).toArray();
        byte[] forged = contextFrame(1 << 17, 65537, 1, 64 * 60, 64, 0, 60, true, p17, special);
        refusedCheaply(LimitExceededException.class, () -> BgvSerializer.readContext(forged, INSECURE_OK));
    }

    @Test
    void aSmallContextClaimingSecurityItLacksNeedsTheOptIn() throws Exception {
        // SMALL's own parameters and primes: N = 1024 with 5 primes is far under 128 bits
        byte[] b = BgvSerializer.toBytes(IoFixtures.SMALL);
        Cost cost = refusedCheaply(InsecureContextException.class, () -> BgvSerializer.readContext(b));
        assertTrue(cost.thrown.getMessage().contains("allowInsecure()"), cost.thrown.getMessage());
    }
}
